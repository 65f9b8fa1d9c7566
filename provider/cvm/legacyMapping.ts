/**
 * Pure wire mapping for the legacy v2 dialect: `DescribeInstances` items → {@link InstanceView},
 * {@link ResetRequest} → `ResetInstances` parameters, task status. Field names and codes: the legacy
 * CVM API pages (https://cloud.tencent.com/document/api/213/831): ResetInstances, and DescribeInstances
 * (`unInstanceId`, `instanceId`, `lanIp`, `wanIpSet`, `unImgId`, `os`, `status`, `diskInfo`).
 */
import type { InstancePhase, InstanceView, ResetRequest, TaskStatus } from "./types";
import { asRecord, num, str } from "./wireValues";

/** Legacy `status` → phase (the status table of the legacy DescribeInstances page). */
export function legacyPhase(status: number): InstancePhase {
    if (status === 2) return "running";
    if (status === 4) return "stopped";
    if (status === 14) return "reinstalling";
    if (status === 3 || status === 7 || status === 8 || status === 9) return "transitional"; // creating, rebooting, starting, stopping
    if ((status >= 10 && status <= 13) || (status >= 15 && status <= 20)) return "busy";
    if (status === 1 || status === -1) return "faulty";
    if (status === 5 || status === 6) return "gone";
    return "unavailable"; // 21 (maintenance) and anything unknown
}

/** Windows images have stricter password rules; the OS name is the only hint the API gives. */
export function platformOf(osName: string | undefined): "linux" | "windows" | undefined {
    if (!osName) return undefined;
    return /windows/i.test(osName) ? "windows" : "linux";
}

/** One `instanceSet` item → view. Returns `undefined` for an item without any id. */
export function legacyInstanceView(item: unknown): InstanceView | undefined {
    const record = asRecord(item);
    const id = str(record.unInstanceId) ?? str(record.instanceId);
    if (!id) return undefined;
    const rawStatus = typeof record.status === "number" ? record.status : Number(record.status);
    const disk = Array.isArray(record.diskInfo) ? asRecord(record.diskInfo[0]) : asRecord(record.diskInfo);
    const rootSize = num(disk.rootSize);
    const osName = str(record.os);
    const platform = platformOf(osName);
    const imageId = str(record.unImgId);
    const privateIp = str(record.lanIp);
    const publicIp = Array.isArray(record.wanIpSet)
        ? record.wanIpSet.map(str).find((ip) => ip !== undefined)
        : undefined;
    const aliases = [
        ...new Set([str(record.unInstanceId), str(record.instanceId)].filter((a): a is string => a !== undefined)),
    ];
    return {
        instanceId: id,
        phase: Number.isFinite(rawStatus) ? legacyPhase(rawStatus) : "unavailable",
        rawStatus: Number.isFinite(rawStatus) ? rawStatus : String(record.status),
        ...(imageId !== undefined ? { imageId } : {}),
        ...(osName !== undefined ? { osName } : {}),
        ...(rootSize !== undefined ? { rootSize } : {}),
        ...(platform !== undefined ? { platform } : {}),
        ...(privateIp !== undefined ? { privateIp } : {}),
        ...(publicIp !== undefined ? { publicIp } : {}),
        aliases,
    };
}

/** Adds `item` under every id it has: its `unInstanceId` and its old `qcvm…` `instanceId`. */
export function addLegacyInstance(into: Map<string, InstanceView>, item: unknown): void {
    const view = legacyInstanceView(item);
    if (!view) return;
    for (const alias of view.aliases ?? [view.instanceId]) into.set(alias, view);
}

/** `DescribeInstances` action parameters for one chunk (≤100 ids, `instanceIds.N` 0-based). */
export function legacyDescribeParams(instanceIds: readonly string[]): Record<string, string | number> {
    const params: Record<string, string | number> = { offset: 0, limit: 100 };
    instanceIds.forEach((id, index) => (params[`instanceIds.${index}`] = id));
    return params;
}

/** `ResetInstances` action parameters: booleans as 1/0, `imageType` only with `imageId`. */
export function legacyResetParams(request: ResetRequest): Record<string, string | number> {
    const unsupported = (["keyIds", "keepImageLogin", "hostName", "userData"] as const).filter(
        (k) => request[k] !== undefined,
    );
    if (unsupported.length > 0) {
        throw new TypeError(
            `ResetInstances (legacy API) has no ${unsupported.join(", ")}; use the API 3.0 dialect for them`,
        );
    }
    const params: Record<string, string | number> = { instanceId: request.instanceId };
    if (request.imageId !== undefined) {
        params.imageId = request.imageId;
        params.imageType = request.imageType ?? 2;
    }
    if (request.password !== undefined) params.password = request.password;
    params.needSecurityAgent = request.needSecurityAgent ? 1 : 0;
    params.needMonitorAgent = request.needMonitorAgent ? 1 : 0;
    if (request.rootSize !== undefined) params.rootSize = request.rootSize;
    return params;
}

/**
 * `DescribleTaskResult` (Tencent's spelling, from the old CLI; response shape inferred from the other
 * legacy task queries): `data.status` 0 success, 1 failed, 2 running; anything else unknown.
 */
export function legacyTaskStatus(body: unknown): TaskStatus {
    const status = num(asRecord(asRecord(body).data).status);
    if (status === 0) return "success";
    if (status === 1) return "failed";
    if (status === 2) return "running";
    return "unknown";
}
