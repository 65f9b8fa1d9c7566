// How API 3.0 DescribeInstances shows an instance (reference §2.7). During a reset InstanceState
// stays RUNNING/STOPPED and LatestOperationState says OPERATING (UNCONFIRMED, the reference's guess).
import type { Clock } from "./clock";
import { Instance, instanceAddresses, zoneName } from "./instance";
import type { InstanceStore } from "./instanceStore";

export function api3Instance(store: InstanceStore, clock: Clock, inst: Instance): Record<string, unknown> {
  const image = store.image(inst.imageId);
  const windows = image?.platform === "windows";
  const { lanIp, wanIp } = instanceAddresses(inst);
  return {
    Placement: { Zone: zoneName(inst), ProjectId: 0, HostId: null },
    InstanceId: inst.instanceId,
    InstanceType: inst.instanceType,
    CPU: inst.cpu,
    Memory: inst.memory,
    RestrictState: "NORMAL",
    InstanceName: inst.name,
    InstanceChargeType: "POSTPAID_BY_HOUR",
    SystemDisk: { DiskType: inst.rootType, DiskId: inst.rootId, DiskSize: inst.rootSize },
    DataDisks: null,
    PrivateIpAddresses: [lanIp],
    PublicIpAddresses: [wanIp],
    InternetAccessible: { InternetChargeType: "TRAFFIC_POSTPAID_BY_HOUR", InternetMaxBandwidthOut: 1, PublicIpAssigned: true },
    VirtualPrivateCloud: { VpcId: "vpc-emulator0", SubnetId: "subnet-emulator", AsVpcGateway: false },
    ImageId: inst.imageId,
    RenewFlag: null,
    CreatedTime: isoSeconds(clock.wallMs(inst.createdAt)),
    ExpiredTime: null,
    OsName: image?.osName ?? "",
    SecurityGroupIds: [],
    LoginSettings: { KeyIds: inst.keyIds.length > 0 ? [...inst.keyIds] : null },
    InstanceState: inst.state,
    Tags: [],
    StopChargingMode: "NOT_APPLICABLE",
    Uuid: inst.uuid,
    LatestOperation: inst.latestOperation,
    LatestOperationState: inst.latestOperationState,
    LatestOperationRequestId: inst.latestOperationRequestId,
    LatestOperationErrorMsg: inst.latestOperationErrorMsg,
    IsolatedSource: "NOTISOLATED",
    DisasterRecoverGroupId: "",
    CamRoleName: "",
    HpcClusterId: "",
    DefaultLoginUser: windows ? "Administrator" : "root",
    DefaultLoginPort: windows ? 3389 : 22,
  };
}

/** "2020-09-22T00:00:00Z": ISO 8601 UTC without milliseconds, as the API prints it. */
function isoSeconds(epochMs: number): string {
  return new Date(Math.floor(epochMs / 1000) * 1000).toISOString().replace(".000Z", "Z");
}
