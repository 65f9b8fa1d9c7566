// API 3.0 actions (Version 2017-03-12): ResetInstance and DescribeInstances (reference §2.5–2.7).
import { Api3Error } from "./api3Error";
import { Json, ParamReader, rejectUnknown } from "./api3Params";
import { api3Instance } from "./api3View";
import type { Cloud } from "./cloud";
import { hostNameProblem } from "./hostNameRules";
import { IMAGE_ID_PATTERN } from "./images";
import type { Instance, InstanceState } from "./instance";
import { INSTANCE_ID_PATTERN } from "./instanceSeed";
import { passwordProblem } from "./passwordRules";
import type { TaskFaultPicker } from "./pipeline";
import type { Region } from "./regions";

export const API3_ACTIONS = ["ResetInstance", "DescribeInstances"] as const;

export interface Api3Context {
  cloud: Cloud;
  /** Absent X-TC-Region: our choice is to look instances up in every region. */
  region: Region | undefined;
  params: Json;
  reader: ParamReader;
  requestId: string;
  pickTaskFault: TaskFaultPicker;
}

/** Returns the action's output fields; the caller wraps them in {"Response": {..., RequestId}}. */
export function api3Action(action: string, ctx: Api3Context): Json {
  switch (action) {
    case "ResetInstance":
      return resetInstance(ctx);
    case "DescribeInstances":
      return describeInstances(ctx);
    default:
      throw new Api3Error("InvalidAction", `the action ${action} does not exist`);
  }
}

/** Instance ids a 3.0 request names (for the request log and fault matching). */
export function api3InstanceIds(params: Json): string[] {
  const ids: string[] = [];
  if (typeof params.InstanceId === "string") ids.push(params.InstanceId);
  if (Array.isArray(params.InstanceIds)) ids.push(...params.InstanceIds.filter((v): v is string => typeof v === "string"));
  if (Array.isArray(params.Filters)) {
    for (const f of params.Filters as Json[]) {
      if (f && f.Name === "instance-id" && Array.isArray(f.Values)) ids.push(...f.Values.filter((v): v is string => typeof v === "string"));
    }
  }
  return ids;
}

// UnsupportedOperation.InstanceState<…> per non-resettable state. LAUNCH_FAILED -> Corrupted is our choice (UNCONFIRMED).
const STATE_ERROR: Partial<Record<InstanceState, string>> = {
  STARTING: "InstanceStateStarting",
  STOPPING: "InstanceStateStopping",
  REBOOTING: "InstanceStateRebooting",
  TERMINATING: "InstanceStateTerminating",
  LAUNCH_FAILED: "InstanceStateCorrupted",
};

const KEY_ID_PATTERN = /^skey-[a-z0-9]{8}$/;
const BASE64_PATTERN = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const USER_DATA_MAX = 16 * 1024;

