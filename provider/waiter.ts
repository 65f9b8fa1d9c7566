import type { Clock } from "./cvm/clock";

/** What one observation means: done, failed for good, or keep polling. `label` is counted. */
export interface Verdict {
    state: "success" | "failure" | "retry";
    label: string;
    reason?: string;
}

export interface WaitOptions<T> {
    clock: Clock;
    random?: () => number;
    /** Absolute deadline (ms since epoch, on `clock`). */
    deadlineAt: number;
    /** The first poll comes within this delay (jittered). */
    firstDelayMs?: number;
    /** The interval grows to at most this. */
    maxDelayMs: number;
    factor?: number;
    /**
     * Returns an observation taken no later than about `dueAt` (a batcher may serve it earlier,
     * together with other resources' polls). The default sleeps until `dueAt`.
     */
    observe: (dueAt: number) => Promise<T>;
    judge: (observation: T) => Verdict;
    /** Called at least every `progressEveryMs` of waiting, and on every change of label. */
    onProgress?: (p: WaitProgress<T>) => void;
    progressEveryMs?: number;
}

export interface WaitProgress<T> {
    label: string;
    elapsedMs: number;
    remainingMs: number;
    polls: number;
    last: T;
}

export interface WaitOutcome<T> {
    state: "success" | "failure" | "timeout";
    reason?: string;
    last?: T;
    polls: number;
    elapsedMs: number;
    /** How many observations carried each label: what the waiter saw. */
    seen: Record<string, number>;
}

/** Delay before poll `n` (0-based): exponential, capped, with equal jitter (never below half). */
export function pollDelay(n: number, first: number, max: number, factor: number, random: () => number): number {
    const base = Math.min(max, first * factor ** n);
    return Math.round(base / 2 + (base / 2) * random());
}

/**
 * Polls until the judge says success or failure, or the deadline passes. Never throws for a
 * verdict: the caller decides what a failure or timeout means. Errors thrown by `observe` (after
 * the client's own retries) propagate.
 */
export async function waitFor<T>(o: WaitOptions<T>): Promise<WaitOutcome<T>> {
    const random = o.random ?? Math.random;
    const every = o.progressEveryMs ?? 30_000;
    // Capped at half the progress period so a progress line is due at least every `every` ms.
    const maxDelay = Math.min(o.maxDelayMs, every / 2);
    const first = Math.min(o.firstDelayMs ?? 1000, maxDelay);
    const factor = o.factor ?? 1.5;
    const start = o.clock.now();
    const seen: Record<string, number> = {};
    let polls = 0;
    let lastLabel = "";
    let lastReport = start;
    let last: T | undefined;
    for (;;) {
        const now = o.clock.now();
        const remaining = o.deadlineAt - now;
        if (remaining <= 0) return { state: "timeout", last, polls, elapsedMs: now - start, seen };
        last = await o.observe(now + Math.min(pollDelay(polls, first, maxDelay, factor, random), remaining));
        polls++;
        const verdict = o.judge(last);
        seen[verdict.label] = (seen[verdict.label] ?? 0) + 1;
        const at = o.clock.now();
        if (verdict.state !== "retry")
            return { state: verdict.state, reason: verdict.reason, last, polls, elapsedMs: at - start, seen };
        // Report now if waiting for the next poll could leave more than `every` ms without a line.
        if (o.onProgress && (verdict.label !== lastLabel || at - lastReport >= every - maxDelay)) {
            o.onProgress({ label: verdict.label, elapsedMs: at - start, remainingMs: o.deadlineAt - at, polls, last });
            lastReport = at;
        }
        lastLabel = verdict.label;
    }
}
