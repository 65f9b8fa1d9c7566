/**
 * Resolves a reset whose outcome is unknown (lost reply, timeout, 5xx, `InternalError`, a killed
 * run) from facts that outlive the attempt, never from "it is not reinstalling right now":
 *
 * - a reset newer than the pre-flight read shows up (API 3.0: a new `ResetInstance` latest
 *   operation; legacy: status 14) → it was applied: follow it;
 * - another operation replaced the latest one → the reads cannot tell: undecidable;
 * - nothing newer, API 3.0: once the request's signature has expired (the server refuses it from
 *   then on) write the intent tag afresh and read until the read shows that tag (so it is newer than
 *   the expiry); if it still shows nothing newer, the reset was not applied and may be sent again;
 * - nothing newer, legacy: reads may lag and a short task leaves no trace: undecidable.
 */
import type { InstanceView } from "../cvm/types";
import { formatDuration } from "../progress";
import { INTENT_TAG_KEY } from "./intentTag";
import type { ReinstallOperation } from "./operation";
import { pollInstance } from "./poll";
import { recordIntent } from "./submit";

export type UnknownResolution =
    | { state: "applied"; requestId?: string; view: InstanceView }
    | { state: "notApplied"; view: InstanceView }
    | { state: "undecidable"; reason: string };

export async function settleUnknown(
    op: ReinstallOperation,
    baseline: InstanceView,
    signedAt: number,
): Promise<UnknownResolution> {
    const { client, requestTtlMs, clock } = op.ctx;
    const expiresAt = signedAt + requestTtlMs;
    let located: UnknownResolution | undefined;
    const look = (view: InstanceView | undefined, freshTag?: string) => {
        if (!view) {
            located = { state: "undecidable", reason: "the instance can no longer be read (it vanished)" };
            return { state: "failure" as const, label: "missing" };
        }
        if (freshTag !== undefined && view.tags?.[INTENT_TAG_KEY] !== freshTag)
            return { state: "retry" as const, label: "waiting for a read newer than the request's expiry" };
        const where = client.locateReset(baseline, view);
        if (where.state === "found") {
            located = { state: "applied", view, ...(where.requestId ? { requestId: where.requestId } : {}) };
            return { state: "success" as const, label: where.label };
        }
        if (where.state === "untraceable") {
            located = { state: "undecidable", reason: where.label };
            return { state: "failure" as const, label: where.label };
        }
        if (freshTag !== undefined) {
            located = { state: "notApplied", view };
            return { state: "success" as const, label: "not applied" };
        }
        return {
            state: "retry" as const,
            label: `outcome unknown; the request can be applied until it expires in ${formatDuration(expiresAt - clock.now())}`,
        };
    };

    op.say(
        `the reset's outcome is unknown; deciding from the instance (a reset newer than the pre-flight read), never by sending it again blindly`,
    );
    const first = await pollInstance(op, (v) => look(v), {
        deadlineAt: Math.min(op.deadlineAt, expiresAt),
        firstDelayMs: 500,
    });
    if (located) return located;
    if (first.state === "timeout" && clock.now() >= op.deadlineAt) {
        return {
            state: "undecidable",
            reason: `waitTimeoutMinutes ran out before the request expired (${summariseLast(first.last?.view)})`,
        };
    }
    if (!client.capabilities.intentTags) {
        return {
            state: "undecidable",
            reason: `no reset showed before the request expired, but legacy reads can lag and keep no record of operations (${summariseLast(first.last?.view)})`,
        };
    }
    // The request can no longer be applied. A read that shows a tag written now is newer than that.
    const fresh = await recordIntent(op, baseline, clock.now());
    const second = await pollInstance(op, (v) => look(v, fresh), { firstDelayMs: 500 });
    if (located) return located;
    return {
        state: "undecidable",
        reason: `waitTimeoutMinutes ran out before a read newer than the request's expiry came back (${second.polls} polls)`,
    };
}

function summariseLast(view: InstanceView | undefined): string {
    if (!view) return "no successful read";
    const op = view.latestOperation;
    return `last read: status ${view.rawStatus}${op?.requestId ? `, latest operation ${op.name ?? "?"} ${op.requestId} ${op.state ?? ""}`.trimEnd() : ""}`;
}
