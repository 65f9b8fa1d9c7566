/**
 * Resuming what an earlier run left, before anything new is submitted:
 * - a pending reset in the recorded state (accepted: follow it with the dialect that submitted it;
 *   unknown: resolve it from the instance);
 * - with no record in state (a create whose host or CLI was killed, or state lost): the intent tag
 *   on the instance (API 3.0) tells this declaration's own earlier reset from anyone else's; legacy
 *   has no such record, so a reinstall found in progress stops the run instead of being adopted.
 */
import type { InstanceView } from "../cvm/types";
import { isReinstallError } from "../errors";
import type { PendingReset, ReinstallOutputs } from "../inputs";
import { completeAccepted, followReset } from "./follow";
import { intentMatches } from "./intent";
import { INTENT_TAG_KEY, parseIntentTag } from "./intentTag";
import { type ReinstallOperation, throughDialect } from "./operation";
import { CONFIRM_HINT, describeImage, matchesDeclared, partialFailure } from "./outcomes";
import { readInstance } from "./preflight";
import { settleUnknown, type UnknownResolution } from "./settleUnknown";
import { checkReady } from "./follow";
import { once, type RolloutPass } from "./rolloutGate";

/** `fresh`: nothing earlier stands in the way: submit as declared (`view` is the latest read). */
export type Resumed =
    | { state: "done"; outputs: ReinstallOutputs }
    | { state: "fresh"; view?: InstanceView; proven?: boolean };

/** Permission to continue an earlier run's reset: it occupies a slot but is no new wipe. */
async function admitResumed(op: ReinstallOperation): Promise<RolloutPass | undefined> {
    return once(await op.ctx.gate?.admit(op.inputs, { resumed: true }));
}

const withBaseline = (view: InstanceView, requestId: string | undefined): InstanceView => ({
    ...view,
    latestOperation: requestId ? { requestId } : {},
});

export async function resumePending(op: ReinstallOperation, pending: PendingReset): Promise<Resumed> {
    const previous = op.previous!;
    const same = intentMatches(pending, op.inputs, previous.password);
    const dialect = pending.dialect ?? previous.api ?? "legacy";
    const traced = throughDialect(op, dialect);
    const via = dialect === op.ctx.client.dialect ? "" : ` through the ${dialect} API that submitted it`;
    if (pending.outcome === "unknown") {
        if (!same) {
            op.say(
                "an earlier reset's outcome is unknown, and the declaration changed since: reinstalling as now declared",
            );
            return { state: "fresh" };
        }
        op.say(
            `resolving the reset of ${pending.submittedAt} whose outcome is unknown${via}, instead of submitting another`,
        );
        const view = await readInstance(traced);
        const baseline = withBaseline(view, pending.baselineRequestId);
        const settled = await settleUnknown(traced, baseline, Date.parse(pending.submittedAt));
        return actOnSettled(
            traced,
            settled,
            pending,
            baseline,
            `whether the reset of ${pending.submittedAt} was applied is still unknown`,
        );
    }

    op.say(
        `resuming the reset submitted at ${pending.submittedAt} (request ${pending.requestId})${via} instead of submitting another`,
    );
    const baseline = pending.baselineRequestId
        ? withBaseline(await readInstance(traced), pending.baselineRequestId)
        : undefined;
    if (same) {
        const pass = await admitResumed(op);
        try {
            return { state: "done", outputs: await completeAccepted(traced, pending, baseline, pass) };
        } catch (error) {
            // A task the API reports FAILED did not apply the declaration: the next step submits it again.
            if (isReinstallError(error) && error.code === "TASK_FAILED") {
                op.say(
                    `the earlier reset failed (${(error as Error).message.split(". ")[0]}); submitting the declaration again`,
                );
                return { state: "fresh" };
            }
            throw error;
        }
    }
    const result = await followReset(traced, pending, baseline);
    if (result.state === "timeout") {
        throw partialFailure(
            op,
            "DEADLINE_EXCEEDED",
            `Instance ${op.id}: the earlier reset (request ${pending.requestId}) is still running after ` +
                "waitTimeoutMinutes; the new declaration is applied once it has ended. Run `pulumi up` again.",
            { pendingReset: pending },
        );
    }
    op.say(`the earlier reset ended (${result.state}); the declaration changed since, so reinstalling as now declared`);
    return { state: "fresh" };
}

/**
 * With no pending reset recorded: an earlier run of this same declaration may have reset the
 * instance and died before the engine recorded it. Returns `done` when that reset is provably
 * this declaration's, `fresh` when nothing earlier is ours, and stops when the facts cannot decide.
 */
