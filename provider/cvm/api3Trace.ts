/**
 * How API 3.0 reads tell what happened to a reset: `LatestOperation`, `LatestOperationState` and
 * `LatestOperationRequestId` of the instance (https://www.tencentcloud.com/document/api/213/15753).
 * Only an operation carrying our request id is ours; someone else's is reported, never trusted.
 */
import type { InstanceView, ResetLocation, ResetTrace } from "./types";

export function api3TraceReset(requestId: string): (view: InstanceView) => ResetTrace {
    return (view) => {
        const op = view.latestOperation;
        if (!op || op.requestId !== requestId) {
            if (op?.requestId && op.name !== undefined && op.state !== "OPERATING" && op.name !== "ResetInstance") {
                return { state: "untraceable", label: `another operation (${op.name}) replaced ours as the latest one` };
            }
            const other = op?.state === "OPERATING" ? `; another operation (${op.name}) is in progress` : "";
            return { state: "pending", label: `waiting for our ResetInstance to show${other}` };
        }
        if (op.state === "OPERATING") return { state: "running", label: "reinstalling (OPERATING)" };
        if (op.state === "FAILED") {
            return { state: "failed", label: "FAILED", reason: `ResetInstance failed: ${op.errorMessage ?? "no reason given"}` };
        }
        return { state: "succeeded", label: "SUCCESS" };
    };
}

export function api3LocateReset(baseline: InstanceView, view: InstanceView): ResetLocation {
    const before = baseline.latestOperation?.requestId;
    const op = view.latestOperation;
    if (!op?.requestId || op.requestId === before) return { state: "absent", label: "no operation newer than the pre-flight read" };
    if (op.name === "ResetInstance") return { state: "found", requestId: op.requestId, label: `ResetInstance ${op.requestId} (${op.state ?? "?"})` };
    return { state: "untraceable", label: `another operation (${op.name ?? "unknown"}, ${op.requestId}) came after the pre-flight read` };
}
