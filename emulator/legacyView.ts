// How the legacy DescribeInstances shows an instance (the legacy "查看实例列表" page).
import type { Clock } from "./clock";
import { LEGACY_IMAGE_TYPE_LABEL } from "./images";
import { type Instance, type InstanceState, instanceAddresses, zoneName } from "./instance";
import type { InstanceStore, Observed } from "./instanceStore";

export const LEGACY_STATUS: Readonly<Record<InstanceState, number>> = {
    RUNNING: 2,
    STOPPED: 4,
    STARTING: 8,
    STOPPING: 9,
    REBOOTING: 7,
    LAUNCH_FAILED: 1, // "faulty"
    TERMINATING: 6,
};

export const LEGACY_STATUS_REINSTALLING = 14;
export const LEGACY_STATUS_PASSWORD_RESETTING = 10;

export function legacyStatusOf(observed: Observed): number {
    if (observed.reinstalling) return LEGACY_STATUS_REINSTALLING;
    if (observed.resettingPassword) return LEGACY_STATUS_PASSWORD_RESETTING;
    return LEGACY_STATUS[observed.inst.state];
}

/** The status of the instance now (not as a lagging read would show it). */
export function legacyStatus(store: InstanceStore, inst: Instance): number {
    return legacyStatusOf(store.observe(inst));
}

const DISK_TYPE_CODE: Record<string, number> = {
    LOCAL_BASIC: 1,
    CLOUD_BASIC: 2,
    LOCAL_SSD: 3,
    CLOUD_SSD: 4,
    CLOUD_PREMIUM: 5,
};

/** Legacy times are Beijing time, "YYYY-MM-DD hh:mm:ss". */
export function legacyTime(epochMs: number): string {
    return new Date(epochMs + 8 * 3600_000).toISOString().slice(0, 19).replace("T", " ");
}

export function legacyItem(store: InstanceStore, clock: Clock, observed: Observed): Record<string, unknown> {
    const inst = observed.inst;
    const image = store.image(inst.imageId);
    const { lanIp, wanIp } = instanceAddresses(inst);
    return {
        unInstanceId: inst.instanceId,
        instanceId: inst.oldId ?? inst.instanceId,
        instanceName: inst.name,
        uuid: inst.uuid,
        lanIp,
        wanIpSet: [wanIp],
        cpu: inst.cpu,
        mem: inst.memory,
        bandwidth: 1,
        unImgId: inst.imageId,
        imageType: LEGACY_IMAGE_TYPE_LABEL[image?.imageType ?? 2],
        os: image?.osName ?? "",
        status: legacyStatusOf(observed),
        statusTime: legacyTime(clock.wallMs(inst.stateSince)),
        Region: inst.region.short,
        createTime: legacyTime(clock.wallMs(inst.createdAt)),
        deadlineTime: "0000-00-00 00:00:00",
        autoRenew: 0,
        projectId: 0,
        zoneId: inst.region.zoneBase * 10000 + inst.zoneIndex,
        zoneName: zoneName(inst),
        vpcId: 0,
        subnetId: 0,
        isVpcGateway: 0,
        deviceClass: inst.instanceType,
        cvmPayMode: 2,
        networkPayMode: 3,
        diskInfo: { rootId: inst.rootId, rootSize: inst.rootSize, rootType: DISK_TYPE_CODE[inst.rootType] ?? 4 },
    };
}
