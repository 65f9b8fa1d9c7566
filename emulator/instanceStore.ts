// The one instance store both dialects read and write: a reset through either shows as legacy
// status 14 and as LatestOperationState OPERATING in 3.0. Tasks, transitional states and guest
// boots finish lazily: every read calls settle() against the simulated clock, and `wake` asks the
// owner to call settle() at a simulated time when something must happen without a read (a boot
// that opens real listeners).
import type { Clock } from "./clock";
import { DEFAULT_IMAGES, type Image, type ImageSeed, validateImageSeed } from "./images";
import { allocateAddressIndex } from "./addressPool";
import { type Instance, type InstanceTag, newDiskId, TRANSITIONS } from "./instance";
import { buildInstance, type InstanceSeed } from "./instanceSeed";

export type OperationVia = "legacy" | "2017-03-12" | "outOfBand";
export type TaskOutcome = "success" | "taskFail" | "faulty";
export type TaskOperation = "ResetInstance" | "ResetInstancesPassword";

export interface Task {
    taskId: number;
    operation: TaskOperation;
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
    /** ResetInstancesPassword on a running instance: it is stopped, then started again. */
    forceStopped?: boolean;
    status: "running" | "success" | "failed";
    errorMsg: string | null;
}

export interface ResetSpec {
    via: OperationVia;
    /** 3.0 passes its RequestId; legacy leaves it out and gets String(taskId). */
    requestId?: string;
    /** A task id reserved with reserveTaskId() (legacy returns it before the task may start). */
    taskId?: number;
    imageId: string;
    rootSize?: number;
    keyIds?: string[];
    hostName?: string;
    outcome: TaskOutcome;
}

export interface StoreTimings {
    reinstallSeconds: number;
    transitionSeconds: number;
    passwordResetSeconds: number;
}

/** What the guest OS inside the instance is doing (not visible through DescribeInstances). */
export type GuestStatus = "up" | "booting" | "down" | "broken";

export interface BootPlan {
    seconds: number;
    broken: boolean;
}

/** Supplied by the owner: how long the next boot takes and whether it ends broken. */
export interface GuestPolicy {
    bootPlan(inst: Instance, image: Image | undefined): BootPlan;
    guestChanged(inst: Instance, status: GuestStatus): void;
}

/** What a read shows of an instance: the record plus the facts that live in its tasks. */
export interface Observed {
    inst: Instance;
    reinstalling: boolean;
    resettingPassword: boolean;
}

interface Guest {
    status: GuestStatus;
    since: number;
    bootEndsAt: number | null;
    broken: boolean;
}

interface LateReset {
    instanceId: string;
    dueAt: number;
    spec: ResetSpec;
    onStart?: (task: Task) => void;
}

const HISTORY_LIMIT = 32;
// A microsecond of slack: `start + duration` and `advance(duration)` round differently in floating
// point, and a task advanced by exactly its duration within the same millisecond must be done.
const SLACK = 1e-6;

export class InstanceStore {
    private readonly images = new Map<string, Image>();
    private readonly instances = new Map<string, Instance>();
    private readonly aliases = new Map<string, string>();
    private readonly tasks = new Map<number, Task>();
    private readonly guests = new Map<string, Guest>();
    private readonly addressIndex = new Map<string, number>();
    private readonly history = new Map<string, { at: number; before: Observed }[]>();
    private lateResets: LateReset[] = [];
    private nextTaskId = 1_000_001;
    private settling = false;
    /** Set by the owner: call settle() at this simulated time. */
    wake: (simSeconds: number) => void = () => undefined;
    guestPolicy: GuestPolicy = {
        bootPlan: (_i, image) => ({ seconds: image?.bootSeconds ?? 0, broken: image ? !image.healthy : false }),
        guestChanged: () => undefined,
    };

