/**
 * How API 3.0 reads tell what happened to a reset: `LatestOperation`, `LatestOperationState` and
 * `LatestOperationRequestId` of the instance (https://www.tencentcloud.com/document/api/213/15753).
 * Only an operation carrying our request id is ours; someone else's is reported, never trusted.
 */
import type { InstanceView, ResetLocation, ResetTrace } from "./types";

export function api3TraceReset(requestId: string, baseline?: InstanceView): (view: InstanceView) => ResetTrace {
    const before = baseline?.latestOperation?.requestId;
    return (view) => {
        const op = view.latestOperation;
        if (op?.requestId === requestId) {
            if (op.state === "OPERATING") return { state: "running", label: "reinstalling (OPERATING)" };
            if (op.state === "FAILED") {
                return {
                    state: "failed",
                    label: "FAILED",
                    reason: `ResetInstance failed: ${op.errorMessage ?? "no reason given"}`,
                };
            }
            return { state: "succeeded", label: "SUCCESS" };
        }
        // A read that still shows the operation before ours lags; any other one came after ours.
        if (!op?.requestId || op.requestId === before)
            return { state: "pending", label: "waiting for our ResetInstance to show" };
        return {
            state: "untraceable",
            label: `another operation (${op.name ?? "unknown"}, ${op.requestId}) replaced ours as the latest one`,
        };
    };
}

export function api3LocateReset(baseline: InstanceView, view: InstanceView): ResetLocation {
    const before = baseline.latestOperation?.requestId;
    const op = view.latestOperation;
    if (!op?.requestId || op.requestId === before)
        return { state: "absent", label: "no operation newer than the pre-flight read" };
    if (op.name === "ResetInstance")
        return { state: "found", requestId: op.requestId, label: `ResetInstance ${op.requestId} (${op.state ?? "?"})` };
    return {
        state: "untraceable",
        label: `another operation (${op.name ?? "unknown"}, ${op.requestId}) came after the pre-flight read`,
    };
}
