/**
 * Pure wire mapping for API 3.0 (`2017-03-12`): `DescribeInstances` → {@link InstanceView},
 * {@link ResetRequest} → `ResetInstance` body. Field names: reference `tencent-cvm-api.md` §2.5–2.8
 * (TCCLI `api.json`, Node SDK `cvm_models.ts`).
 */
import { platformOf } from "./legacyMapping";
import type { InstancePhase, InstanceView, LatestOperation, ResetRequest } from "./types";
import { asRecord, num, str } from "./wireValues";

const TRANSITIONAL = new Set(["PENDING", "STARTING", "STOPPING", "REBOOTING"]);
const GONE = new Set(["SHUTDOWN", "TERMINATING"]);

/**
 * InstanceState + LatestOperation* → phase. A reset in flight shows as RUNNING/STOPPED (or a
 * transitional state) with `LatestOperation=ResetInstance` and `LatestOperationState=OPERATING`.
 */
export function api3Phase(state: string, latestOperation?: string, latestOperationState?: string): InstancePhase {
    const operating = latestOperationState === "OPERATING";
    if (state === "RUNNING" || state === "STOPPED") {
        if (operating) return latestOperation === "ResetInstance" ? "reinstalling" : "busy";
        return state === "RUNNING" ? "running" : "stopped";
    }
    if (TRANSITIONAL.has(state)) return operating && latestOperation === "ResetInstance" ? "reinstalling" : "transitional";
    if (state === "LAUNCH_FAILED") return "faulty";
    if (GONE.has(state)) return "gone";
    return "unavailable"; // rescue mode, live migration, anything new
}

/** One `InstanceSet` entry → view. Returns `undefined` without an `InstanceId`. */
export function api3InstanceView(item: unknown): InstanceView | undefined {
    const record = asRecord(item);
    const instanceId = str(record.InstanceId);
    if (!instanceId) return undefined;
    const state = str(record.InstanceState) ?? "";
    const name = str(record.LatestOperation);
    const opState = str(record.LatestOperationState);
    const latestOperation: LatestOperation = {
        ...(name !== undefined ? { name } : {}),
        ...(opState === "OPERATING" || opState === "SUCCESS" || opState === "FAILED" ? { state: opState } : {}),
        ...(str(record.LatestOperationRequestId) !== undefined ? { requestId: str(record.LatestOperationRequestId)! } : {}),
        ...(str(record.LatestOperationErrorMsg) !== undefined ? { errorMessage: str(record.LatestOperationErrorMsg)! } : {}),
    };
    const imageId = str(record.ImageId);
    const osName = str(record.OsName);
    const rootSize = num(asRecord(record.SystemDisk).DiskSize);
    const platform = platformOf(osName);
    return {
        instanceId,
        phase: api3Phase(state, name, opState),
        rawStatus: state,
        ...(imageId !== undefined ? { imageId } : {}),
        ...(osName !== undefined ? { osName } : {}),
        ...(rootSize !== undefined ? { rootSize } : {}),
        ...(platform !== undefined ? { platform } : {}),
        ...(Object.keys(latestOperation).length > 0 ? { latestOperation } : {}),
    };
}

/** `ResetInstance` JSON body. Absent optional fields are not sent, so the API's defaults apply. */
export function api3ResetBody(request: ResetRequest): Record<string, unknown> {
    const body: Record<string, unknown> = { InstanceId: request.instanceId };
    if (request.imageId !== undefined) body.ImageId = request.imageId;
    if (request.rootSize !== undefined) body.SystemDisk = { DiskSize: request.rootSize };
    const login: Record<string, unknown> = {};
    if (request.password !== undefined) login.Password = request.password;
    if (request.keyIds !== undefined) login.KeyIds = [...request.keyIds];
    if (request.keepImageLogin !== undefined) login.KeepImageLogin = request.keepImageLogin ? "TRUE" : "FALSE";
    if (Object.keys(login).length > 0) body.LoginSettings = login;
    body.EnhancedService = {
        SecurityService: { Enabled: request.needSecurityAgent },
        MonitorService: { Enabled: request.needMonitorAgent },
    };
    if (request.hostName !== undefined) body.HostName = request.hostName;
    if (request.userData !== undefined) body.UserData = request.userData;
    return body;
}
