// Legacy actions: ResetInstances and DescribeInstances (documented), DescribleTaskResult (inferred).
import type { Cloud } from "./cloud";
import { IMAGE_ID_PATTERN } from "./images";
import { LegacyError } from "./legacyErrors";
import { LEGACY_STATUS, legacyItem, legacyStatus, legacyStatusOf } from "./legacyView";
import { passwordProblem } from "./passwordRules";
import type { ResetGate } from "./pipeline";
import { type Region, regionFromAny } from "./regions";

export const LEGACY_ACTIONS = ["ResetInstances", "DescribeInstances", "DescribleTaskResult"] as const;

type Params = Readonly<Record<string, string>>;

const SUCCESS = { code: 0, message: "", codeDesc: "Success" };

export function legacyAction(cloud: Cloud, action: string, p: Params, gate: ResetGate): Record<string, unknown> {
    switch (action) {
        case "ResetInstances":
            return resetInstances(cloud, requireRegion(p), p, gate);
        case "DescribeInstances":
            return describeInstances(cloud, requireRegion(p), p);
        case "DescribleTaskResult":
            if (p.Region !== undefined && p.Region !== "") requireRegion(p);
            return describleTaskResult(cloud, p);
        default:
            throw new LegacyError("InvalidAction", `unknown Action ${JSON.stringify(action)}`);
    }
}

/** Instance ids a legacy request names (for the request log and fault matching). */
export function legacyInstanceIds(p: Params): string[] {
    if (p.instanceId !== undefined) return [p.instanceId];
    return indexedValues(p, "instanceIds");
}

function requireRegion(p: Params): Region {
    if (p.Region === undefined || p.Region === "")
        throw new LegacyError("InvalidParameter", "missing common parameter: Region");
    const region = regionFromAny(p.Region);
    if (!region) throw new LegacyError("InvalidParameter.InvalidRegion", `unknown Region ${JSON.stringify(p.Region)}`);
    return region;
}

function resetInstances(cloud: Cloud, region: Region, p: Params, gate: ResetGate): Record<string, unknown> {
    const { store } = cloud;
    if (p.instanceId === undefined || p.instanceId === "")
        throw new LegacyError("InvalidParameter", "instanceId is required");
    if (p.imageType !== undefined) {
        if (p.imageId === undefined)
            throw new LegacyError("InvalidParameter.MissImageId", "imageType must be given together with imageId");
        if (!/^[1-4]$/.test(p.imageType))
            throw new LegacyError("InvalidParameter.InvalidImageType", "imageType must be 1, 2, 3 or 4");
    }
    for (const name of ["needSecurityAgent", "needMonitorAgent"]) {
        if (p[name] !== undefined && p[name] !== "0" && p[name] !== "1")
            throw new LegacyError("InvalidParameter", `${name} must be 0 or 1`);
    }
    let rootSize: number | undefined;
    if (p.rootSize !== undefined) {
        if (!/^\d+$/.test(p.rootSize) || Number(p.rootSize) <= 0)
            throw new LegacyError("InvalidParameter", "rootSize must be a positive integer (GB)");
        rootSize = Number(p.rootSize);
    }

    const inst = store.get(p.instanceId, region.long);
    if (!inst)
        throw new LegacyError(
            "InvalidInstanceId.NotFound",
            `instance ${p.instanceId} does not exist in region ${p.Region}`,
        );
    const imageId = p.imageId ?? inst.imageId;
    const image = IMAGE_ID_PATTERN.test(imageId) ? store.image(imageId) : undefined;
    if (!image) throw new LegacyError("InvalidParameter.InvalidImageId", `image ${imageId} does not exist`);

    const status = legacyStatus(store, inst);
    if (status !== LEGACY_STATUS.RUNNING && status !== LEGACY_STATUS.STOPPED) {
        throw new LegacyError(
            "OperationConstraints.InvaildInstanceStatus",
            `instance status ${status} does not allow a reinstall (needs 2 or 4)`,
        );
    }
    if (rootSize !== undefined && rootSize < inst.rootSize) {
        throw new LegacyError(
            "InvalidParameter.RootSizeCannotShrink",
            `the system disk cannot shrink: rootSize ${rootSize} GB is smaller than the current ${inst.rootSize} GB`,
        );
    }
    if (p.password !== undefined) {
        const problem = passwordProblem("legacy", image.platform, p.password);
        if (problem) throw new LegacyError("InvalidParameter.PasswordNotConformSpecs", problem);
    }
    if (!cloud.balanceOk)
        throw new LegacyError(
            "OperationConstraints.AccountBalanceNotEnough",
            "your balance is insufficient, please top up first",
        );

    const fault = gate.taskFault();
    // The task id is the request id; it is fixed now, even when an applyLate fault starts the task later.
    const taskId = store.reserveTaskId();
    gate.start(inst, {
        via: "legacy",
        taskId,
        imageId: image.imageId,
        rootSize,
        outcome: fault === "taskFail" || fault === "faulty" ? fault : "success",
    });
    if (fault === "vanish") store.remove(inst.instanceId);
    return { ...SUCCESS, requestId: cloud.requestIds.legacyTaskId(taskId) };
}