export async function resolveOrphan(op: ReinstallOperation, view: InstanceView): Promise<Resumed> {
    const { client } = op.ctx;
    if (!client.capabilities.intentTags) {
        if (view.phase !== "reinstalling") return { state: "fresh", view };
        const submittedAt = new Date(op.ctx.clock.now()).toISOString();
        throw partialFailure(
            op,
            "OUTCOME_UNKNOWN",
            `Instance ${op.id} is being reinstalled (status ${view.rawStatus}) and this resource has no ` +
                "record of submitting it: it may be the reset of an earlier run that was killed before the engine recorded it, or " +
                "someone else's. The legacy API cannot tell them apart, so nothing was sent. Wait for it to end. " +
                CONFIRM_HINT,
            { pendingReset: { submittedAt, intent: op.intent, dialect: client.dialect, outcome: "unknown" } },
        );
    }
    const tag = parseIntentTag(view.tags?.[INTENT_TAG_KEY]);
    if (!tag || tag.intent !== op.intent || tag.status === "refused") return { state: "fresh", view };
    const baseline = withBaseline(view, tag.baselineRequestId);
    const pending: PendingReset = {
        submittedAt: new Date(tag.signedAt).toISOString(),
        intent: op.intent,
        dialect: client.dialect,
        outcome: "accepted",
        ...(tag.baselineRequestId ? { baselineRequestId: tag.baselineRequestId } : {}),
    };
    if (tag.status === "done" && tag.requestId) {
        if (matchesDeclared(op.inputs, view)) {
            op.say(
                `this exact declaration was already applied by an earlier run (request ${tag.requestId}, ${describeImage(view)}); ` +
                    "recording it without reinstalling (change `triggers` to reinstall again)",
            );
            return {
                state: "done",
                outputs: await checkReady(op, view, tag.requestId, op.ctx.clock.now(), await admitResumed(op)),
            };
        }
        return { state: "fresh", view };
    }
    const where = client.locateReset(baseline, view);
    if (
        where.state === "found" &&
        view.latestOperation?.state === "FAILED" &&
        view.latestOperation.requestId === where.requestId
    ) {
        op.say(
            `an earlier run's reset of this declaration (${where.label}) failed, so it was not applied; submitting it again`,
        );
        return { state: "fresh", view };
    }
    if (where.state === "found") {
        op.say(
            `an earlier run submitted this same declaration (${where.label}) and was not recorded; following it instead of submitting another`,
        );
        const pass = await admitResumed(op);
        return {
            state: "done",
            outputs: await completeAccepted(
                op,
                { ...pending, ...(where.requestId ? { requestId: where.requestId } : {}) },
                baseline,
                pass,
            ),
        };
    }
    if (where.state === "untraceable") {
        throw partialFailure(
            op,
            "OUTCOME_UNKNOWN",
            `Instance ${op.id}: an earlier run submitted this same declaration at ${pending.submittedAt} ` +
                `and was not recorded, and ${where.label}, so whether that reset was applied is unknown. Nothing was sent. ${CONFIRM_HINT}`,
            { pendingReset: { ...pending, outcome: "unknown" } },
        );
    }
    op.say(
        `an earlier run wrote this declaration's intent at ${pending.submittedAt} without a recorded outcome; checking whether its reset was applied`,
    );
    const settled = await settleUnknown(op, baseline, tag.signedAt);
    return actOnSettled(
        op,
        settled,
        { ...pending, outcome: "unknown" },
        baseline,
        "an earlier run's reset of this declaration may or may not have been applied",
    );
}

/** The next step once an unknown outcome was resolved: follow it, submit afresh, or stop. */
async function actOnSettled(
    op: ReinstallOperation,
    settled: UnknownResolution,
    pending: PendingReset,
    baseline: InstanceView,
    unknownWhat: string,
): Promise<Resumed> {
    if (settled.state === "applied") {
        const accepted = {
            ...pending,
            outcome: "accepted" as const,
            ...(settled.requestId ? { requestId: settled.requestId } : {}),
        };
        return { state: "done", outputs: await completeAccepted(op, accepted, baseline, await admitResumed(op)) };
    }
    if (settled.state === "notApplied") return { state: "fresh", view: settled.view, proven: true };
    throw partialFailure(
        op,
        "OUTCOME_UNKNOWN",
        `Instance ${op.id}: ${unknownWhat} (${settled.reason}). Nothing was sent. ${CONFIRM_HINT}`,
        {
            pendingReset: pending,
        },
    );
}
