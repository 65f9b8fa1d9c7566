/**
 * Submitting: write the intent tag (API 3.0), send the reset once through the dialect's neutral
 * acceptor, and act on its outcome. An accepted reset is followed; a refused one changed nothing;
 * an unknown one is resolved from the instance (settleUnknown) and sent again only when that proves
 * it was not applied.
 */
import type { InstanceView, ResetRequest } from "../cvm/types";
import { compact } from "../compact";
import { ReinstallError } from "../errors";
import type { PendingReset, ReinstallInputs, ReinstallOutputs } from "../inputs";
import { formatDuration } from "../progress";
import { completeAccepted } from "./follow";
import { formatIntentTag, INTENT_TAG_KEY, type IntentTag } from "./intentTag";
import type { ReinstallOperation } from "./operation";
import { CONFIRM_HINT, partialFailure } from "./outcomes";
import type { RolloutPass } from "./rolloutGate";
import { settleUnknown } from "./settleUnknown";

/** A reset proven not applied is sent again at most this often in one run. */
const MAX_ATTEMPTS = 3;

/** Writes the intent tag (API 3.0) and returns the value written; legacy keeps no such record. */
export async function recordIntent(
    op: ReinstallOperation,
    baseline: InstanceView,
    signedAt: number,
    status?: IntentTag["status"],
    requestId?: string,
): Promise<string> {
    const value = formatIntentTag(
        compact({
            intent: op.intent,
            baselineRequestId: baseline.latestOperation?.requestId,
            signedAt,
            status,
            requestId,
        }),
    );
    const { client } = op.ctx;
    if (!client.capabilities.intentTags || !client.writeTags) return value;
    try {
        await client.writeTags(op.id, { [INTENT_TAG_KEY]: value }, { deadlineAt: op.deadlineAt });
    } catch (error) {
        if (status) {
            op.say(
                `could not update the intent tag (${(error as Error).name}); the next run decides from the instance instead`,
            );
            return value;
        }
        throw new ReinstallError(
            "INTENT_NOT_RECORDED",
            `Instance ${op.id}: the intent tag \`${INTENT_TAG_KEY}\` could not be written, so nothing was ` +
                `submitted (it is what lets a later run tell this reset from another one after a lost reply or a killed run). ` +
                `Grant the credentials tag:ModifyResourceTags on the instance, then run \`pulumi up\` again. Cause: ${(error as Error).message}`,
            op.id,
        );
    }
    return value;
}

export function toResetRequest(inputs: ReinstallInputs): ResetRequest {
    return compact({
        instanceId: inputs.instanceId,
        imageId: inputs.imageId,
        imageType: inputs.imageId === undefined ? undefined : inputs.imageType,
        password: inputs.password,
        needSecurityAgent: inputs.needSecurityAgent,
        needMonitorAgent: inputs.needMonitorAgent,
        rootSize: inputs.rootSize,
        keyIds: inputs.keyIds,
        keepImageLogin: inputs.keepImageLogin,
        hostName: inputs.hostName,
        userData: inputs.userData,
    });
}

/** Submits the declared reset (exactly once per intent) and follows it to the end. */
export async function submitAndFollow(
    op: ReinstallOperation,
    baseline: InstanceView,
    pass: RolloutPass | undefined,
): Promise<ReinstallOutputs> {
    const { ctx, inputs } = op;
    op.deadlineAt = ctx.clock.now() + inputs.waitTimeoutMinutes * 60_000;
    const request = toResetRequest(inputs);
    const action = ctx.client.resetAction;
    pass?.beforeSubmit?.();
    let counted = false;
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
        const signedAt = ctx.clock.now();
        await recordIntent(op, baseline, signedAt);
        const result = await ctx.client.submitReset(request, { deadlineAt: op.deadlineAt });
        const pending: PendingReset = {
            submittedAt: new Date(result.outcome === "unknown" ? result.signedAt : signedAt).toISOString(),
            intent: op.intent,
            dialect: ctx.client.dialect,
            outcome: "accepted",
            ...(baseline.latestOperation?.requestId ? { baselineRequestId: baseline.latestOperation.requestId } : {}),
            ...(baseline.imageId ? { baselineImageId: baseline.imageId } : {}),
        };
        if (result.outcome === "refused") {
            await recordIntent(op, baseline, signedAt, "refused");
            throw result.error;
        }
        if (!counted) pass?.submitted();
        counted = true;
        if (result.outcome === "accepted") {
            op.say(
                `${action} accepted (request ${result.requestId}); reinstalling ${inputs.imageId ?? "the current image"}` +
                    `${inputs.rootSize ? ` with a ${inputs.rootSize} GB system disk` : ""}, deadline ${formatDuration(op.deadlineAt - ctx.clock.now())}`,
            );
            return completeAccepted(op, { ...pending, requestId: result.requestId }, baseline, pass);
        }
        op.say(`${action} got no usable answer (${result.error.message})`);
        const settled = await settleUnknown(op, baseline, result.signedAt);
        if (settled.state === "applied") {
            op.say(
                `the reset was applied (${settled.requestId ? `request ${settled.requestId}` : "the instance is reinstalling"}); following it instead of sending it again`,
            );
            return completeAccepted(
                op,
                { ...pending, ...(settled.requestId ? { requestId: settled.requestId } : {}) },
                baseline,
                pass,
            );
        }
        if (settled.state === "undecidable") {
            throw partialFailure(
                op,
                "OUTCOME_UNKNOWN",
                `Instance ${op.id}: ${action} got no usable answer and the instance cannot tell whether ` +
                    `it was applied (${settled.reason}). Nothing more was sent. ${CONFIRM_HINT}`,
                { pendingReset: { ...pending, outcome: "unknown" } },
            );
        }
        op.say(
            `the request expired without being applied (a read newer than its expiry shows no reset); sending it again (attempt ${attempt + 1})`,
        );
        baseline = settled.view;
    }
    throw new ReinstallError(
        "OUTCOME_UNKNOWN",
        `Instance ${op.id}: ${action} got no usable answer ${MAX_ATTEMPTS} times; each time the instance ` +
            "proved it was not applied, so nothing changed. Check the endpoint and the network, then run `pulumi up` again.",
        op.id,
    );
}
