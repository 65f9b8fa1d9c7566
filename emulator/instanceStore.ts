// The one instance store both dialects read and write: a reset through either shows as legacy
// status 14 and as LatestOperationState OPERATING in 3.0. Tasks and transitional states finish
// lazily: every read calls settle() against the simulated clock.
import { randomBytes, randomUUID } from "node:crypto";
import { Clock } from "./clock";
import { DEFAULT_IMAGES, Image, ImageSeed, validateImageSeed } from "./images";
import { DEFAULT_REGION, Region, regionFromAny } from "./regions";

export type InstanceState = "RUNNING" | "STOPPED" | "STARTING" | "STOPPING" | "REBOOTING" | "LAUNCH_FAILED" | "TERMINATING";

export const INSTANCE_STATES: readonly InstanceState[] = [
  "RUNNING",
  "STOPPED",
  "STARTING",
  "STOPPING",
  "REBOOTING",
  "LAUNCH_FAILED",
  "TERMINATING",
];

/** Transitional states and where they end up after `transitionSeconds`. */
const TRANSITIONS: Partial<Record<InstanceState, InstanceState>> = {
  STARTING: "RUNNING",
  STOPPING: "STOPPED",
  REBOOTING: "RUNNING",
};

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
}

export type OperationVia = "legacy" | "2017-03-12" | "outOfBand";
export type TaskOutcome = "success" | "taskFail" | "faulty";

export interface OperationRecord {
  via: OperationVia;
  operation: "ResetInstance";
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
  createdTime: string;
  stateChangedTime: string;
  latestOperation: string | null;
  latestOperationState: "SUCCESS" | "OPERATING" | "FAILED" | null;
  latestOperationRequestId: string | null;
  latestOperationErrorMsg: string | null;
  history: OperationRecord[];
}

/** Internal, mutable; times are simulated seconds. */
export interface Instance {
  instanceId: string;
  oldId?: string;
  name: string;
  uuid: string;
  region: Region;
  zoneIndex: number;
  state: InstanceState;
  stateSince: number;
  imageId: string;
  rootSize: number;
  rootId: string;
  rootType: string;
  cpu: number;
  memory: number;
  instanceType: string;
  keyIds: string[];
  hostName: string;
  createdAt: number;
  latestOperation: string | null;
  latestOperationState: "SUCCESS" | "OPERATING" | "FAILED" | null;
  latestOperationRequestId: string | null;
  latestOperationErrorMsg: string | null;
  taskIds: number[];
}

export interface Task {
  taskId: number;
  requestId: string;
  instanceId: string;
  via: OperationVia;
  startedAt: number;
  endsAt: number;
  outcome: TaskOutcome;
  fromImageId: string;
  toImageId: string;
  toRootSize?: number;
  keyIds?: string[];
  hostName?: string;
  status: "running" | "success" | "failed";
  errorMsg: string | null;
}

export interface ResetSpec {
  via: OperationVia;
  /** 3.0 passes its RequestId; legacy leaves it out and gets String(taskId). */
  requestId?: string;
  imageId: string;
  rootSize?: number;
  keyIds?: string[];
  hostName?: string;
  outcome: TaskOutcome;
}

export interface StoreTimings {
  reinstallSeconds: number;
  transitionSeconds: number;
}

export class InstanceStore {
  private readonly images = new Map<string, Image>();
  private readonly instances = new Map<string, Instance>();
  private readonly aliases = new Map<string, string>();
  private readonly tasks = new Map<number, Task>();
  private nextTaskId = 1_000_001;

  constructor(private readonly clock: Clock, private readonly timings: StoreTimings, images?: readonly ImageSeed[]) {
    this.seedImages(images && images.length > 0 ? images : DEFAULT_IMAGES);
  }

  // ---- images -------------------------------------------------------------------------------

  seedImages(seeds: readonly ImageSeed[]): void {
    const checked = seeds.map(validateImageSeed); // all-or-nothing
    for (const image of checked) this.images.set(image.imageId, image);
  }

  image(imageId: string): Image | undefined {
    return this.images.get(imageId);
  }

  /** Default image of a seeded instance: the first Linux image of the catalogue. */
  defaultImage(): Image {
    const all = [...this.images.values()];
    const image = all.find((i) => i.platform === "linux") ?? all[0];
    if (!image) throw new Error("the image catalogue is empty");
    return image;
  }

  // ---- instances ----------------------------------------------------------------------------

