import type { Clock } from "../../../provider/cvm/clock";

/** A manual clock: `sleep` resolves only when `advance` moves time past its deadline. */
export interface FakeClock extends Clock {
    advance(ms: number): Promise<void>;
    /** Advances to each pending deadline in turn until nothing sleeps (or `maxMs` is spent). */
    runAll(maxMs?: number): Promise<void>;
    sleepers(): number;
}

export function createFakeClock(start = 1_700_000_000_000): FakeClock {
    let now = start;
    const timers: Array<{ at: number; resolve: () => void }> = [];
    const flush = async () => {
        for (let i = 0; i < 20; i++) await Promise.resolve();
        await new Promise<void>((r) => setImmediate(r));
    };
    const fire = () => {
        timers.sort((a, b) => a.at - b.at);
        while (timers.length > 0 && timers[0]!.at <= now) timers.shift()!.resolve();
    };
    return {
        now: () => now,
        sleep(ms) {
            return new Promise<void>((resolve) => {
                timers.push({ at: now + Math.max(0, ms), resolve });
            });
        },
        async advance(ms) {
            const target = now + ms;
            await flush();
            for (;;) {
                timers.sort((a, b) => a.at - b.at);
                const next = timers[0];
                if (!next || next.at > target) break;
                now = Math.max(now, next.at);
                fire();
                await flush();
            }
            now = target;
            fire();
            await flush();
        },
        async runAll(maxMs = 24 * 3600_000) {
            const limit = now + maxMs;
            await flush();
            while (timers.length > 0) {
                timers.sort((a, b) => a.at - b.at);
                if (timers[0]!.at > limit) break;
                now = Math.max(now, timers[0]!.at);
                fire();
                await flush();
            }
        },
        sleepers: () => timers.length,
    };
}
