/**
 * One status read during a wait, and the wait's progress line. A read that is throttled, busy or
 * dropped after the client's own retries does not end a wait: the quota window is a minute and each
 * `pulumi` command starts a fresh host that cannot know what earlier commands spent; only the
 * deadline ends it. Other errors (bad credentials, permissions) propagate.
 */
import { isCvmApiError, isCvmTransportError } from "../cvm/errors";
import type { InstanceView } from "../cvm/types";
import { formatDuration } from "../progress";
import { waitFor, type Verdict, type WaitOutcome, type WaitProgress } from "../waiter";
import type { ReinstallOperation } from "./operation";

export interface Observation {
    view: InstanceView | undefined;
    /** The read failed in a way worth retrying: nothing is known about the instance this time. */
    pollError?: string;
}

export async function observeTolerantly(op: ReinstallOperation, dueAt?: number): Promise<Observation> {
    try {
        return { view: await op.observe(dueAt) };
    } catch (error) {
        if ((isCvmApiError(error) && error.retryable) || isCvmTransportError(error)) {
            return { view: undefined, pollError: `${error.name} ${error.code}` };
        }
        throw error;
    }
}

/** Polls the instance until `judge` decides or `deadlineAt` passes; failed reads are retried. */
export function pollInstance(
    op: ReinstallOperation,
    judge: (view: InstanceView | undefined) => Verdict,
    options: { deadlineAt?: number; firstDelayMs?: number } = {},
): Promise<WaitOutcome<Observation>> {
    const { ctx } = op;
    return waitFor<Observation>({
        clock: ctx.clock,
        random: ctx.random,
        deadlineAt: options.deadlineAt ?? op.deadlineAt,
        maxDelayMs: ctx.pollMaxMs,
        ...(options.firstDelayMs !== undefined ? { firstDelayMs: options.firstDelayMs } : {}),
        observe: (dueAt) => observeTolerantly(op, dueAt),
        judge: (obs) =>
            obs.pollError !== undefined
                ? { state: "retry", label: `status read failed (${obs.pollError}); retrying` }
                : judge(obs.view),
        onProgress: progressLine(op),
    });
}

function progressLine(op: ReinstallOperation): (p: WaitProgress<Observation>) => void {
    return (p) =>
        op.say(
            `${p.label}; ${formatDuration(p.elapsedMs)} elapsed, deadline in ${formatDuration(p.remainingMs)}, ${p.polls} polls`,
        );
}
