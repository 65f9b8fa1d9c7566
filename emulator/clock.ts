// Simulated time for tasks and transitional states. Readers ask the clock "what time is it" and
// settle state lazily; the few things that must happen without a read (a guest's listeners opening
// after its boot) are scheduled by SimScheduler, which listens for speed changes and jumps.
// Signature timestamps and nonces deliberately do NOT use this clock (they use real wall time).

export class Clock {
    private speed: number;
    private baseReal: number; // real ms when `baseSim` was taken
    private baseSim = 0; // simulated seconds at `baseReal`
    private readonly epochMs: number; // real wall time at which simulated time 0 happened
    private readonly listeners = new Set<() => void>();

    constructor(
        speed = 1,
        private readonly realNow: () => number = Date.now,
    ) {
        assertSpeed(speed);
        this.speed = speed;
        this.baseReal = realNow();
        this.epochMs = this.baseReal;
    }

    /** Simulated seconds since the emulator started. */
    nowSeconds(): number {
        return this.baseSim + ((this.realNow() - this.baseReal) / 1000) * this.speed;
    }

    /** Simulated wall time (epoch ms): used for statusTime / CreatedTime style fields. */
    wallMs(simSeconds = this.nowSeconds()): number {
        return this.epochMs + simSeconds * 1000;
    }

    getSpeed(): number {
        return this.speed;
    }

    /** Rebase first so that changing the speed never makes simulated time jump. */
    setSpeed(speed: number): void {
        assertSpeed(speed);
        this.baseSim = this.nowSeconds();
        this.baseReal = this.realNow();
        this.speed = speed;
        this.notify();
    }

    advance(seconds: number): void {
        if (!Number.isFinite(seconds) || seconds < 0)
            throw new Error(`advance: seconds must be a finite number >= 0, got ${seconds}`);
        this.baseSim += seconds;
        this.notify();
    }

    /** Called after every speed change or jump; returns the unsubscribe function. */
    onChange(listener: () => void): () => void {
        this.listeners.add(listener);
        return () => this.listeners.delete(listener);
    }

    private notify(): void {
        for (const listener of [...this.listeners]) listener();
    }
}

function assertSpeed(speed: number): void {
    if (!Number.isFinite(speed) || speed < 0) throw new Error(`clock speed must be a finite number >= 0, got ${speed}`);
}
