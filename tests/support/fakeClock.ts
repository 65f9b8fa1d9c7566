import type { Clock } from "../../provider/cvm/clock";

/**
 * A clock that only moves when told. `sleep` resolves when `advance` passes its wake-up time, so
 * tests of waits and backoff run instantly and deterministically.
 */
export class FakeClock implements Clock {
    private waiting: { at: number; resolve: () => void }[] = [];
    constructor(private time = Date.UTC(2026, 10, 28, 12, 0, 0)) {}

    now(): number {
        return this.time;
    }

    sleep(ms: number): Promise<void> {
        return new Promise((resolve) => {
            this.waiting.push({ at: this.time + Math.max(0, ms), resolve });
        });
    }

    /** Moves time forward in steps, waking sleepers in order and letting their continuations run. */
    async advance(ms: number): Promise<void> {
        const end = this.time + ms;
        for (;;) {
            await flush();
            this.waiting.sort((a, b) => a.at - b.at);
            const next = this.waiting[0];
            if (!next || next.at > end) break;
            this.waiting.shift();
            this.time = Math.max(this.time, next.at);
            next.resolve();
        }
        this.time = end;
        await flush();
    }

    /** Advances to each pending wake-up in turn until nothing sleeps (or `maxMs` of fake time is spent). */
    async runAll(maxMs = 24 * 3600_000): Promise<void> {
        const limit = this.time + maxMs;
        await flush();
        for (;;) {
            this.waiting.sort((a, b) => a.at - b.at);
            const next = this.waiting[0];
            if (!next || next.at > limit) break;
            await this.advance(next.at - this.time);
        }
    }

    /** How many sleeps are pending. */
    sleepers(): number {
        return this.waiting.length;
    }

    /** Runs until `promise` settles, advancing to each next wake-up; fails after `limitMs` of fake time. */
    async run<T>(promise: Promise<T>, limitMs = 24 * 3600_000): Promise<T> {
        let settled = false;
        const tracked = promise.finally(() => {
            settled = true;
        });
        tracked.catch(() => undefined);
        const start = this.time;
        while (!settled) {
            await flush();
            if (settled) break;
            this.waiting.sort((a, b) => a.at - b.at);
            const next = this.waiting[0];
            if (!next) {
                await new Promise((r) => setImmediate(r));
                if (!settled && this.waiting.length === 0)
                    throw new Error("FakeClock.run: nothing scheduled and the promise is not settled");
                continue;
            }
            if (next.at - start > limitMs)
                throw new Error(`FakeClock.run: still pending after ${limitMs} ms of fake time`);
            await this.advance(next.at - this.time);
        }
        return tracked;
    }
}

/** The one fake clock of every layer; `start` defaults to a fixed instant. */
export function createFakeClock(start?: number): FakeClock {
    return new FakeClock(start);
}

async function flush(): Promise<void> {
    for (let i = 0; i < 20; i++) await Promise.resolve();
    await new Promise((r) => setImmediate(r));
}
