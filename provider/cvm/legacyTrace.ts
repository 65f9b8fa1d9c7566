/**
 * How legacy reads tell what happened to a reset: status 14 while reinstalling
 * (https://cloud.tencent.com/document/api/213/831) and the inferred task query. Legacy has no
 * latest-operation record, so a reset that started and ended between two reads leaves no trace.
 */
import type { InstanceView, ResetLocation, ResetTrace, TaskStatus } from "./types";

/** Polls a reset may go unseen (status never 14) before the task query's silence is accepted. */
const UNSEEN_GRACE_POLLS = 3;

export function legacyTraceReset(taskId: string): (view: InstanceView, task?: TaskStatus) => ResetTrace {
    let seenReinstalling = false;
    let unseenPolls = 0;
    return (view, task) => {
        if (view.phase === "reinstalling") {
            seenReinstalling = true;
            return { state: "running", label: "reinstalling (status 14)" };
        }
        if (task === "failed") {
            return {
                state: "failed",
                label: "task failed",
                reason: `reset task ${taskId} failed (the instance is back in status ${view.rawStatus})`,
            };
        }
        if (task === "running") return { state: "running", label: "task running" };
        if (seenReinstalling || task === "success")
            return { state: "succeeded", label: `done (status ${view.rawStatus})` };
        unseenPolls++;
        if (unseenPolls > UNSEEN_GRACE_POLLS)
            return { state: "succeeded", label: `never saw status 14 (status ${view.rawStatus})` };
        return { state: "pending", label: `not reinstalling yet (status ${view.rawStatus})` };
    };
}

export function legacyLocateReset(_baseline: InstanceView, view: InstanceView): ResetLocation {
    if (view.phase === "reinstalling") return { state: "found", label: "reinstalling (status 14)" };
    return { state: "absent", label: `not reinstalling (status ${view.rawStatus})` };
}
