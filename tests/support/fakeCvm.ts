import { api3LocateReset, api3TraceReset } from "../../provider/cvm/api3Trace";
import { type Clock, systemClock } from "../../provider/cvm/clock";
import { legacyLocateReset, legacyTraceReset } from "../../provider/cvm/legacyTrace";
import { acceptReset } from "../../provider/cvm/resetOutcome";
import type {
    ClientCapabilities,
    CvmClient,
    Dialect,
    InstanceView,
    ResetOutcome,
    ResetRequest,
    TaskStatus,
} from "../../provider/cvm/types";

/** One instance of the in-memory fake: a reset keeps it reinstalling for `resetPolls` describes. */
export interface FakeInstance {
    view: InstanceView;
    resetPolls?: number;
}

/**
 * A scripted in-memory CvmClient for unit tests of the reinstall flow (the protocol and host layers
 * use the real client against the emulator). `failNext` queues errors for the next calls of an action.
 */
export class FakeCvm implements CvmClient {
    readonly calls: { action: string; ids: string[] }[] = [];
    readonly failNext: { describe: unknown[]; reset: unknown[]; tags: unknown[] } = {
        describe: [],
        reset: [],
        tags: [],
    };
    /** Apply the reset even though the queued reset error is thrown (a response lost after the fact). */
    applyFailedReset = false;
    private pendingPolls = new Map<string, number>();
    private target = new Map<string, Partial<InstanceView>>();
    private seq = 1000;

    readonly capabilities: ClientCapabilities;
    readonly resetAction: string;
    readonly traceReset: CvmClient["traceReset"];
    readonly locateReset: CvmClient["locateReset"];

    constructor(
        readonly dialect: Dialect,
        readonly instances: Map<string, FakeInstance>,
    ) {
        const api3 = dialect === "2017-03-12";
        this.resetAction = api3 ? "ResetInstance" : "ResetInstances";
        this.capabilities = {
            latestOperation: api3,
            intentTags: api3,
            dryRun: false,
            passwordReset: false,
            commands: false,
        };
        this.traceReset = api3 ? api3TraceReset : legacyTraceReset;
        this.locateReset = api3 ? api3LocateReset : legacyLocateReset;
    }

    /** Time of `signedAt` in unknown outcomes; tests set their fake clock. */
    clock: Clock = systemClock;
    /** Instances whose next reset task ends FAILED, leaving the image as it was. */
    readonly failTasks = new Set<string>();

    submitReset(request: ResetRequest): Promise<ResetOutcome> {
        return acceptReset(() => this.resetInstance(request), this.clock);
    }

    /** Views served instead of the live ones while reads lag (see {@link lagReads}). */
    private stale: { views: Map<string, InstanceView>; reads: number } | undefined;

    /** The next `reads` describes answer the instances as they are now, whatever happens meanwhile. */
    lagReads(reads: number): void {
        this.stale = { views: new Map([...this.instances].map(([id, inst]) => [id, { ...inst.view }])), reads };
    }

    async writeTags(instanceId: string, tags: Readonly<Record<string, string>>): Promise<void> {
        this.calls.push({ action: "ModifyResourceTags", ids: [instanceId] });
        const error = this.failNext.tags.shift();
        if (error) throw error;
        const inst = this.instances.get(instanceId)!;
        inst.view = { ...inst.view, tags: { ...inst.view.tags, ...tags } };
    }

    /** Someone else's operation becomes the latest one (API 3.0). */
    foreignOperation(instanceId: string, name: string): void {
        const inst = this.instances.get(instanceId)!;
        inst.view = { ...inst.view, latestOperation: { name, state: "SUCCESS", requestId: `foreign-${++this.seq}` } };
    }

    /** Resets per instance, as the fake applied them. */
    resets(instanceId: string): number {
        return this.applied.get(instanceId) ?? 0;
    }

    private applied = new Map<string, number>();

    async describeInstances(ids: readonly string[]): Promise<Map<string, InstanceView>> {
        this.calls.push({ action: "DescribeInstances", ids: [...ids] });
        const error = this.failNext.describe.shift();
        if (error) throw error;
        if (this.stale && this.stale.reads-- > 0) {
            const lagging = new Map<string, InstanceView>();
            for (const id of ids) {
                const v = this.stale.views.get(id);
                if (v) lagging.set(id, { ...v });
            }
            return lagging;
        }
        const out = new Map<string, InstanceView>();
        for (const id of ids) {
            const inst = this.instances.get(id);
            if (!inst) continue;
            const left = this.pendingPolls.get(id);
            if (left !== undefined) {
                if (left <= 0) this.finish(id, inst);
                else this.pendingPolls.set(id, left - 1);
            }
            out.set(id, { ...inst.view });
        }
        return out;
    }

    async resetInstance(request: ResetRequest): Promise<{ requestId: string }> {
        this.calls.push({ action: "ResetInstance", ids: [request.instanceId] });
        const error = this.failNext.reset.shift();
        if (error && !this.applyFailedReset) throw error;
        const inst = this.instances.get(request.instanceId)!;
        this.applied.set(request.instanceId, (this.applied.get(request.instanceId) ?? 0) + 1);
        const requestId = this.dialect === "legacy" ? String(++this.seq) : `req-${++this.seq}`;
        this.target.set(request.instanceId, {
            imageId: request.imageId ?? inst.view.imageId,
            rootSize: request.rootSize ?? inst.view.rootSize,
        });
        this.pendingPolls.set(request.instanceId, inst.resetPolls ?? 2);
        inst.view = {
            ...inst.view,
            phase: "reinstalling",
            rawStatus: this.dialect === "legacy" ? 14 : inst.view.rawStatus,
            latestOperation: { name: "ResetInstance", state: "OPERATING", requestId },
        };
        if (error) throw error;
        return { requestId };
    }

    private readonly taskFailed = new Set<string>();

    async describeTask(taskId: string): Promise<TaskStatus> {
        this.calls.push({ action: "DescribleTaskResult", ids: [] });
        return this.taskFailed.has(taskId) ? "failed" : "unknown";
    }

    /** Lets a running reset finish at the next describe (e.g. after the first run's deadline). */
    finishSoon(id: string): void {
        if (this.pendingPolls.has(id)) this.pendingPolls.set(id, 1);
    }

    count(action: string): number {
        return this.calls.filter((c) => c.action === action).length;
    }

    private finish(id: string, inst: FakeInstance): void {
        this.pendingPolls.delete(id);
        if (this.failTasks.delete(id)) {
            inst.view = {
                ...inst.view,
                phase: "running",
                rawStatus: this.dialect === "legacy" ? 2 : "RUNNING",
                latestOperation: {
                    ...inst.view.latestOperation,
                    state: "FAILED",
                    errorMessage: "image download failed",
                },
            };
            this.taskFailed.add(inst.view.latestOperation?.requestId ?? "");
            return;
        }
        inst.view = {
            ...inst.view,
            ...this.target.get(id),
            phase: "running",
            rawStatus: this.dialect === "legacy" ? 2 : "RUNNING",
            latestOperation: { ...inst.view.latestOperation, state: "SUCCESS" },
        };
    }
}

export function runningInstance(instanceId: string, extra: Partial<InstanceView> = {}): FakeInstance {
    return {
        view: {
            instanceId,
            phase: "running",
            rawStatus: 2,
            imageId: "img-centos79",
            osName: "CentOS 7.9",
            rootSize: 50,
            platform: "linux",
            ...extra,
        },
    };
}
