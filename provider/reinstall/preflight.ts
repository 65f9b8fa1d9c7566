/**
 * Pre-flight: the instance exists, it is in a state that allows a reset (a transitional state or
 * someone else's operation is waited out), and the declaration obeys the rules only the live
 * instance can decide. Nothing here writes anything.
 */
import type { InstanceView } from "../cvm/types";
import { ReinstallError } from "../errors";
import type { ReinstallInputs } from "../inputs";
import { describePasswordRule, passwordViolation } from "../passwordPolicy";
import type { Verdict } from "../waiter";
import type { ReinstallOperation } from "./operation";
import { notFound, summarise } from "./outcomes";
import { pollInstance } from "./poll";

export async function readInstance(op: ReinstallOperation): Promise<InstanceView> {
    const view = await op.observe();
    if (!view) throw notFound(op.id);
    return view;
}

/** A pre-flight verdict: may a reset start now, must we wait, or can it never start? */
export function resettable(view: InstanceView | undefined): Verdict {
    if (!view) return { state: "failure", label: "missing", reason: "not found" };
    switch (view.phase) {
        case "running":
        case "stopped":
            return { state: "success", label: view.phase };
        case "reinstalling":
        case "transitional":
        case "busy":
            return { state: "retry", label: `${view.phase} (status ${view.rawStatus})` };
        default:
            return { state: "failure", label: view.phase, reason: `is ${view.phase} (status ${view.rawStatus}); a reinstall needs it running or stopped` };
    }
}

/** Waits until the instance allows a reset; throws (nothing submitted) when it never will in time. */
export async function settleForReset(op: ReinstallOperation, view: InstanceView, what = "running or stopped"): Promise<InstanceView> {
    const first = resettable(view);
    if (first.state === "success") return view;
    if (first.state === "failure") throw new ReinstallError("INSTANCE_STATE", `Instance ${op.id} ${first.reason}.`, op.id);
    op.say(`is ${first.label}; waiting until it is ${what}`);
    const outcome = await pollInstance(op, resettable);
    const last = outcome.last?.view;
    if (outcome.state === "success" && last) return last;
    if (outcome.state === "timeout") {
        throw new ReinstallError("DEADLINE_EXCEEDED", `Instance ${op.id} did not become ${what} before waitTimeoutMinutes ran out ` +
            `(seen: ${summarise(outcome.seen)}). Nothing was submitted; run \`pulumi up\` again later or raise waitTimeoutMinutes.`, op.id);
    }
    if (!last) throw notFound(op.id);
    throw new ReinstallError("INSTANCE_STATE", `Instance ${op.id} ${outcome.reason}. Nothing was submitted.`, op.id);
}

/** Rules only the live instance can decide: no shrinking, Windows passwords, keys on Windows. */
export function checkLiveRules(inputs: ReinstallInputs, view: InstanceView): void {
    const id = inputs.instanceId;
    if (inputs.rootSize !== undefined && view.rootSize !== undefined && inputs.rootSize < view.rootSize) {
        throw new ReinstallError("ROOT_SIZE_SHRINK", `rootSize ${inputs.rootSize} GB is smaller than the current system disk of ${id} ` +
            `(${view.rootSize} GB); a system disk never shrinks. Set rootSize to ${view.rootSize} or more, or remove it.`, id);
    }
    const sameImage = inputs.imageId === undefined || inputs.imageId === view.imageId;
    if (view.platform === "windows" && sameImage) {
        if (inputs.password !== undefined) {
            const why = passwordViolation(inputs.password, "windows", inputs.api);
            if (why) throw new ReinstallError("PASSWORD_POLICY", `password ${why} (${id} runs Windows: ${describePasswordRule("windows", inputs.api)}).`, id);
        }
        if (inputs.keyIds !== undefined) {
            throw new ReinstallError("INVALID_INPUT", `keyIds cannot be used on ${id}: it runs Windows, which takes a password instead.`, id);
        }
    }
}