function resetInstance({ cloud, region, params, reader: r, requestId, pickTaskFault }: Api3Context): Json {
  rejectUnknown(params, ["InstanceId", "ImageId", "SystemDisk", "LoginSettings", "EnhancedService", "HostName", "UserData"]);
  const instanceId = r.string(params.InstanceId, "InstanceId");
  if (instanceId === undefined || instanceId === "") throw new Api3Error("MissingParameter", "the InstanceId parameter is required");
  if (!INSTANCE_ID_PATTERN.test(instanceId)) throw new Api3Error("InvalidInstanceId.Malformed", `InstanceId ${instanceId} is malformed`);
  const imageId = r.string(params.ImageId, "ImageId");
  if (imageId !== undefined && !IMAGE_ID_PATTERN.test(imageId)) throw new Api3Error("InvalidImageId.Malformed", `ImageId ${imageId} is malformed`);

  const disk = r.object(params.SystemDisk, "SystemDisk", ["DiskType", "DiskId", "DiskSize", "CdcId"]);
  const diskSize = r.int(disk?.DiskSize, "SystemDisk.DiskSize");
  if (diskSize !== undefined && diskSize <= 0) throw new Api3Error("InvalidParameterValue", "SystemDisk.DiskSize must be a positive integer (GiB)");

  const login = r.object(params.LoginSettings, "LoginSettings", ["Password", "KeyIds", "KeepImageLogin"]);
  const password = r.string(login?.Password, "LoginSettings.Password");
  const keyIds = r.stringArray(login?.KeyIds, "LoginSettings.KeyIds");
  const keepRaw = r.string(login?.KeepImageLogin, "LoginSettings.KeepImageLogin");
  if (keepRaw !== undefined && !/^(true|false)$/i.test(keepRaw)) {
    throw new Api3Error("InvalidParameterValue", 'LoginSettings.KeepImageLogin must be "true" or "false"');
  }
  const keepImageLogin = keepRaw?.toLowerCase() === "true";

  const enhanced = r.object(params.EnhancedService, "EnhancedService", ["SecurityService", "MonitorService", "AutomationService"]);
  for (const service of ["SecurityService", "MonitorService", "AutomationService"]) {
    const s = r.object(enhanced?.[service], `EnhancedService.${service}`, ["Enabled"]);
    r.bool(s?.Enabled, `EnhancedService.${service}.Enabled`);
  }
  const hostName = r.string(params.HostName, "HostName");
  const userData = r.string(params.UserData, "UserData");

  const inst = cloud.store.get(instanceId, region?.long);
  if (!inst) throw new Api3Error("InvalidInstanceId.NotFound", `the instance ${instanceId} does not exist`);
  const image = cloud.store.image(imageId ?? inst.imageId);
  if (!image) throw new Api3Error("InvalidImageId.NotFound", `the image ${imageId ?? inst.imageId} does not exist`);

  const stateError = STATE_ERROR[inst.state];
  if (stateError) throw new Api3Error(`UnsupportedOperation.${stateError}`, `the instance state ${inst.state} does not allow this operation`);
  if (inst.latestOperationState === "OPERATING" || cloud.store.isReinstalling(inst)) {
    throw new Api3Error("OperationDenied.InstanceOperationInProgress", `an operation on ${instanceId} is still in progress`);
  }

  const keysGiven = keyIds !== undefined && keyIds.length > 0;
  if ((password !== undefined && (keysGiven || keepImageLogin)) || (keysGiven && keepImageLogin)) {
    throw new Api3Error("InvalidParameter.ParameterConflict", "Password, KeyIds and KeepImageLogin cannot be combined");
  }
  if (keysGiven && image.platform === "windows") {
    throw new Api3Error("UnsupportedOperation.KeyPairUnsupportedWindows", "key pairs cannot be used with Windows images");
  }
  const badKey = keyIds?.find((k) => !KEY_ID_PATTERN.test(k));
  if (badKey !== undefined) throw new Api3Error("InvalidParameterValue.KeyPairNotFound", `the key pair ${badKey} does not exist`);
  if (password !== undefined) {
    const problem = passwordProblem("api3", image.platform, password);
    if (problem) throw new Api3Error("InvalidParameterValue.InvalidPassword", problem);
  }
  if (hostName !== undefined) {
    const problem = hostNameProblem(image.platform, hostName);
    if (problem) throw new Api3Error("InvalidParameterValue.IllegalHostName", problem);
  }
  if (userData !== undefined && (!BASE64_PATTERN.test(userData) || userData.length > USER_DATA_MAX)) {
    throw new Api3Error("InvalidParameterValue.InvalidUserDataFormat", "UserData must be base64 encoded and at most 16 KB");
  }
  if (diskSize !== undefined && diskSize < inst.rootSize) {
    throw new Api3Error(
      "InvalidParameterValue",
      `the system disk cannot shrink: SystemDisk.DiskSize ${diskSize} GiB is smaller than the current ${inst.rootSize} GiB`,
    );
  }
  if (!cloud.balanceOk) throw new Api3Error("InvalidAccount.InsufficientBalance", "the account balance is insufficient");

  const fault = pickTaskFault();
  cloud.store.startReset(inst, {
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

const FILTERS: Record<string, (inst: Instance, value: string, ctx: Api3Context) => boolean> = {
  "instance-id": (i, v) => i.instanceId === v,
  "instance-state": (i, v) => i.state === v,
  "instance-name": (i, v) => i.name === v,
  "image-id": (i, v) => i.imageId === v,
  zone: (i, v) => `${i.region.long}-${i.zoneIndex}` === v,
};

function describeInstances(ctx: Api3Context): Json {
  const { cloud, region, params, reader: r } = ctx;
  rejectUnknown(params, ["InstanceIds", "Filters", "Offset", "Limit"]);
  const ids = r.stringArray(params.InstanceIds, "InstanceIds");
  const filters = r.array(params.Filters, "Filters");
  if (ids !== undefined && filters !== undefined) {
    throw new Api3Error("InvalidParameter", "InstanceIds and Filters cannot be specified at the same time");
  }
  if (ids && ids.length > 100) throw new Api3Error("InvalidParameterValue.LimitExceeded", "at most 100 InstanceIds per request");
  const malformed = ids?.find((id) => !INSTANCE_ID_PATTERN.test(id));
  if (malformed !== undefined) throw new Api3Error("InvalidInstanceId.Malformed", `InstanceId ${malformed} is malformed`);

  if (filters && filters.length > 10) throw new Api3Error("InvalidParameterValue.LimitExceeded", "at most 10 Filters per request");
  const parsed = (filters ?? []).map((f, i) => {
    const filter = r.object(f, `Filters.${i}`, ["Name", "Values"]);
    const name = r.string(filter?.Name, `Filters.${i}.Name`);
    const values = r.stringArray(filter?.Values, `Filters.${i}.Values`);
    if (name === undefined || values === undefined) throw new Api3Error("InvalidFilter", `Filters.${i} needs Name and Values`);
    if (!FILTERS[name]) throw new Api3Error("InvalidFilter", `the filter ${name} is not supported`);
    if (values.length > 5) throw new Api3Error("InvalidParameterValue.LimitExceeded", `at most 5 values per filter (${name})`);
    return { test: FILTERS[name], values };
  });

  const offset = r.int(params.Offset, "Offset") ?? 0;
  const limit = r.int(params.Limit, "Limit") ?? 20;
  if (offset < 0) throw new Api3Error("InvalidParameterValue", "Offset must be >= 0");
  if (limit < 1 || limit > 100) throw new Api3Error("InvalidParameterValue", "Limit must be between 1 and 100");

  const matching = cloud.store
    .list(region?.long)
    .filter((i) => ids === undefined || ids.includes(i.instanceId))
    .filter((i) => parsed.every((f) => f.values.some((v) => f.test(i, v, ctx))));
  return {
    TotalCount: matching.length,
    InstanceSet: matching.slice(offset, offset + limit).map((i) => api3Instance(cloud.store, cloud.clock, i)),
  };
}
