/**
 * Time, injected. Everything in `provider/cvm` that reads the time or waits takes a {@link Clock}, so
 * unit tests drive retries, backoff and rate limits with a fake clock and never sleep for real.
 * The provider's waiter reuses the same interface.
 */
export interface Clock {
    /** Milliseconds since the Unix epoch (same scale as `Date.now()`). */
    now(): number;
    /** Resolves after `ms` milliseconds of this clock's time. */
    sleep(ms: number): Promise<void>;
}

/** The wall clock: `Date.now()` and `setTimeout`. */
export const systemClock: Clock = {
    now: () => Date.now(),
    sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, ms))),
};
