import { type Clock, systemClock } from "../cvm/clock";

/**
 * Runs `fn` after `ms` of `clock` time; returns a cancel function. On the wall clock the timer is
 * unref'd, so a progress ticker or a bake timer never keeps the provider's host process alive on
 * its own. Other clocks (tests) go through `clock.sleep` and stay deterministic.
 */
export function unrefTimer(clock: Clock, ms: number, fn: () => void): () => void {
    if (clock === systemClock) {
        const t = setTimeout(fn, Math.max(0, ms));
        t.unref();
        return () => clearTimeout(t);
    }
    let cancelled = false;
    void clock.sleep(ms).then(() => {
        if (!cancelled) fn();
    });
    return () => {
        cancelled = true;
    };
}
