/**
 * Pure wire mapping for API 3.0 (`2017-03-12`): `DescribeInstances` → {@link InstanceView},
 * {@link ResetRequest} → `ResetInstance` / `InquiryPriceResetInstance` body. Field names:
 * https://www.tencentcloud.com/document/api/213/15728 (Instance) and
 * https://www.tencentcloud.com/document/api/213/15724 (ResetInstance).
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
    if (TRANSITIONAL.has(state))
        return operating && latestOperation === "ResetInstance" ? "reinstalling" : "transitional";
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
        ...(str(record.LatestOperationRequestId) !== undefined
            ? { requestId: str(record.LatestOperationRequestId)! }
            : {}),
        ...(str(record.LatestOperationErrorMsg) !== undefined
            ? { errorMessage: str(record.LatestOperationErrorMsg)! }
            : {}),
    };
    const imageId = str(record.ImageId);
    const osName = str(record.OsName);
    const rootSize = num(asRecord(record.SystemDisk).DiskSize);
    const platform = platformOf(osName);
    const privateIp = firstString(record.PrivateIpAddresses);
    const publicIp = firstString(record.PublicIpAddresses); // null when the instance has none
    return {
        instanceId,
        phase: api3Phase(state, name, opState),
        rawStatus: state,
        ...(imageId !== undefined ? { imageId } : {}),
        ...(osName !== undefined ? { osName } : {}),
        ...(rootSize !== undefined ? { rootSize } : {}),
        ...(platform !== undefined ? { platform } : {}),
        ...(Object.keys(latestOperation).length > 0 ? { latestOperation } : {}),
        tags: api3Tags(record.Tags),
        ...(privateIp !== undefined ? { privateIp } : {}),
        ...(publicIp !== undefined ? { publicIp } : {}),
        aliases: [instanceId],
    };
}

/** `Tags: [{Key, Value}]` → `Key` → `Value` (absent or null: no tags). */
function api3Tags(value: unknown): Readonly<Record<string, string>> {
    const tags: Record<string, string> = {};
    if (!Array.isArray(value)) return tags;
    for (const item of value) {
        const { Key, Value } = asRecord(item);
        if (typeof Key === "string" && Key !== "") tags[Key] = typeof Value === "string" ? Value : "";
    }
    return tags;
}

function firstString(value: unknown): string | undefined {
    return Array.isArray(value) ? value.map(str).find((s) => s !== undefined) : undefined;
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

/**
 * `InquiryPriceResetInstance` body: the reset's, minus `HostName`, which that action does not take
 * (https://www.tencentcloud.com/document/product/213/33252).
 */
export function api3InquiryBody(request: ResetRequest): Record<string, unknown> {
    const { HostName: _hostName, ...body } = api3ResetBody(request);
    return body;
}
