// The emulator's own view of an instance, as Emulator.instance() and GET /_admin/instances return it.
import type { Clock } from "./clock";
import type { GuestListeners } from "./guest/guestNetwork";
import { type Instance, instanceAddresses, type InstanceState, zoneName } from "./instance";
import type { GuestStatus, InstanceStore, OperationVia, TaskOperation } from "./instanceStore";

export interface OperationRecord {
    via: OperationVia;
    operation: TaskOperation;
    /** 3.0 RequestId, String(taskId) for legacy, a fresh uuid for out-of-band. */
    requestId: string;
    taskId: number;
    startedAt: string;
    finishesAt: string;
    status: "running" | "success" | "failed";
    fromImageId: string;
    toImageId: string;
    toRootSize: number | null;
    errorMsg: string | null;
}

/** The emulator's own view of an instance (what `Emulator.instance()` returns). */
export interface InstanceRecord {
    instanceId: string;
    oldId: string | null;
    name: string;
    uuid: string;
    region: string;
    zone: string;
    /** Lifecycle state. A reset does not change it; legacy shows status 14 while `reinstalling`. */
    state: InstanceState;
    reinstalling: boolean;
    imageId: string;
    osName: string;
    platform: "linux" | "windows";
    rootSize: number;
    rootId: string;
    rootType: string;
    cpu: number;
    memory: number;
    instanceType: string;
    keyIds: string[];
    hostName: string;
    privateIp: string;
    publicIp: string;
    architecture: "x86_64" | "arm";
    licenseType: "TencentCloud" | "BYOL";
    tags: Record<string, string>;
    /** The simulated guest: "up" (booted, its ports listen), "booting", "down" or "broken". */
    guest: { status: GuestStatus; since: string } & GuestListeners;
    createdTime: string;
    stateChangedTime: string;
    latestOperation: string | null;
    latestOperationState: "SUCCESS" | "OPERATING" | "FAILED" | null;
    latestOperationRequestId: string | null;
    latestOperationErrorMsg: string | null;
    history: OperationRecord[];
}

export function toInstanceRecord(
    store: InstanceStore,
    clock: Clock,
    inst: Instance,
    listeners: GuestListeners,
): InstanceRecord {
    const image = store.image(inst.imageId);
    const iso = (sim: number) => new Date(clock.wallMs(sim)).toISOString();
    const { lanIp, wanIp } = instanceAddresses(inst);
    return {
        instanceId: inst.instanceId,
        oldId: inst.oldId ?? null,
        name: inst.name,
        uuid: inst.uuid,
        region: inst.region.long,
        zone: zoneName(inst),
        state: inst.state,
        reinstalling: store.isReinstalling(inst),
        imageId: inst.imageId,
        osName: image?.osName ?? "",
        platform: image?.platform ?? "linux",
        rootSize: inst.rootSize,
        rootId: inst.rootId,
        rootType: inst.rootType,
        cpu: inst.cpu,
        memory: inst.memory,
        instanceType: inst.instanceType,
        keyIds: [...inst.keyIds],
        hostName: inst.hostName,
        privateIp: lanIp,
        publicIp: wanIp,
        architecture: inst.architecture,
        licenseType: inst.licenseType,
        tags: Object.fromEntries(inst.tags.map((t) => [t.key, t.value])),
        guest: { status: store.guestStatus(inst), since: iso(store.guestSince(inst)), ...listeners },
        createdTime: iso(inst.createdAt),
        stateChangedTime: iso(inst.stateSince),
        latestOperation: inst.latestOperation,
        latestOperationState: inst.latestOperationState,
        latestOperationRequestId: inst.latestOperationRequestId,
        latestOperationErrorMsg: inst.latestOperationErrorMsg,
        history: inst.taskIds.flatMap((id) => {
            const t = store.taskById(id);
            if (!t) return [];
            return [
                {
                    via: t.via,
                    operation: t.operation,
                    requestId: t.requestId,
                    taskId: t.taskId,
                    startedAt: iso(t.startedAt),
                    finishesAt: iso(t.endsAt),
                    status: t.status,
                    fromImageId: t.fromImageId,
                    toImageId: t.toImageId,
                    toRootSize: t.toRootSize ?? null,
                    errorMsg: t.errorMsg,
                },
            ];
        }),
    };
}
