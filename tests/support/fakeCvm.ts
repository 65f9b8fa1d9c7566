import { api3LocateReset, api3TraceReset } from "../../provider/cvm/api3Trace";
import { systemClock } from "../../provider/cvm/clock";
import { legacyLocateReset, legacyTraceReset } from "../../provider/cvm/legacyTrace";
import { acceptReset } from "../../provider/cvm/resetOutcome";
import type { ClientCapabilities, CvmClient, Dialect, InstanceView, ResetOutcome, ResetRequest, TaskStatus } from "../../provider/cvm/types";

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
    readonly failNext: { describe: unknown[]; reset: unknown[] } = { describe: [], reset: [] };
    /** Apply the reset even though the queued reset error is thrown (a response lost after the fact). */
    applyFailedReset = false;
    private pendingPolls = new Map<string, number>();
    private target = new Map<string, Partial<InstanceView>>();
    private seq = 1000;

    readonly capabilities: ClientCapabilities;
    readonly traceReset: CvmClient["traceReset"];
    readonly locateReset: CvmClient["locateReset"];

    constructor(readonly dialect: Dialect, readonly instances: Map<string, FakeInstance>) {
        const api3 = dialect === "2017-03-12";
        this.capabilities = { latestOperation: api3, intentTags: false, dryRun: false, passwordReset: false, commands: false };
        this.traceReset = api3 ? api3TraceReset : legacyTraceReset;
        this.locateReset = api3 ? api3LocateReset : legacyLocateReset;
    }

    submitReset(request: ResetRequest): Promise<ResetOutcome> {
        return acceptReset(() => this.resetInstance(request), systemClock);
    }

    async describeInstances(ids: readonly string[]): Promise<Map<string, InstanceView>> {
        this.calls.push({ action: "DescribeInstances", ids: [...ids] });
        const error = this.failNext.describe.shift();
        if (error) throw error;
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
        const requestId = this.dialect === "legacy" ? String(++this.seq) : `req-${++this.seq}`;
        this.target.set(request.instanceId, { imageId: request.imageId ?? inst.view.imageId, rootSize: request.rootSize ?? inst.view.rootSize });
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

    async describeTask(): Promise<TaskStatus> {
        this.calls.push({ action: "DescribleTaskResult", ids: [] });
        return "unknown";
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
    return { view: { instanceId, phase: "running", rawStatus: 2, imageId: "img-centos79", osName: "CentOS 7.9", rootSize: 50, platform: "linux", ...extra } };
}
