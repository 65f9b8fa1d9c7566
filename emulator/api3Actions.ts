// CVM API 3.0 actions (Version 2017-03-12): ResetInstance (https://www.tencentcloud.com/document/api/213/33242)
// and DescribeInstances (https://www.tencentcloud.com/document/api/213/33258).
import type { Api3Context } from "./api3Context";
import { Api3Error } from "./api3Error";
import { type Json, rejectUnknown } from "./api3Params";
import { api3Instance } from "./api3View";
import { hostNameProblem } from "./hostNameRules";
import type { Instance } from "./instance";
import { INSTANCE_ID_PATTERN } from "./instanceSeed";
import { passwordProblem } from "./passwordRules";
import { checkImageForReset, readResetInputs, RESET_STATE_ERROR } from "./resetInputs";

/** Instance ids a 3.0 request names (for the request log and fault matching), tag resource names included. */
export function api3InstanceIds(params: Json): string[] {
    const ids: string[] = [];
    if (typeof params.InstanceId === "string") ids.push(params.InstanceId);
    if (Array.isArray(params.InstanceIds))
        ids.push(...params.InstanceIds.filter((v): v is string => typeof v === "string"));
    if (Array.isArray(params.ResourceIds))
        ids.push(...params.ResourceIds.filter((v): v is string => typeof v === "string"));
    if (Array.isArray(params.Filters)) {
        for (const f of params.Filters as Json[]) {
            if (f && f.Name === "instance-id" && Array.isArray(f.Values))
                ids.push(...f.Values.filter((v): v is string => typeof v === "string"));
        }
    }
    const resources = [params.Resource, ...(Array.isArray(params.ResourceList) ? params.ResourceList : [])];
    for (const r of resources) {
        const m = typeof r === "string" ? /:instance\/(ins-[a-z0-9]+)$/.exec(r) : null;
        if (m) ids.push(m[1]);
    }
    return ids;
}

const KEY_ID_PATTERN = /^skey-[a-z0-9]{8}$/;
const BASE64_PATTERN = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const USER_DATA_MAX = 16 * 1024;

export function resetInstance(ctx: Api3Context): Json {
    const { cloud, region, params, reader: r, requestId, gate } = ctx;
    rejectUnknown(params, [
        "InstanceId",
        "ImageId",
        "SystemDisk",
        "LoginSettings",
        "EnhancedService",
        "HostName",
        "UserData",
    ]);
    const input = readResetInputs(params, r);
    const hostName = r.string(params.HostName, "HostName");
    const { instanceId, diskSize, password, keyIds, keepImageLogin, userData } = input;

    const inst = cloud.store.get(instanceId, region?.long);
    if (!inst) throw new Api3Error("InvalidInstanceId.NotFound", `the instance ${instanceId} does not exist`);
    const image = checkImageForReset(cloud, inst, input, region);
    if (image.state !== "NORMAL")
        throw new Api3Error(
            "InvalidParameterValue.InvalidImageState",
            `the image ${image.imageId} is ${image.state}, not NORMAL`,
        );

    const stateError = RESET_STATE_ERROR[inst.state];
    if (stateError)
        throw new Api3Error(
            `UnsupportedOperation.${stateError}`,
            `the instance state ${inst.state} does not allow this operation`,
        );
    if (inst.latestOperationState === "OPERATING" || cloud.store.isReinstalling(inst)) {
        throw new Api3Error(
            "OperationDenied.InstanceOperationInProgress",
            `an operation on ${instanceId} is still in progress`,
        );
    }

    const keysGiven = keyIds !== undefined && keyIds.length > 0;
    if ((password !== undefined && (keysGiven || keepImageLogin)) || (keysGiven && keepImageLogin)) {
        throw new Api3Error(
            "InvalidParameter.ParameterConflict",
            "Password, KeyIds and KeepImageLogin cannot be combined",
        );
    }
    if (keysGiven && image.platform === "windows") {
        throw new Api3Error(
            "UnsupportedOperation.KeyPairUnsupportedWindows",
            "key pairs cannot be used with Windows images",
        );
    }
    const badKey = keyIds?.find((k) => !KEY_ID_PATTERN.test(k));
    if (badKey !== undefined)
        throw new Api3Error("InvalidParameterValue.KeyPairNotFound", `the key pair ${badKey} does not exist`);
    if (password !== undefined) {
        const problem = passwordProblem("api3", image.platform, password);
        if (problem) throw new Api3Error("InvalidParameterValue.InvalidPassword", problem);
    }
    if (hostName !== undefined) {
        const problem = hostNameProblem(image.platform, hostName);
        if (problem) throw new Api3Error("InvalidParameterValue.IllegalHostName", problem);
    }
    if (userData !== undefined && (!BASE64_PATTERN.test(userData) || userData.length > USER_DATA_MAX)) {
        throw new Api3Error(
            "InvalidParameterValue.InvalidUserDataFormat",
            "UserData must be base64 encoded and at most 16 KB",
        );
    }
    if (!cloud.balanceOk)
        throw new Api3Error("InvalidAccount.InsufficientBalance", "the account balance is insufficient");

    const fault = gate.taskFault();
    gate.start(inst, {
        via: "2017-03-12",
        requestId,
        imageId: image.imageId,
        rootSize: diskSize,
        keyIds: keysGiven ? keyIds : undefined,
        hostName,
        outcome: fault === "taskFail" || fault === "faulty" ? fault : "success",
    });
    if (fault === "vanish") cloud.store.remove(inst.instanceId);
    return {};
}

