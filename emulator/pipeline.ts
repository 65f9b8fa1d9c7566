// What happens to an authenticated API call in either dialect: rate limit, injected faults,
// the action itself, the response, and the outcome recorded in the request log.
import type { ServerResponse } from "node:http";
import type { Cloud } from "./cloud";
import { type FaultKind, type FaultSpec, TASK_FAULTS } from "./faults";
import { dropConnection, sendBadGateway, sendJson } from "./httpIo";
import type { Instance } from "./instance";
import type { ResetSpec } from "./instanceStore";
import type { LoggedRequest } from "./requestLog";

export type TaskFaultKind = "taskFail" | "faulty" | "vanish";

/**
 * Handlers call `taskFault()` when (and only when) they accept a reset (it consumes a matching
 * task fault), then `start()` to apply it: at once, or later when an applyLate fault is armed.
 */
export interface ResetGate {
    taskFault(): TaskFaultKind | undefined;
    start(inst: Instance, spec: ResetSpec): void;
}

export interface HandlerResult {
    body: unknown;
    /** "ok" or the error code / codeDesc. */
    outcome: string;
}

export interface ApiCall {
    res: ServerResponse;
    entry: LoggedRequest;
    action: string;
    instanceIds: readonly string[];
    admit(): boolean;
    /** The dialect's envelope for throttling, a busy backend and an injected server error. */
    errorFor(kind: "throttle" | "systemBusy" | "serverError", code?: string): HandlerResult;
    handle(gate: ResetGate): HandlerResult;
}

const PRE_FAULTS: readonly FaultKind[] = ["http500", "dropBeforeApply", "throttle", "systemBusy", "errorBeforeApply"];
const POST_FAULTS: readonly FaultKind[] = [
    "dropAfterApply",
    "delayReply",
    "hangAfterApply",
    "errorAfterApply",
    "applyLate",
];

export async function runApiCall(cloud: Cloud, call: ApiCall): Promise<void> {
    const { res, entry } = call;
    if (!call.admit()) {
        const throttled = call.errorFor("throttle");
        sendJson(res, 200, throttled.body);
        entry.outcome = throttled.outcome;
        return;
    }

    // Faults match the ids as sent and their canonical form, so a fault armed on ins-… also hits
    // a legacy call that names the instance by its qcvm alias.
    const ids = [...new Set(call.instanceIds.flatMap((id) => [id, cloud.store.canonicalId(id) ?? id]))];
    const slow = cloud.faults.take(["slow"], call.action, ids);
    if (slow) await cloud.sleep(slow.delayMs ?? 1000);

    const pre = cloud.faults.take(PRE_FAULTS, call.action, ids);
    switch (pre?.kind) {
        case "http500":
            sendBadGateway(res);
            entry.outcome = "http500";
            return;
        case "dropBeforeApply":
            dropConnection(res);
            entry.outcome = "dropBeforeApply";
            return;
        case "throttle":
        case "systemBusy":
            sendJson(res, 200, call.errorFor(pre.kind).body);
            entry.outcome = pre.kind;
            return;
        case "errorBeforeApply":
            sendJson(res, 200, call.errorFor("serverError", pre.code).body);
            entry.outcome = "errorBeforeApply";
            return;
    }

    const post = cloud.faults.take(POST_FAULTS, call.action, ids);
    let taskFault: TaskFaultKind | undefined;
    const result = call.handle({
        taskFault: () => {
            taskFault = cloud.faults.take(TASK_FAULTS, call.action, ids)?.kind as TaskFaultKind | undefined;
            return taskFault;
        },
        start: (inst, spec) => {
            if (post?.kind === "applyLate") cloud.store.startResetLate(inst, spec, post.seconds ?? 5);
            else cloud.store.startReset(inst, spec);
        },
    });
    if (post) return finishWithFault(cloud, call, post, result);
    sendJson(res, 200, result.body);
    entry.outcome = taskFault ?? (slow && result.outcome === "ok" ? "slow" : result.outcome);
}

/** The action ran (or, for applyLate, was accepted); now its reply goes wrong as the fault says. */
async function finishWithFault(cloud: Cloud, call: ApiCall, fault: FaultSpec, result: HandlerResult): Promise<void> {
    const { res, entry } = call;
    entry.outcome = fault.kind;
    switch (fault.kind) {
        case "dropAfterApply":
        case "applyLate":
            dropConnection(res);
            return;
        case "hangAfterApply":
            // Nothing is ever written; the client's timeout (or the emulator's close) ends the exchange.
            return;
        case "delayReply":
            await cloud.sleep(fault.delayMs ?? 1000);
            sendJson(res, 200, result.body);
            return;
        case "errorAfterApply":
            sendJson(res, 200, call.errorFor("serverError", fault.code).body);
            return;
    }
}