  seedInstances(seeds: readonly InstanceSeed[]): void {
    const now = this.clock.nowSeconds();
    const built = seeds.map((seed) => this.build(seed, now)); // validate all before changing anything
    for (const inst of built) {
      this.remove(inst.instanceId);
      this.instances.set(inst.instanceId, inst);
      if (inst.oldId) this.aliases.set(inst.oldId, inst.instanceId);
    }
  }

  private build(seed: InstanceSeed, now: number): Instance {
    if (!seed || typeof seed.instanceId !== "string" || !INSTANCE_ID_PATTERN.test(seed.instanceId)) {
      throw new Error(`instance seed: instanceId must match ins-xxxxxxxx (8 lowercase alphanumerics), got ${JSON.stringify(seed?.instanceId)}`);
    }
    const id = seed.instanceId;
    const region = regionFromAny(seed.region ?? DEFAULT_REGION);
    if (!region) throw new Error(`instance seed ${id}: unknown region ${JSON.stringify(seed.region)}`);
    const image = seed.imageId === undefined ? this.defaultImage() : this.images.get(seed.imageId);
    if (!image) throw new Error(`instance seed ${id}: unknown image ${JSON.stringify(seed.imageId)} (seed it first)`);
    const rootSize = seed.rootSize ?? 50;
    if (!Number.isInteger(rootSize) || rootSize <= 0) throw new Error(`instance seed ${id}: rootSize must be a positive integer`);
    const state = seed.state ?? "RUNNING";
    if (!INSTANCE_STATES.includes(state)) throw new Error(`instance seed ${id}: state must be one of ${INSTANCE_STATES.join(", ")}`);
    if (seed.oldId !== undefined && !/^qcvm[0-9a-z]+$/.test(seed.oldId)) {
      throw new Error(`instance seed ${id}: oldId must look like qcvm…, got ${JSON.stringify(seed.oldId)}`);
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
      rootType: "CLOUD_SSD",
      cpu: 2,
      memory: 4,
      instanceType: "S5.MEDIUM4",
      keyIds: [],
      hostName: `VM-0-${Number.parseInt(id.slice(4, 8), 36) % 255}-${image.platform === "windows" ? "win" : "centos"}`,
      createdAt: now,
      latestOperation: null,
      latestOperationState: null,
      latestOperationRequestId: null,
      latestOperationErrorMsg: null,
      taskIds: [],
    };
  }

  /** Looks an instance up by `ins-` id or `qcvm` alias, optionally only inside one region. */
  get(idOrAlias: string, regionLong?: string): Instance | undefined {
    this.settle();
    const inst = this.instances.get(idOrAlias) ?? this.instances.get(this.aliases.get(idOrAlias) ?? "");
    if (!inst) return undefined;
    if (regionLong !== undefined && inst.region.long !== regionLong) return undefined;
    return inst;
  }

  /** Canonical id for an id or alias, whatever the region (used to match faults). */
  canonicalId(idOrAlias: string): string | undefined {
    if (this.instances.has(idOrAlias)) return idOrAlias;
    return this.aliases.get(idOrAlias);
  }

  /** All instances (seed order), optionally only one region. */
  list(regionLong?: string): Instance[] {
    this.settle();
    return [...this.instances.values()].filter((i) => regionLong === undefined || i.region.long === regionLong);
  }

  remove(id: string): boolean {
    const canonical = this.canonicalId(id);
    if (canonical === undefined) return false;
    const inst = this.instances.get(canonical);
    if (inst?.oldId) this.aliases.delete(inst.oldId);
    return this.instances.delete(canonical);
  }

  isReinstalling(inst: Instance): boolean {
    return inst.taskIds.some((t) => this.tasks.get(t)?.status === "running");
  }

  // ---- tasks --------------------------------------------------------------------------------

  /** Accepts a reset (callers validated it): the instance is OPERATING until the task ends. */
  startReset(inst: Instance, spec: ResetSpec): Task {
    const now = this.clock.nowSeconds();
    const taskId = this.nextTaskId++;
    const task: Task = {
      taskId,
      requestId: spec.requestId ?? String(taskId),
      instanceId: inst.instanceId,
      via: spec.via,
      startedAt: now,
      endsAt: now + this.timings.reinstallSeconds,
      outcome: spec.outcome,
      fromImageId: inst.imageId,
      toImageId: spec.imageId,
      toRootSize: spec.rootSize,
      keyIds: spec.keyIds,
      hostName: spec.hostName,
      status: "running",
      errorMsg: null,
    };
    this.tasks.set(taskId, task);
    inst.taskIds.push(taskId);
    inst.latestOperation = "ResetInstance";
    inst.latestOperationState = "OPERATING";
    inst.latestOperationRequestId = task.requestId;
    inst.latestOperationErrorMsg = null;
    return task;
  }

