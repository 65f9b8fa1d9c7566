// Runs callbacks at simulated times, with one real timer for the earliest one. The timer is
// re-armed whenever the clock's speed changes or it jumps, and it never keeps the process alive.
import type { Clock } from "./clock";

interface Scheduled {
    at: number;
    run: () => void;
}

/** The real timer, injectable so the scheduler can be tested on a fake one. */
export interface Timers {
    /** Returns a handle for clear(); a Node timer handle is also unref'd so it never keeps the process alive. */
    set(fn: () => void, ms: number): object;
    clear(handle: unknown): void;
}

const REAL_TIMERS: Timers = {
    set: (fn, ms) => setTimeout(fn, ms),
    clear: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export class SimScheduler {
    private queue: Scheduled[] = [];
    private timer: object | undefined;
    private closed = false;
    private readonly unsubscribe: () => void;

    constructor(
        private readonly clock: Clock,
        private readonly timers: Timers = REAL_TIMERS,
    ) {
        this.unsubscribe = clock.onChange(() => this.arm());
    }

    /** Calls `run` once the simulated clock reaches `simSeconds` (at once when it already has). */
    at(simSeconds: number, run: () => void): void {
        if (this.closed) return;
        this.queue.push({ at: simSeconds, run });
        this.arm();
    }

    close(): void {
        this.closed = true;
        this.queue = [];
        if (this.timer) this.timers.clear(this.timer);
        this.timer = undefined;
        this.unsubscribe();
    }

    private arm(): void {
        if (this.timer) this.timers.clear(this.timer);
        this.timer = undefined;
        if (this.closed || this.queue.length === 0) return;
        const now = this.clock.nowSeconds();
        const earliest = Math.min(...this.queue.map((s) => s.at));
        const speed = this.clock.getSpeed();
        if (earliest > now && speed === 0) return; // frozen clock: only advance() moves it
        const delayMs = earliest <= now ? 0 : Math.ceil(((earliest - now) / speed) * 1000);
        this.timer = this.timers.set(() => this.fire(), Math.min(delayMs, 2 ** 31 - 1));
        (this.timer as { unref?: () => unknown }).unref?.();
    }

    private fire(): void {
        this.timer = undefined;
        const now = this.clock.nowSeconds() + 1e-6;
        const due = this.queue.filter((s) => s.at <= now);
        this.queue = this.queue.filter((s) => s.at > now);
        for (const s of due) {
            try {
                s.run();
            } catch {
                // A failing callback must not stop the others; the store reports its own problems.
            }
        }
        this.arm();
    }
}