function describeInstances(cloud: Cloud, region: Region, p: Params): Record<string, unknown> {
    const ids = indexedValues(p, "instanceIds");
    if (ids.length > 100) throw new LegacyError("InvalidParameter", "at most 100 instanceIds per request");
    const offset = intParam(p, "offset", 0, 0, Number.MAX_SAFE_INTEGER);
    const limit = intParam(p, "limit", 20, 1, 100);
    let status: number | undefined;
    if (p.status !== undefined) {
        if (!/^-?\d+$/.test(p.status)) throw new LegacyError("InvalidParameter", "status must be an integer");
        status = Number(p.status);
    }
    const search = p.searchWord?.toLowerCase();

    const { store, clock } = cloud;
    const matching = store
        .list(region.long)
        .filter(
            (i) => ids.length === 0 || ids.includes(i.instanceId) || (i.oldId !== undefined && ids.includes(i.oldId)),
        )
        .map((i) => store.observe(i, cloud.readLagSeconds(i.instanceId)))
        .filter((o) => status === undefined || legacyStatusOf(o) === status)
        .filter((o) => !search || o.inst.name.toLowerCase().includes(search) || o.inst.instanceId.includes(search));
    return {
        ...SUCCESS,
        totalCount: matching.length,
        instanceSet: matching.slice(offset, offset + limit).map((o) => legacyItem(store, clock, o)),
    };
}

/**
 * INFERRED, not documented by Tencent: the old qcloudcli knows `DescribleTaskResult(taskId)` but
 * no response shape is published. Modelled on other legacy task queries (CLB): data.status
 * 0 success, 1 failed, 2 running. The response message says so too.
 */
function describleTaskResult(cloud: Cloud, p: Params): Record<string, unknown> {
    if (p.taskId === undefined || !/^\d+$/.test(p.taskId))
        throw new LegacyError("InvalidParameter", "taskId must be an integer");
    const task = cloud.store.task(Number(p.taskId));
    if (!task) throw new LegacyError("InvalidTaskId.NotFound", `task ${p.taskId} does not exist`);
    return {
        code: 0,
        message:
            "emulator: DescribleTaskResult is inferred, not documented by Tencent (data.status 0 success, 1 failed, 2 running)",
        codeDesc: "Success",
        data: {
            taskId: cloud.requestIds.legacyTaskId(task.taskId),
            status: task.status === "success" ? 0 : task.status === "failed" ? 1 : 2,
        },
    };
}

function indexedValues(p: Params, name: string): string[] {
    const pattern = new RegExp(`^${name}\\.(\\d+)$`);
    return Object.keys(p)
        .map((k) => [pattern.exec(k), k] as const)
        .filter((e): e is readonly [RegExpExecArray, string] => e[0] !== null)
        .sort((a, b) => Number(a[0][1]) - Number(b[0][1]))
        .map(([, k]) => p[k]);
}

function intParam(p: Params, name: string, fallback: number, min: number, max: number): number {
    const raw = p[name];
    if (raw === undefined || raw === "") return fallback;
    if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
        throw new LegacyError("InvalidParameter", `${name} must be an integer from ${min} to ${max}`);
    }
    return Number(raw);
}