  task(taskId: number): Task | undefined {
    this.settle();
    return this.tasks.get(taskId);
  }

  /** Finishes whatever the simulated clock says is finished. Cheap enough to call on every read. */
  settle(): void {
    const now = this.clock.nowSeconds();
    const due = [...this.tasks.values()].filter((t) => t.status === "running" && t.endsAt <= now).sort((a, b) => a.endsAt - b.endsAt);
    for (const task of due) this.finish(task);
    for (const inst of this.instances.values()) {
      const target = TRANSITIONS[inst.state];
      if (target && inst.stateSince + this.timings.transitionSeconds <= now) {
        inst.stateSince += this.timings.transitionSeconds;
        inst.state = target;
      }
    }
  }

  private finish(task: Task): void {
    const inst = this.instances.get(task.instanceId);
    if (!inst) {
      // The instance vanished while its task ran: the task can only have failed.
      task.status = "failed";
      task.errorMsg = "the instance no longer exists";
      return;
    }
    const image = this.images.get(task.toImageId);
    if (task.outcome === "success" && image) {
      const before = this.images.get(inst.imageId);
      if (before && before.platform !== image.platform) inst.rootId = newDiskId(); // Linux<->Windows: new system disk id
      inst.imageId = image.imageId;
      if (task.toRootSize !== undefined) inst.rootSize = task.toRootSize;
      inst.keyIds = task.keyIds ?? [];
      if (task.hostName !== undefined) inst.hostName = task.hostName;
      task.status = "success";
    } else {
      task.status = "failed";
      task.errorMsg =
        task.outcome === "faulty"
          ? "reinstall failed and the instance is now faulty (emulator fault: faulty)"
          : "reinstall failed, the instance keeps its previous image (emulator fault: taskFail)";
      if (task.outcome === "faulty") inst.state = "LAUNCH_FAILED";
    }
    // Our choice for the UNCONFIRMED final state: the instance returns to the state it had
    // before the reset (RUNNING stays RUNNING, STOPPED stays STOPPED), unless it became faulty.
    inst.stateSince = task.endsAt;
    if (inst.latestOperationRequestId === task.requestId) {
      inst.latestOperationState = task.status === "success" ? "SUCCESS" : "FAILED";
      inst.latestOperationErrorMsg = task.errorMsg;
    }
  }

  // ---- views --------------------------------------------------------------------------------

  snapshot(inst: Instance): InstanceRecord {
    const image = this.images.get(inst.imageId);
    const iso = (sim: number) => new Date(this.clock.wallMs(sim)).toISOString();
    return {
      instanceId: inst.instanceId,
      oldId: inst.oldId ?? null,
      name: inst.name,
      uuid: inst.uuid,
      region: inst.region.long,
      zone: zoneName(inst),
      state: inst.state,
      reinstalling: this.isReinstalling(inst),
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
      createdTime: iso(inst.createdAt),
      stateChangedTime: iso(inst.stateSince),
      latestOperation: inst.latestOperation,
      latestOperationState: inst.latestOperationState,
      latestOperationRequestId: inst.latestOperationRequestId,
      latestOperationErrorMsg: inst.latestOperationErrorMsg,
      history: inst.taskIds.flatMap((id) => {
        const t = this.tasks.get(id);
        if (!t) return [];
        return [
          {
            via: t.via,
            operation: "ResetInstance" as const,
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
}

/** Deterministic private/public addresses, so both dialects report the same ones. */
export function instanceAddresses(inst: Instance): { lanIp: string; wanIp: string } {
  let h = 0;
  for (const c of inst.instanceId) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return { lanIp: `10.0.${(h >> 8) & 255}.${(h & 253) + 2}`, wanIp: `203.0.113.${(h % 250) + 1}` };
}

export function zoneName(inst: Instance): string {
  return `${inst.region.long}-${inst.zoneIndex}`;
}

function newDiskId(): string {
  const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
  return `disk-${[...randomBytes(8)].map((b) => alphabet[b % alphabet.length]).join("")}`;
}
