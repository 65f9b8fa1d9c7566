// How API 3.0 DescribeInstances shows an instance (https://www.tencentcloud.com/document/api/213/15753#Instance).
// During a reset InstanceState stays RUNNING/STOPPED and LatestOperationState says OPERATING (our
// reading; no reinstalling state exists). Field names and types follow the official SDK's Instance
// model (tencentcloud-sdk-nodejs-cvm): only fields it documents as nullable are ever null, and
// HostName is returned (the model has it).
import type { Clock } from "./clock";
import { instanceAddresses, zoneName } from "./instance";
import type { InstanceStore, Observed } from "./instanceStore";

export function api3Instance(store: InstanceStore, clock: Clock, observed: Observed): Record<string, unknown> {
    const inst = observed.inst;
    const image = store.image(inst.imageId);
    const windows = image?.platform === "windows";
    const { lanIp, wanIp } = instanceAddresses(inst);
    return {
        Placement: { Zone: zoneName(inst), ProjectId: 0 },
        InstanceId: inst.instanceId,
        InstanceType: inst.instanceType,
        CPU: inst.cpu,
        Memory: inst.memory,
        RestrictState: "NORMAL",
        InstanceName: inst.name,
        InstanceChargeType: "POSTPAID_BY_HOUR",
        SystemDisk: { DiskType: inst.rootType, DiskId: inst.rootId, DiskSize: inst.rootSize },
        DataDisks: [],
        PrivateIpAddresses: [lanIp],
        PublicIpAddresses: [wanIp],
        InternetAccessible: {
            InternetChargeType: "TRAFFIC_POSTPAID_BY_HOUR",
            InternetMaxBandwidthOut: 1,
            PublicIpAssigned: true,
        },
        VirtualPrivateCloud: { VpcId: "vpc-emulator0", SubnetId: "subnet-emulator", AsVpcGateway: false },
        ImageId: inst.imageId,
        RenewFlag: null, // postpaid: "注意：后付费模式本项为null"
        CreatedTime: isoSeconds(clock.wallMs(inst.createdAt)),
        ExpiredTime: null, // postpaid, as above
        OsName: image?.osName ?? "",
        SecurityGroupIds: [],
        LoginSettings: { KeyIds: inst.keyIds.length > 0 ? [...inst.keyIds] : null },
        InstanceState: inst.state,
        Tags: inst.tags.map((t) => ({ Key: t.key, Value: t.value })),
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
        LicenseType: inst.licenseType,
        DisableApiTermination: false,
        HostName: inst.hostName,
        DefaultLoginUser: windows ? "Administrator" : "root",
        DefaultLoginPort: windows ? 3389 : 22,
    };
}

/** "2020-09-22T00:00:00Z": ISO 8601 UTC without milliseconds, as the API prints it. */
export function isoSeconds(epochMs: number): string {
    return new Date(Math.floor(epochMs / 1000) * 1000).toISOString().replace(".000Z", "Z");
}
