// Seeds: how tests and demos describe instances, validated before anything is stored.
import { randomUUID } from "node:crypto";
import type { Image } from "./images";
import { INSTANCE_STATES, type Instance, type InstanceState, newDiskId } from "./instance";
import { DEFAULT_REGION, regionFromAny } from "./regions";

export const INSTANCE_ID_PATTERN = /^ins-[a-z0-9]{8}$/;

export interface InstanceSeed {
    instanceId: string;
    /** Long name, default ap-guangzhou (a legacy short code is accepted too). */
    region?: string;
    imageId?: string;
    /** GB, default 50. */
    rootSize?: number;
    state?: InstanceState;
    /** The old `qcvm…` id, usable as an alias by the legacy dialect. */
    oldId?: string;
    name?: string;
    /** Default x86_64. */
    architecture?: "x86_64" | "arm";
    /** Default TencentCloud. */
    licenseType?: "TencentCloud" | "BYOL";
    /** System disk type, default CLOUD_SSD (LOCAL_* disks cannot switch between Linux and Windows). */
    rootType?: string;
    /** Tags already on the instance. */
    tags?: Record<string, string>;
}

const DISK_TYPES = [
    "LOCAL_BASIC",
    "LOCAL_SSD",
    "CLOUD_BASIC",
    "CLOUD_SSD",
    "CLOUD_PREMIUM",
    "CLOUD_BSSD",
    "CLOUD_HSSD",
    "CLOUD_TSSD",
];

export interface ImageLookup {
    image(imageId: string): Image | undefined;
    defaultImage(): Image;
}

export function buildInstance(seed: InstanceSeed, now: number, images: ImageLookup, addressIndex: number): Instance {
    if (!seed || typeof seed.instanceId !== "string" || !INSTANCE_ID_PATTERN.test(seed.instanceId)) {
        throw new Error(
            `instance seed: instanceId must match ins-xxxxxxxx (8 lowercase alphanumerics), got ${JSON.stringify(seed?.instanceId)}`,
        );
    }
    const id = seed.instanceId;
    const region = regionFromAny(seed.region ?? DEFAULT_REGION);
    if (!region) throw new Error(`instance seed ${id}: unknown region ${JSON.stringify(seed.region)}`);
    const image = seed.imageId === undefined ? images.defaultImage() : images.image(seed.imageId);
    if (!image) throw new Error(`instance seed ${id}: unknown image ${JSON.stringify(seed.imageId)} (seed it first)`);
    const rootSize = seed.rootSize ?? 50;
    if (!Number.isInteger(rootSize) || rootSize <= 0)
        throw new Error(`instance seed ${id}: rootSize must be a positive integer`);
    const state = seed.state ?? "RUNNING";
    if (!INSTANCE_STATES.includes(state))
        throw new Error(`instance seed ${id}: state must be one of ${INSTANCE_STATES.join(", ")}`);
    if (seed.oldId !== undefined && !/^qcvm[0-9a-z]+$/.test(seed.oldId)) {
        throw new Error(`instance seed ${id}: oldId must look like qcvm…, got ${JSON.stringify(seed.oldId)}`);
    }
    const architecture = seed.architecture ?? "x86_64";
    if (architecture !== "x86_64" && architecture !== "arm")
        throw new Error(`instance seed ${id}: architecture must be "x86_64" or "arm"`);
    const licenseType = seed.licenseType ?? "TencentCloud";
    if (licenseType !== "TencentCloud" && licenseType !== "BYOL")
        throw new Error(`instance seed ${id}: licenseType must be "TencentCloud" or "BYOL"`);
    const rootType = seed.rootType ?? "CLOUD_SSD";
    if (!DISK_TYPES.includes(rootType))
        throw new Error(`instance seed ${id}: rootType must be one of ${DISK_TYPES.join(", ")}`);
    const tags = Object.entries(seed.tags ?? {});
    if (tags.some(([k, v]) => typeof k !== "string" || k === "" || typeof v !== "string")) {
        throw new Error(`instance seed ${id}: tags must map non-empty keys to strings`);
    }
    return {
        instanceId: id,
        oldId: seed.oldId,
        name: seed.name ?? "未命名",
        uuid: randomUUID(),
        region,
        zoneIndex: 1,
        state,
        stateSince: now,
        imageId: image.imageId,
        rootSize,
        rootId: newDiskId(),
        rootType,
        cpu: 2,
        memory: 4,
        instanceType: architecture === "arm" ? "SR1.MEDIUM4" : "S5.MEDIUM4",
        keyIds: [],
        addressIndex,
        architecture,
        licenseType,
        tags: tags.map(([key, value]) => ({ key, value })),
        hostName: `VM-0-${Number.parseInt(id.slice(4, 8), 36) % 255}-${image.platform === "windows" ? "win" : "centos"}`,
        createdAt: now,
        latestOperation: null,
        latestOperationState: null,
        latestOperationRequestId: null,
        latestOperationErrorMsg: null,
        taskIds: [],
    };
}
