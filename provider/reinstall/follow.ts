/**
 * Following an accepted (or located) reset to its end, then verifying it and checking readiness.
 * Every way this can end after the reset was accepted records what the next run needs: a pending
 * reset to keep following, or a reinstall that is done but not ready.
 */
import type { InstanceView, TaskStatus } from "../cvm/types";
import type { PendingReset, ReinstallOutputs } from "../inputs";
import { formatDuration } from "../progress";
import { waitFor, type WaitOutcome } from "../waiter";
import type { ReinstallOperation } from "./operation";
import {
    CONFIRM_HINT,
    describeDeclared,
    describeImage,
    matchesDeclared,
    partialFailure,
    succeeded,
    summarise,
} from "./outcomes";
import { type Observation, observeTolerantly } from "./poll";
import type { RolloutPass } from "./rolloutGate";
import { recordIntent } from "./submit";

export type FollowResult =
    | { state: "succeeded"; view: InstanceView; at: number; summary: string }
    | { state: "failed"; reason: string; view?: InstanceView }
    | { state: "untraceable"; reason: string; view?: InstanceView }
    | { state: "timeout"; summary: string };

/** Polls until the reset ends. Throws only what is not a poll failure (e.g. credentials revoked). */
export async function followReset(
    op: ReinstallOperation,
    pending: PendingReset,
    baseline: InstanceView | undefined,
): Promise<FollowResult> {
    const { ctx } = op;
    const requestId = pending.requestId;
    const trace = ctx.client.traceReset(requestId ?? "", baseline);
    const askTask =
        ctx.client.describeTask && requestId !== undefined ? ctx.client.describeTask.bind(ctx.client) : undefined;
    let last: ReturnType<typeof trace> | undefined;
    const outcome: WaitOutcome<Observation & { task?: TaskStatus }> = await waitFor<
        Observation & { task?: TaskStatus }
    >({
        clock: ctx.clock,
        random: ctx.random,
        deadlineAt: op.deadlineAt,
        maxDelayMs: ctx.pollMaxMs,
        observe: async (dueAt) => {
            const obs = await observeTolerantly(op, dueAt);
            if (obs.view && askTask && obs.view.phase !== "reinstalling")
                return { ...obs, task: await askTask(requestId!) };
            return obs;
        },
        judge: (obs) => {
            if (obs.pollError !== undefined)
                return { state: "retry", label: `status read failed (${obs.pollError}); retrying` };
            if (!obs.view)
                return {
                    state: "failure",
                    label: "missing",
                    reason: "the instance vanished while it was being reinstalled",
                };
            if (obs.view.phase === "faulty")
                return {
                    state: "failure",
                    label: "faulty",
                    reason: `the instance became faulty (status ${obs.view.rawStatus})`,
                };
            last = trace(obs.view, obs.task);
            if (last.state === "running" || last.state === "pending") return { state: "retry", label: last.label };
            if (last.state === "failed") return { state: "failure", label: last.label, reason: last.reason };
            return { state: last.state === "succeeded" ? "success" : "failure", label: last.label, reason: last.label };
        },
        onProgress: (p) =>
            op.say(
                `${p.label}; ${formatDuration(p.elapsedMs)} elapsed, deadline in ${formatDuration(p.remainingMs)}, ${p.polls} polls`,
            ),
    });
    const view = outcome.last?.view;
    if (outcome.state === "timeout") return { state: "timeout", summary: summarise(outcome.seen) };
    if (outcome.state === "success" && view) {
        return {
            state: "succeeded",
            view,
            at: ctx.clock.now(),
            summary: `after ${formatDuration(outcome.elapsedMs)} and ${outcome.polls} polls (seen: ${summarise(outcome.seen)})`,
        };
    }
    if (last?.state === "untraceable") return { state: "untraceable", reason: last.label, ...(view ? { view } : {}) };
    return { state: "failed", reason: outcome.reason ?? "the reset failed", ...(view ? { view } : {}) };
}

/**
 * Follows an accepted reset of THIS declaration and finishes it: verify, mark the intent done,
 * readiness, outputs. Failures after acceptance are partial: the state keeps what the next run needs.
 */
