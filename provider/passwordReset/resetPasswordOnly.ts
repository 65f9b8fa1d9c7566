import { isCvmApiError, isCvmTransportError } from "../cvm/errors";
import type { CvmClient, InstanceView } from "../cvm/types";
import { compact } from "../compact";
import { ReinstallError } from "../errors";
import type { ReinstallInputs, ReinstallOutputs } from "../inputs";
import type { ReinstallContext } from "../reinstall";
import { stateRule, windowsViolation } from "../preflightRules";
import { formatDuration, Progress } from "../progress";
import { type Verdict, waitFor } from "../waiter";

/** What the password reset needs from the provider: the shared client, batcher, clock and progress. */
export type PasswordResetContext = Pick<
    ReinstallContext,
    "client" | "key" | "batcher" | "clock" | "random" | "progress" | "pollMaxMs"
>;

const ACTION = "ResetInstancesPassword";

/**
 * `passwordChange: "reset"`: sets the new password with `ResetInstancesPassword`
 * (https://www.tencentcloud.com/document/api/213/33240) instead of reinstalling. Nothing is wiped,
 * but a running instance is force-stopped (`ForceStop`) while the password is set, then started.
 * Waits until `LatestOperation` is this call's `RequestId` with `SUCCESS` (the password itself
 * cannot be read back, so that is the verification). Before the call is accepted nothing changed; after it, a failed wait
 * leaves the recorded state at the old password, so the next `up` sets it again (setting a password
 * twice wipes nothing).
 */
export async function resetPasswordOnly(
    ctx: PasswordResetContext,
    inputs: ReinstallInputs,
    previous: ReinstallOutputs,
): Promise<ReinstallOutputs> {
    const id = inputs.instanceId;
    const say = (line: string) => ctx.progress(`${id}: ${line}`);
    const deadlineAt = ctx.clock.now() + inputs.waitTimeoutMinutes * 60_000;
    if (!ctx.client.capabilities.passwordReset || !ctx.client.resetPassword) {
        throw new ReinstallError(
            "INVALID_INPUT",
            `passwordChange "reset" needs ResetInstancesPassword, which this client (api ${ctx.client.dialect}) cannot call; ` +
                `remove passwordChange to reinstall with the new password instead.`,
            id,
        );
    }
    if (inputs.password === undefined)
        throw new ReinstallError("INVALID_INPUT", `passwordChange "reset" needs a password to set.`, id);

    let view = await ctx.batcher.observe(ctx.key, ctx.client, id);
    if (!view) throw notFound(id);
    const state = stateRule(view);
    if (state.state === "refuse") throw new ReinstallError("INSTANCE_STATE", state.violation.message, id);
    if (state.state === "wait") {
        say(`is ${state.label}; waiting until it is running or stopped before setting the password`);
        const settled = await follow(
            ctx,
            id,
            deadlineAt,
            (v) =>
                stateRule(v).state === "ok"
                    ? { state: "success", label: v.phase }
                    : { state: "retry", label: `${v.phase} (status ${v.rawStatus})` },
            say,
        );
        view = settled;
    }
    const windows = windowsViolation({ instanceId: id, password: inputs.password, api: inputs.api }, view);
    if (windows) throw new ReinstallError("PASSWORD_POLICY", windows.message, id);

    say(
        `setting the new password with ${ACTION} (no reinstall, no wipe): the instance is force-stopped and started again`,
    );
    const { requestId } = await ctx.client.resetPassword(id, inputs.password, { deadlineAt });
    say(
        `${ACTION} accepted (request ${requestId}); waiting for it to finish, deadline ${formatDuration(deadlineAt - ctx.clock.now())}`,
    );
    const started = ctx.clock.now();
    const done = await follow(ctx, id, deadlineAt, (v) => judgePasswordReset(requestId, v), say);
    say(
        `password set (${ACTION} ${requestId} SUCCESS after ${formatDuration(ctx.clock.now() - started)}); the instance is ${done.phase}`,
    );
    return compact({
        ...previous,
        ...inputs,
        pendingReset: undefined,
        osName: done.osName ?? previous.osName,
        currentImageId: done.imageId ?? previous.currentImageId,
        currentRootSize: done.rootSize ?? previous.currentRootSize,
    }) as ReinstallOutputs;
}

/** Only our call counts: `LatestOperation` must be `ResetInstancesPassword` with our `RequestId`. */
export function judgePasswordReset(requestId: string, view: InstanceView): Verdict {
    const op = view.latestOperation;
    if (!op || op.requestId !== requestId) return { state: "retry", label: `waiting for our ${ACTION} to show` };
    if (op.name !== undefined && op.name !== ACTION)
        return { state: "failure", label: "another operation", reason: `another operation (${op.name}) replaced ours` };
    if (op.state === "FAILED")
        return {
            state: "failure",
            label: "FAILED",
            reason: `${ACTION} failed: ${op.errorMessage ?? "no reason given"}`,
        };
    if (op.state === "SUCCESS") return { state: "success", label: "SUCCESS" };
    return {
        state: "retry",
        label: `setting the password (${op.state ?? "OPERATING"}; the instance is ${view.phase})`,
    };
}

async function follow(
    ctx: PasswordResetContext,
    id: string,
    deadlineAt: number,
    judge: (v: InstanceView) => Verdict,
    say: (l: string) => void,
): Promise<InstanceView> {
    const outcome = await waitFor<InstanceView | undefined | "pollError">({
        clock: ctx.clock,
        random: ctx.random,
        deadlineAt,
        maxDelayMs: ctx.pollMaxMs,
        observe: async (dueAt) => {
            try {
                return await ctx.batcher.observe(ctx.key, ctx.client, id, dueAt);
            } catch (error) {
                // Throttled or dropped reads do not end the wait; the deadline does.
                if ((isCvmApiError(error) && error.retryable) || isCvmTransportError(error)) return "pollError";
                throw error;
            }
        },
        judge: (v) =>
            v === "pollError"
                ? { state: "retry", label: "status read failed; retrying" }
                : v
                  ? judge(v)
                  : { state: "failure", label: "missing", reason: "the instance vanished" },
        onProgress: (p) =>
            say(
                `${p.label}; ${formatDuration(p.elapsedMs)} elapsed, deadline in ${formatDuration(p.remainingMs)}, ${p.polls} polls`,
            ),
    });
    if (outcome.state === "success" && outcome.last && outcome.last !== "pollError") return outcome.last;
    if (outcome.state === "timeout") {
        throw new ReinstallError(
            "DEADLINE_EXCEEDED",
            `Instance ${id}: the password reset did not finish before waitTimeoutMinutes ran out. ` +
                "The recorded password is unchanged; run `pulumi up` again to set it again (nothing is wiped).",
            id,
        );
    }
    throw new ReinstallError(
        "TASK_FAILED",
        `Instance ${id}: ${outcome.reason ?? "the password reset failed"}. The recorded password is unchanged; run \`pulumi up\` again to retry (nothing is wiped).`,
        id,
    );
}

function notFound(id: string): ReinstallError {
    return new ReinstallError("INSTANCE_NOT_FOUND", `Instance ${id} was not found in this region and account.`, id);
}
