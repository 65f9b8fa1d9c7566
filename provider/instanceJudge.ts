import type { Dialect, InstanceView, TaskStatus } from "./cvm/types";
import type { Verdict } from "./waiter";

/** A pre-flight verdict: may a reset start now, must we wait, or can it never start? */
export function judgeResettable(obs: Observation): Verdict {
    const failed = pollFailed(obs);
    if (failed) return failed;
    const view = obs.view;
    if (!view) return { state: "failure", label: "missing", reason: "not found" };
    switch (view.phase) {
        case "running":
        case "stopped":
            return { state: "success", label: view.phase };
        case "reinstalling":
        case "transitional":
        case "busy":
            return { state: "retry", label: `${view.phase} (status ${view.rawStatus})` };
        default:
            return { state: "failure", label: view.phase, reason: `is ${view.phase} (status ${view.rawStatus}); a reinstall needs it running or stopped` };
    }
}

/**
 * One poll: the instance (undefined: it does not exist) and, legacy only, what the task query
 * said. `pollError` means the read itself failed in a way worth retrying (throttling, a busy API,
 * a dropped connection): nothing is known about the instance this time.
 */
export interface Observation {
    view: InstanceView | undefined;
    task?: TaskStatus;
    pollError?: string;
}

/** Status reads that failed but may succeed later keep a wait going; the deadline bounds them. */
function pollFailed(obs: Observation): Verdict | undefined {
    return obs.pollError === undefined ? undefined : { state: "retry", label: `status read failed (${obs.pollError}); retrying` };
}

/** Polls a legacy reset may go unseen (status never 14) before the instance's state is trusted. */
export const UNSEEN_GRACE_POLLS = 3;

/**
 * Judges progress of OUR reset. API 3.0: only an operation whose request id is ours counts
 * (someone else's operation is reported, not trusted). Legacy: status 14 while reinstalling; over
 * when it leaves 14, when the (inferred) task query says so, or after a grace of polls that never
 * saw 14 (the image check that follows decides then).
 */
export function judgeReset(
    dialect: Dialect,
    requestId: string | undefined,
    obs: Observation,
    seen: { reinstalling: boolean; unseenPolls: number },
): Verdict {
    const failed = pollFailed(obs);
    if (failed) return failed;
    const view = obs.view;
    if (!view) return { state: "failure", label: "missing", reason: "the instance vanished while it was being reinstalled" };
    if (view.phase === "faulty") return { state: "failure", label: "faulty", reason: `the instance became faulty (status ${view.rawStatus})` };
    if (dialect === "2017-03-12") {
        const op = view.latestOperation;
        if (!op || op.requestId !== requestId) {
            const other = op?.state === "OPERATING" ? `; another operation (${op.name}) is in progress` : "";
            return { state: "retry", label: `waiting for our ResetInstance to show${other}` };
        }
        if (op.state === "OPERATING") return { state: "retry", label: "reinstalling (OPERATING)" };
        if (op.state === "FAILED") return { state: "failure", label: "FAILED", reason: `ResetInstance failed: ${op.errorMessage ?? "no reason given"}` };
        return { state: "success", label: "SUCCESS" };
    }
    if (view.phase === "reinstalling") return { state: "retry", label: "reinstalling (status 14)" };
    if (obs.task === "failed") return { state: "failure", label: "task failed", reason: `reset task ${requestId} failed (the instance is back in status ${view.rawStatus})` };
    if (obs.task === "running") return { state: "retry", label: "task running" };
    if (seen.reinstalling || obs.task === "success") return { state: "success", label: `done (status ${view.rawStatus})` };
    if (seen.unseenPolls >= UNSEEN_GRACE_POLLS) return { state: "success", label: `never saw status 14 (status ${view.rawStatus})` };
    return { state: "retry", label: `not reinstalling yet (status ${view.rawStatus})` };
}