type Filter = (inst: Instance, value: string) => boolean;

const FILTERS: Record<string, Filter> = {
    "instance-id": (i, v) => i.instanceId === v,
    "instance-state": (i, v) => i.state === v,
    "instance-name": (i, v) => i.name === v,
    "image-id": (i, v) => i.imageId === v,
    zone: (i, v) => `${i.region.long}-${i.zoneIndex}` === v,
    "tag-key": (i, v) => i.tags.some((t) => t.key === v),
    "tag-value": (i, v) => i.tags.some((t) => t.value === v),
};

function filterFor(name: string): Filter | undefined {
    if (name.startsWith("tag:") && name.length > 4) {
        const key = name.slice(4);
        return (i, v) => i.tags.some((t) => t.key === key && t.value === v);
    }
    return FILTERS[name];
}

export function describeInstances(ctx: Api3Context): Json {
    const { cloud, region, params, reader: r } = ctx;
    rejectUnknown(params, ["InstanceIds", "Filters", "Offset", "Limit"]);
    const ids = r.stringArray(params.InstanceIds, "InstanceIds");
    const filters = r.array(params.Filters, "Filters");
    if (ids !== undefined && filters !== undefined) {
        throw new Api3Error("InvalidParameter", "InstanceIds and Filters cannot be specified at the same time");
    }
    if (ids && ids.length > 100)
        throw new Api3Error("InvalidParameterValue.LimitExceeded", "at most 100 InstanceIds per request");
    const malformed = ids?.find((id) => !INSTANCE_ID_PATTERN.test(id));
    if (malformed !== undefined)
        throw new Api3Error("InvalidInstanceId.Malformed", `InstanceId ${malformed} is malformed`);

    if (filters && filters.length > 10)
        throw new Api3Error("InvalidParameterValue.LimitExceeded", "at most 10 Filters per request");
    const parsed = (filters ?? []).map((f, i) => {
        const filter = r.object(f, `Filters.${i}`, ["Name", "Values"]);
        const name = r.string(filter?.Name, `Filters.${i}.Name`);
        const values = r.stringArray(filter?.Values, `Filters.${i}.Values`);
        if (name === undefined || values === undefined)
            throw new Api3Error("InvalidFilter", `Filters.${i} needs Name and Values`);
        const test = filterFor(name);
        if (!test) throw new Api3Error("InvalidFilter", `the filter ${name} is not supported`);
        if (values.length > 5)
            throw new Api3Error("InvalidParameterValue.LimitExceeded", `at most 5 values per filter (${name})`);
        return { test, values };
    });

    const offset = r.int(params.Offset, "Offset") ?? 0;
    const limit = r.int(params.Limit, "Limit") ?? 20;
    if (offset < 0) throw new Api3Error("InvalidParameterValue", "Offset must be >= 0");
    if (limit < 1 || limit > 100) throw new Api3Error("InvalidParameterValue", "Limit must be between 1 and 100");

    // A readLag fault makes reads answer as a replica that many seconds behind would.
    const observed = cloud.store
        .list(region?.long)
        .map((i) => cloud.store.observe(i, cloud.readLagSeconds(i.instanceId)));
    const matching = observed
        .filter((o) => ids === undefined || ids.includes(o.inst.instanceId))
        .filter((o) => parsed.every((f) => f.values.some((v) => f.test(o.inst, v))));
    return {
        TotalCount: matching.length,
        InstanceSet: matching.slice(offset, offset + limit).map((o) => api3Instance(cloud.store, cloud.clock, o)),
    };
}