    constructor(
        private readonly clock: Clock,
        private readonly timings: StoreTimings,
        images?: readonly ImageSeed[],
    ) {
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

    imageList(): Image[] {
        return [...this.images.values()];
    }

    /** Default image of a seeded instance: the first Linux image of the catalogue. */
    defaultImage(): Image {
        const all = [...this.images.values()];
        const image = all.find((i) => i.platform === "linux") ?? all[0];
        if (!image) throw new Error("the image catalogue is empty");
        return image;
    }

    // ---- instances ----------------------------------------------------------------------------

    seedInstances(seeds: readonly InstanceSeed[]): Instance[] {
        const now = this.clock.nowSeconds();
        // validate all before changing anything
        const built = seeds.map((seed) => buildInstance(seed, now, this, this.addressFor(seed?.instanceId)));
        for (const inst of built) {
            this.remove(inst.instanceId);
            this.instances.set(inst.instanceId, inst);
            if (inst.oldId) this.aliases.set(inst.oldId, inst.instanceId);
            // A seeded running instance has booted already; a stopped one has not.
            this.setGuest(inst, inst.state === "RUNNING" ? "up" : "down", now);
        }
        return built;
    }

    /** The same id always gets the same addresses, across re-seeding. */
    private addressFor(instanceId: unknown): number {
        if (typeof instanceId !== "string") return 0;
        const known = this.addressIndex.get(instanceId);
        if (known !== undefined) return known;
        const next = allocateAddressIndex();
        this.addressIndex.set(instanceId, next);
        return next;
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
        if (inst) this.setGuest(inst, "down", this.clock.nowSeconds());
        this.guests.delete(canonical);
        this.history.delete(canonical);
        return this.instances.delete(canonical);
    }

    isReinstalling(inst: Instance): boolean {
        return inst.taskIds.some((t) => {
            const task = this.tasks.get(t);
            return task?.operation === "ResetInstance" && task.status === "running";
        });
    }

    isResettingPassword(inst: Instance): boolean {
        return inst.taskIds.some((t) => {
            const task = this.tasks.get(t);
            return task?.operation === "ResetInstancesPassword" && task.status === "running";
        });
    }

    /** The instance as reads show it now, or as a replica `lagSeconds` behind would show it. */
    observe(inst: Instance, lagSeconds = 0): Observed {
        if (lagSeconds > 0) {
            const cutoff = this.clock.nowSeconds() - lagSeconds;
            let oldest: { at: number; before: Observed } | undefined;
            for (const entry of this.history.get(inst.instanceId) ?? []) {
                if (entry.at > cutoff && (!oldest || entry.at < oldest.at)) oldest = entry;
            }
            if (oldest) return oldest.before;
        }
        return { inst, reinstalling: this.isReinstalling(inst), resettingPassword: this.isResettingPassword(inst) };
    }

    /** Runs a change of an instance and remembers what it looked like before (for lagging reads). */
    private change(inst: Instance, at: number, apply: () => void): void {
        const before: Observed = {
            inst: structuredClone(inst),
            reinstalling: this.isReinstalling(inst),
            resettingPassword: this.isResettingPassword(inst),
        };
        apply();
        let list = this.history.get(inst.instanceId);
        if (!list) {
            list = [];
            this.history.set(inst.instanceId, list);
        }
        list.push({ at, before });
        if (list.length > HISTORY_LIMIT) list.splice(0, list.length - HISTORY_LIMIT);
    }

    // ---- tags ---------------------------------------------------------------------------------

    /** Upserts `replace` and detaches `remove` (ModifyResourceTags semantics). */
    writeTags(inst: Instance, replace: readonly InstanceTag[], remove: readonly string[]): void {
        this.change(inst, this.clock.nowSeconds(), () => {
            const tags = inst.tags.filter((t) => !remove.includes(t.key));
            for (const tag of replace) {
                const existing = tags.find((t) => t.key === tag.key);
                if (existing) existing.value = tag.value;
                else tags.push({ key: tag.key, value: tag.value });
            }
            inst.tags = tags;
        });
    }

    // ---- guest --------------------------------------------------------------------------------

    guestStatus(inst: Instance): GuestStatus {
        return this.guests.get(inst.instanceId)?.status ?? "down";
    }

    /** Simulated time the guest entered its current status. */
    guestSince(inst: Instance): number {
        return this.guests.get(inst.instanceId)?.since ?? inst.createdAt;
    }

    /** Operator fixes (or breaks) a booted guest without a reboot. */
    setGuestHealth(inst: Instance, healthy: boolean): void {
        const status = this.guestStatus(inst);
        const now = this.clock.nowSeconds();
        if (healthy && status === "broken") this.setGuest(inst, "up", now);
        if (!healthy && status === "up") this.setGuest(inst, "broken", now);
        const guest = this.guests.get(inst.instanceId);
        if (guest && status === "booting") guest.broken = !healthy;
    }

    private setGuest(
        inst: Instance,
        status: GuestStatus,
        at: number,
        bootEndsAt: number | null = null,
        broken = false,
    ): void {
        const previous = this.guests.get(inst.instanceId)?.status;
        this.guests.set(inst.instanceId, { status, since: at, bootEndsAt, broken });
        if (bootEndsAt !== null) this.wake(bootEndsAt);
        if (previous !== status) this.guestPolicy.guestChanged(inst, status);
    }

    private startBoot(inst: Instance, at: number): void {
        const plan = this.guestPolicy.bootPlan(inst, this.images.get(inst.imageId));
        this.setGuest(inst, "booting", at, at + plan.seconds, plan.broken);
    }

    // ---- tasks --------------------------------------------------------------------------------

    /** Accepts a reset (callers validated it): the instance is OPERATING until the task ends. */
    startReset(inst: Instance, spec: ResetSpec, at = this.clock.nowSeconds()): Task {
        const taskId = spec.taskId ?? this.nextTaskId++;
        const task: Task = {
            taskId,
            operation: "ResetInstance",
            requestId: spec.requestId ?? String(taskId),
            instanceId: inst.instanceId,
            via: spec.via,
            startedAt: at,
            endsAt: at + this.timings.reinstallSeconds,
            outcome: spec.outcome,
            fromImageId: inst.imageId,
            toImageId: spec.imageId,
            toRootSize: spec.rootSize,
            keyIds: spec.keyIds,
            hostName: spec.hostName,
            status: "running",
            errorMsg: null,
        };
        this.change(inst, at, () => {
            this.tasks.set(taskId, task);
            inst.taskIds.push(taskId);
            inst.latestOperation = "ResetInstance";
            inst.latestOperationState = "OPERATING";
            inst.latestOperationRequestId = task.requestId;
            inst.latestOperationErrorMsg = null;
        });
        this.setGuest(inst, "down", at); // the system disk is being rewritten
        this.wake(task.endsAt);
        return task;
    }

    /** A reset accepted now but applied `delaySeconds` later (its reply was lost meanwhile). */
    startResetLate(inst: Instance, spec: ResetSpec, delaySeconds: number, onStart?: (task: Task) => void): void {
        const dueAt = this.clock.nowSeconds() + delaySeconds;
        this.lateResets.push({ instanceId: inst.instanceId, dueAt, spec, onStart });
        this.wake(dueAt);
    }

    /** ResetInstancesPassword (callers validated it). A running instance is stopped and started again. */
    startPasswordReset(inst: Instance, requestId: string): Task {
        const at = this.clock.nowSeconds();
        const taskId = this.nextTaskId++;
        const forceStopped = inst.state === "RUNNING";
        const task: Task = {
            taskId,
            operation: "ResetInstancesPassword",
            requestId,
            instanceId: inst.instanceId,
            via: "2017-03-12",
            startedAt: at,
            endsAt: at + this.timings.passwordResetSeconds,
            outcome: "success",
            fromImageId: inst.imageId,
            toImageId: inst.imageId,
            forceStopped,
            status: "running",
            errorMsg: null,
        };
        this.change(inst, at, () => {
            this.tasks.set(taskId, task);
            inst.taskIds.push(taskId);
            inst.latestOperation = "ResetInstancesPassword";
            inst.latestOperationState = "OPERATING";
            inst.latestOperationRequestId = requestId;
            inst.latestOperationErrorMsg = null;
            if (forceStopped) {
                inst.state = "STOPPING";
                inst.stateSince = at;
            }
        });
        if (forceStopped) this.setGuest(inst, "down", at);
        const third = this.timings.passwordResetSeconds / 3;
        this.wake(at + third);
        this.wake(at + 2 * third);
        this.wake(task.endsAt);
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

    /** Takes a task id now for a task that starts now or later. */
    reserveTaskId(): number {
        return this.nextTaskId++;
    }

    /** The id the next task will get (the reset record counts from here). */
    peekNextTaskId(): number {
        return this.nextTaskId;
    }

    /** Every task, oldest first (for the reset record). */
    allTasks(): Task[] {
        this.settle();
        return [...this.tasks.values()];
    }

    /** Finishes whatever the simulated clock says is finished. Cheap enough to call on every read. */
    settle(): void {
        if (this.settling) return;
        this.settling = true;
        try {
            const now = this.clock.nowSeconds() + SLACK;
            this.settleLateResets(now);
            const due = [...this.tasks.values()]
                .filter((t) => t.status === "running" && t.endsAt <= now)
                .sort((a, b) => a.endsAt - b.endsAt);
            for (const task of due) {
                if (task.operation === "ResetInstance") this.finishReset(task);
                else this.finishPasswordReset(task);
            }
            for (const task of this.tasks.values()) {
                if (task.status === "running" && task.operation === "ResetInstancesPassword" && task.forceStopped)
                    this.passwordPhase(task, now);
            }
            for (const inst of this.instances.values()) {
                const target = TRANSITIONS[inst.state];
                if (
                    target &&
                    !this.isResettingPassword(inst) &&
                    inst.stateSince + this.timings.transitionSeconds <= now
                ) {
                    const at = inst.stateSince + this.timings.transitionSeconds;
                    this.change(inst, at, () => {
                        inst.stateSince = at;
                        inst.state = target;
                    });
                    if (target === "RUNNING") this.startBoot(inst, at);
                    if (target === "STOPPED") this.setGuest(inst, "down", at);
                }
                const guest = this.guests.get(inst.instanceId);
                if (guest?.status === "booting" && guest.bootEndsAt !== null && guest.bootEndsAt <= now) {
                    this.setGuest(inst, guest.broken ? "broken" : "up", guest.bootEndsAt);
                }
            }
        } finally {
            this.settling = false;
        }
    }

    private settleLateResets(now: number): void {
        const waiting: LateReset[] = [];
        for (const late of this.lateResets.sort((a, b) => a.dueAt - b.dueAt)) {
            if (late.dueAt > now) {
                waiting.push(late);
                continue;
            }
            const inst = this.instances.get(late.instanceId);
            if (!inst) continue; // the instance vanished before the reset reached it
            const busy = inst.taskIds.map((id) => this.tasks.get(id)).find((t) => t?.status === "running");
            if (busy) {
                // Queued behind the running operation, as a backend would serialize them.
                if (busy.endsAt <= now) {
                    if (busy.operation === "ResetInstance") this.finishReset(busy);
                    else this.finishPasswordReset(busy);
                } else {
                    waiting.push({ ...late, dueAt: busy.endsAt });
                    this.wake(busy.endsAt);
                    continue;
                }
            }
            const task = this.startReset(inst, late.spec, late.dueAt);
            late.onStart?.(task);
        }
        this.lateResets = waiting;
    }

    private passwordPhase(task: Task, now: number): void {
        const inst = this.owning(task);
        if (!inst) return;
        const third = this.timings.passwordResetSeconds / 3;
        const phases: [number, Instance["state"]][] = [
            [task.startedAt + third, "STOPPED"],
            [task.startedAt + 2 * third, "STARTING"],
        ];
        for (const [at, state] of phases) {
            if (at <= now && inst.stateSince < at && inst.state !== state) {
                this.change(inst, at, () => {
                    inst.state = state;
                    inst.stateSince = at;
                });
            }
        }
    }

    private owning(task: Task): Instance | undefined {
        const found = this.instances.get(task.instanceId);
        // A re-seeded instance with the same id is another instance: the old task must not touch it.
        return found?.taskIds.includes(task.taskId) ? found : undefined;
    }

    private finishPasswordReset(task: Task): void {
        const inst = this.owning(task);
        if (!inst) {
            task.status = "failed";
            task.errorMsg = "the instance no longer exists";
            return;
        }
        this.change(inst, task.endsAt, () => {
            task.status = "success";
            if (task.forceStopped) {
                // Our choice (Tencent does not say): a force-stopped instance is started again.
                inst.state = "RUNNING";
                inst.stateSince = task.endsAt;
            }
            if (inst.latestOperationRequestId === task.requestId) {
                inst.latestOperationState = "SUCCESS";
                inst.latestOperationErrorMsg = null;
            }
        });
        if (task.forceStopped) this.startBoot(inst, task.endsAt);
    }

    private finishReset(task: Task): void {
        const inst = this.owning(task);
        if (!inst) {
            // The instance vanished while its task ran: the task can only have failed.
            task.status = "failed";
            task.errorMsg = "the instance no longer exists";
            return;
        }
        const image = this.images.get(task.toImageId);
        this.change(inst, task.endsAt, () => {
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
            // Our choice for the undocumented final state: the instance returns to the state it had
            // before the reset (RUNNING stays RUNNING, STOPPED stays STOPPED), unless it became faulty.
            inst.stateSince = task.endsAt;
            if (inst.latestOperationRequestId === task.requestId) {
                inst.latestOperationState = task.status === "success" ? "SUCCESS" : "FAILED";
                inst.latestOperationErrorMsg = task.errorMsg;
            }
        });
        if (inst.state === "RUNNING") this.startBoot(inst, task.endsAt);
    }
}
