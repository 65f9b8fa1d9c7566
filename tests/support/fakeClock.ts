import type { Clock } from "../../provider/cvm/clock";

/**
 * A clock that only moves when told. `sleep` resolves when `advance` passes its wake-up time, so
 * tests of waits and backoff run instantly and deterministically.
 */
export class FakeClock implements Clock {
    private sleepers: { at: number; resolve: () => void }[] = [];
    constructor(private time = Date.UTC(2026, 10, 28, 12, 0, 0)) {}

    now(): number {
        return this.time;
    }

    sleep(ms: number): Promise<void> {
        return new Promise((resolve) => {
            this.sleepers.push({ at: this.time + Math.max(0, ms), resolve });
        });
    }

    /** Moves time forward in steps, waking sleepers in order and letting their continuations run. */
    async advance(ms: number): Promise<void> {
        const end = this.time + ms;
        for (;;) {
            await flush();
            this.sleepers.sort((a, b) => a.at - b.at);
            const next = this.sleepers[0];
            if (!next || next.at > end) break;
            this.sleepers.shift();
            this.time = Math.max(this.time, next.at);
            next.resolve();
        }
        this.time = end;
        await flush();
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
            this.sleepers.sort((a, b) => a.at - b.at);
            const next = this.sleepers[0];
            if (!next) {
                await new Promise((r) => setImmediate(r));
                if (!settled && this.sleepers.length === 0)
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

async function flush(): Promise<void> {
    for (let i = 0; i < 10; i++) await Promise.resolve();
    await new Promise((r) => setImmediate(r));
}