export async function completeAccepted(
    op: ReinstallOperation,
    pending: PendingReset,
    baseline: InstanceView | undefined,
    pass: RolloutPass | undefined,
): Promise<ReinstallOutputs> {
    const fail = (reason: string) => pass?.done({ ok: false, reason });
    let result: FollowResult;
    try {
        result = await followReset(op, pending, baseline);
    } catch (error) {
        fail((error as Error).message);
        throw partialFailure(
            op,
            "WAIT_INTERRUPTED",
            `Instance ${op.id}: the reinstall${pending.requestId ? ` (request ${pending.requestId})` : ""} was accepted, ` +
                `but following it failed: ${(error as Error).message.replace(/\.?$/, ".")} It is recorded as pending: run \`pulumi up\` again to keep following it; ` +
                "it will not be submitted twice.",
            { pendingReset: pending },
        );
    }
    const request = pending.requestId ? ` (request ${pending.requestId})` : "";
    if (result.state === "timeout") {
        fail("deadline");
        throw partialFailure(
            op,
            "DEADLINE_EXCEEDED",
            `Instance ${op.id}: the reinstall${request} was accepted but not confirmed within ` +
                `waitTimeoutMinutes=${op.inputs.waitTimeoutMinutes} (seen: ${result.summary}). It is recorded as pending: ` +
                "run `pulumi up` again to keep waiting for it; it will not be submitted twice.",
            { pendingReset: pending },
        );
    }
    if (result.state === "failed") {
        fail(result.reason);
        throw partialFailure(
            op,
            "TASK_FAILED",
            `Instance ${op.id}: ${result.reason}. The API reports the reset as failed, so the declaration ` +
                "was not applied: run `pulumi up` again to submit it again.",
            { pendingReset: pending },
        );
    }
    if (result.state === "untraceable") {
        const view = result.view;
        if (view && provablyApplied(op, pending, view))
            return finish(op, pending, view, pass, `${describeImage(view)}, which only this reset could have set`);
        fail(result.reason);
        throw partialFailure(
            op,
            "OUTCOME_UNKNOWN",
            `Instance ${op.id}: the reinstall${request} was accepted, but ${result.reason} before it ` +
                `could be seen to end, so whether it succeeded is unknown. ${CONFIRM_HINT}`,
            { pendingReset: pending },
        );
    }
    if (!matchesDeclared(op.inputs, result.view)) {
        fail("verify mismatch");
        throw partialFailure(
            op,
            "VERIFY_MISMATCH",
            `Instance ${op.id}: the reinstall${request} finished but the instance runs ` +
                `${describeImage(result.view)}, not ${describeDeclared(op.inputs)} as declared. It is not submitted again for the same ` +
                `declaration. ${CONFIRM_HINT}`,
            { pendingReset: pending },
        );
    }
    op.say(`reinstalled: ${describeImage(result.view)} ${result.summary}`);
    return finish(op, pending, result.view, pass, undefined, result.at);
}

/** The image changed from what the pre-reset read showed to exactly the declared one. */
function provablyApplied(op: ReinstallOperation, pending: PendingReset, view: InstanceView): boolean {
    return (
        op.inputs.imageId !== undefined &&
        pending.baselineImageId !== undefined &&
        pending.baselineImageId !== op.inputs.imageId &&
        matchesDeclared(op.inputs, view)
    );
}

async function finish(
    op: ReinstallOperation,
    pending: PendingReset,
    view: InstanceView,
    pass: RolloutPass | undefined,
    adopted?: string,
    at = op.ctx.clock.now(),
): Promise<ReinstallOutputs> {
    if (adopted) op.say(`adopting the earlier reset: the instance runs ${adopted}`);
    await recordIntent(
        op,
        { ...view, latestOperation: { requestId: pending.baselineRequestId } },
        Date.parse(pending.submittedAt),
        "done",
        pending.requestId,
    );
    return checkReady(op, view, pending.requestId, at, pass);
}

/** Readiness after a successful task (also the re-check of a later run). */
export async function checkReady(
    op: ReinstallOperation,
    view: InstanceView,
    requestId: string | undefined,
    taskSucceededAt: number,
    pass: RolloutPass | undefined,
): Promise<ReinstallOutputs> {
    const gate = op.ctx.gate;
    if (!op.inputs.readiness || !gate) {
        pass?.done({ ok: true });
        return succeeded(op, view, requestId, op.inputs.readiness ? true : undefined);
    }
    const verdict = await gate.ready(op.inputs, view, taskSucceededAt, op.ctx.client);
    if (verdict.ready) {
        pass?.done({ ok: true });
        op.say("ready");
        return succeeded(op, view, requestId, true);
    }
    pass?.done({ ok: false, reason: verdict.reason });
    throw partialFailure(
        op,
        "NOT_READY",
        `Instance ${op.id} was reinstalled but is not ready: ${verdict.reason}. It is recorded as ` +
            "reinstalled and not ready; the next `pulumi up` checks readiness again without reinstalling.",
        { done: { ...(requestId ? { requestId } : {}), view, ready: false } },
    );
}
