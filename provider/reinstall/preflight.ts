/**
 * Pre-flight: the instance exists, it is in a state that allows a reset (a transitional state or
 * someone else's operation is waited out), and the declaration obeys the rules only the live
 * instance can decide. Nothing here writes anything.
 */
import type { InstanceView } from "../cvm/types";
import { ReinstallError } from "../errors";
import type { ReinstallInputs } from "../inputs";
import { declarationViolations, stateRule } from "../preflightRules";
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
    const rule = stateRule(view);
    if (rule.state === "ok") return { state: "success", label: view.phase };
    if (rule.state === "wait") return { state: "retry", label: rule.label };
    return {
        state: "failure",
        label: view.phase,
        reason: rule.violation.message.replace(/^Instance \S+ /, "").replace(/\.$/, ""),
    };
}

/** Waits until the instance allows a reset; throws (nothing submitted) when it never will in time. */
export async function settleForReset(
    op: ReinstallOperation,
    view: InstanceView,
    what = "running or stopped",
): Promise<InstanceView> {
    const first = resettable(view);
    if (first.state === "success") return view;
    if (first.state === "failure")
        throw new ReinstallError("INSTANCE_STATE", `Instance ${op.id} ${first.reason}.`, op.id);
    op.say(`is ${first.label}; waiting until it is ${what}`);
    const outcome = await pollInstance(op, resettable);
    const last = outcome.last?.view;
    if (outcome.state === "success" && last) return last;
    if (outcome.state === "timeout") {
        throw new ReinstallError(
            "DEADLINE_EXCEEDED",
            `Instance ${op.id} did not become ${what} before waitTimeoutMinutes ran out ` +
                `(seen: ${summarise(outcome.seen)}). Nothing was submitted; run \`pulumi up\` again later or raise waitTimeoutMinutes.`,
            op.id,
        );
    }
    if (!last) throw notFound(op.id);
    throw new ReinstallError("INSTANCE_STATE", `Instance ${op.id} ${outcome.reason}. Nothing was submitted.`, op.id);
}

/** Rules only the live instance can decide (shared with preview): the first broken one is thrown. */
export function checkLiveRules(inputs: ReinstallInputs, view: InstanceView): void {
    const [first] = declarationViolations(inputs, view);
    if (first) throw new ReinstallError(first.code, first.message, inputs.instanceId);
}
