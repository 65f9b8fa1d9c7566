// The one instance store both dialects read and write: a reset through either shows as legacy
// status 14 and as LatestOperationState OPERATING in 3.0. Tasks and transitional states finish
// lazily: every read calls settle() against the simulated clock.
import type { Clock } from "./clock";
import { DEFAULT_IMAGES, Image, ImageSeed, validateImageSeed } from "./images";
import { Instance, newDiskId, TRANSITIONS } from "./instance";
import { buildInstance, InstanceSeed } from "./instanceSeed";

export type OperationVia = "legacy" | "2017-03-12" | "outOfBand";
export type TaskOutcome = "success" | "taskFail" | "faulty";

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
    const built = seeds.map((seed) => buildInstance(seed, now, this)); // validate all before changing anything
    for (const inst of built) {
      this.remove(inst.instanceId);
      this.instances.set(inst.instanceId, inst);
      if (inst.oldId) this.aliases.set(inst.oldId, inst.instanceId);
    }
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

  /** Without settling: for views that already settled. */
  taskById(taskId: number): Task | undefined {
    return this.tasks.get(taskId);
  }

  /** Finishes whatever the simulated clock says is finished. Cheap enough to call on every read. */
  settle(): void {
    // A microsecond of slack: `start + duration` and `advance(duration)` round differently in floating
    // point, and a task advanced by exactly its duration within the same millisecond must be done.
    const now = this.clock.nowSeconds() + 1e-6;
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
    const found = this.instances.get(task.instanceId);
    // A re-seeded instance with the same id is another instance: the old task must not touch it.
    const inst = found && found.taskIds.includes(task.taskId) ? found : undefined;
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
}
