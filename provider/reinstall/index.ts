/**
 * The reinstall saga: resume what an earlier run left → pre-flight → rollout permission → submit
 * exactly once → follow → verify → readiness. The protocol, with every outcome and every moment a
 * process can die, is written down in docs/exactly-once.md.
 */
import type { ReinstallInputs, ReinstallOutputs } from "../inputs";
import { checkReady } from "./follow";
import { createOperation, type ReinstallContext } from "./operation";
import { checkLiveRules, readInstance, settleForReset } from "./preflight";
import { resolveOrphan, resumePending } from "./resume";
import { once } from "./rolloutGate";
import { submitAndFollow } from "./submit";

export type { ReinstallContext } from "./operation";
export type { RolloutGate, RolloutPass } from "./rolloutGate";

/**
 * Create, or an update that reinstalls. `previous` is the recorded state: its pending reset is
 * resolved instead of wiping the disk again.
 */
export async function reinstall(
    ctx: ReinstallContext,
    inputs: ReinstallInputs,
    previous?: ReinstallOutputs,
): Promise<ReinstallOutputs> {
    const op = createOperation(ctx, inputs, previous);
    let resumed = previous?.pendingReset ? await resumePending(op, previous.pendingReset) : undefined;
    if (resumed?.state === "done") return resumed.outputs;
    let view = resumed?.view ?? (await readInstance(op));
    if (!resumed?.proven) {
        resumed = await resolveOrphan(op, view);
        if (resumed.state === "done") return resumed.outputs;
        view = resumed.view ?? view;
    }
    view = await settleForReset(op, view);
    checkLiveRules(inputs, view);
    const queuedAt = ctx.clock.now();
    const pass = once(await ctx.gate?.admit(inputs, { resumed: false }));
    try {
        if (ctx.clock.now() - queuedAt > 1000) {
            // Waited for the rollout: the instance may have changed meanwhile.
            view = await settleForReset(op, await readInstance(op));
            checkLiveRules(inputs, view);
        }
        return await submitAndFollow(op, view, pass);
    } catch (error) {
        // submitAndFollow reports every failure after acceptance itself; this covers refusals before it.
        pass?.done({ ok: false, reason: (error as Error).message });
        throw error;
    }
}

/** An update whose declaration is unchanged but whose last reinstall was not ready: readiness only, no reset. */
export async function recheckReadiness(
    ctx: ReinstallContext,
    inputs: ReinstallInputs,
    previous: ReinstallOutputs,
): Promise<ReinstallOutputs> {
    const op = createOperation(ctx, inputs, previous);
    op.say("the last reinstall was not ready; checking readiness again (no reinstall)");
    const view = await readInstance(op);
    const pass = once(await ctx.gate?.admit(inputs, { resumed: true }));
    const outs = await checkReady(op, view, previous.requestId, ctx.clock.now(), pass);
    return { ...outs, reinstalledAt: previous.reinstalledAt ?? outs.reinstalledAt };
}
