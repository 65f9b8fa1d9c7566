import type { Clock } from "./cvm/clock";
import { isCvmApiError, isCvmTransportError } from "./cvm/errors";
import type { CvmClient, InstanceView, ResetRequest } from "./cvm/types";
import type { DescribeBatcher } from "./describeBatcher";
import { compact } from "./compact";
import { PartialReinstallError, ReinstallError, ReinstallErrorCode } from "./errors";
import { intentKey, PendingReset, ReinstallInputs, ReinstallOutputs } from "./inputs";
import { judgeResettable, judgeReset, Observation } from "./instanceJudge";
import { describePasswordRule, passwordViolation } from "./passwordPolicy";
import { formatDuration, Progress } from "./progress";
import { waitFor, WaitOutcome, WaitProgress } from "./waiter";
import { secretValue } from "./secretValue";

export interface ReinstallContext {
    client: CvmClient;
    /** Batching key: account + endpoint + region + dialect. */
    key: string;
    batcher: DescribeBatcher;
    clock: Clock;
    random: () => number;
    progress: Progress;
    pollMaxMs: number;
}

const isAmbiguous = (e: unknown): boolean =>
    !!e && typeof e === "object" && (e as { name?: string }).name === "CvmTransportError" && (e as { ambiguous?: boolean }).ambiguous === true;

/**
 * Create and update with a reinstall: pre-flight read, at most one accepted `ResetInstances` per
 * intent, wait with progress, verify. `previous` is the recorded state (update) — its
 * `pendingReset` is resumed instead of wiping the disk again.
 */
export async function reinstall(ctx: ReinstallContext, inputs: ReinstallInputs, previous?: ReinstallOutputs): Promise<ReinstallOutputs> {
    const id = inputs.instanceId;
    const started = ctx.clock.now();
    const deadlineAt = started + inputs.waitTimeoutMinutes * 60_000;
    const say = (line: string) => ctx.progress(`${id}: ${line}`);
    const observe = (dueAt?: number) => ctx.batcher.observe(ctx.key, ctx.client, id, dueAt);

    let view = await observe();
    if (!view) throw notFound(id);
    const pending = previous?.pendingReset;

    if (pending) {
        const resumed = await resumePending(ctx, inputs, previous!, pending, deadlineAt, say);
        if (resumed) return resumed;
        view = await observe();
        if (!view) throw notFound(id);
    } else if (view.phase === "reinstalling") {
        // Someone's reset is in flight, maybe ours from a run whose host was killed before it could
        // record it. Wait it out; if it leaves the instance as declared, adopt it: no second wipe.
        say(`a reinstall is already in progress; waiting for it before deciding anything`);
        const outcome = await waitForInstance(ctx, id, deadlineAt, say);
        view = settled(outcome, id, "the end of the reinstall in progress");
        if (matchesDeclared(inputs, view)) {
            say(`the reinstall that was in progress left ${describeImage(view)} as declared; adopting it instead of reinstalling again`);
            return success(inputs, view, view.latestOperation?.requestId ?? previous?.requestId ?? "adopted", ctx.clock);
        }
    }

    const verdict = judgeResettable({ view });
    if (verdict.state === "failure") throw new ReinstallError("INSTANCE_STATE", `Instance ${id} ${verdict.reason}.`, id);
    if (verdict.state === "retry") {
        say(`is ${verdict.label}; waiting until it is running or stopped`);
        view = settled(await waitForInstance(ctx, id, deadlineAt, say), id, "a state that allows a reinstall");
    }
    preflight(inputs, view);

    const request = toResetRequest(inputs);
    const submittedAt = ctx.clock.now();
    const requestId = await submitOnce(ctx, request, deadlineAt, say);
    const pendingReset: PendingReset = { requestId, submittedAt: new Date(submittedAt).toISOString(), intent: intentKey(inputs) };
    say(`ResetInstance${ctx.client.dialect === "legacy" ? "s" : ""} accepted (request ${requestId}); reinstalling ` +
        `${inputs.imageId ?? "the current image"}${inputs.rootSize ? ` with a ${inputs.rootSize} GB system disk` : ""}, deadline ${formatDuration(deadlineAt - ctx.clock.now())}`);

    const final = await waitForReset(ctx, inputs, requestId, deadlineAt, say, previous, pendingReset);
    return final;
}

async function resumePending(
    ctx: ReinstallContext,
    inputs: ReinstallInputs,
    previous: ReinstallOutputs,
    pending: PendingReset,
    deadlineAt: number,
    say: (l: string) => void,
): Promise<ReinstallOutputs | undefined> {
    say(`resuming the reset submitted at ${pending.submittedAt} (request ${pending.requestId}) instead of submitting another`);
    const sameIntent = pending.intent === intentKey(inputs) && previous.password === inputs.password;
    if (ctx.client.dialect === "2017-03-12") {
        // API 3.0 only reports the latest operation: once another one replaced ours, the image is all we can check.
        const view = await ctx.batcher.observe(ctx.key, ctx.client, inputs.instanceId);
        if (view && view.latestOperation?.requestId !== pending.requestId) {
            if (sameIntent && view.phase !== "reinstalling" && matchesDeclared(inputs, view)) {
                say(`the instance already runs ${describeImage(view)} as declared; adopting the earlier reset`);
                return success(inputs, view, pending.requestId, ctx.clock);
            }
            say(`the earlier reset can no longer be traced (another operation came after it); reinstalling as declared`);
            return undefined;
        }
    }
    try {
        const done = await waitForReset(ctx, inputs, pending.requestId, deadlineAt, say, previous, pending, !sameIntent);
        if (sameIntent) return done;
        say(`that reset finished, but the declaration changed since; reinstalling again as now declared`);
        return undefined;
    } catch (error) {
        if (error instanceof PartialReinstallError && (error.code === "TASK_FAILED" || error.code === "VERIFY_MISMATCH")) {
            say(`the earlier reset did not succeed (${error.message}); submitting a new one`);
            return undefined;
        }
        throw error;
    }
}

async function waitForInstance(
    ctx: ReinstallContext,
    id: string,
    deadlineAt: number,
    say: (l: string) => void,
): Promise<WaitOutcome<Observation>> {
    return waitFor<Observation>({
        clock: ctx.clock, random: ctx.random, deadlineAt, maxDelayMs: ctx.pollMaxMs,
        observe: (dueAt) => observeTolerantly(ctx, id, dueAt),
        judge: judgeResettable,
        onProgress: progressLine(say),
    });
}

/**
 * One status read during a wait. Throttling, a busy API or a dropped connection that outlasts the
 * client's own retries does not end the wait: the quota window is a minute and each `pulumi`
 * command starts a fresh host that cannot know what earlier commands spent. Other errors (bad
 * credentials, permissions) propagate.
 */
async function observeTolerantly(ctx: ReinstallContext, id: string, dueAt?: number): Promise<Observation> {
    try {
        return { view: await ctx.batcher.observe(ctx.key, ctx.client, id, dueAt) };
    } catch (error) {
        if ((isCvmApiError(error) && error.retryable) || isCvmTransportError(error)) {
            return { view: undefined, pollError: `${error.name} ${error.code}` };
        }
        throw error;
    }
}

/** The periodic line of every wait: what the instance shows, time spent and left, polls. */
function progressLine(say: (l: string) => void): (p: WaitProgress<Observation>) => void {
    return (p) => say(`${p.label}; ${formatDuration(p.elapsedMs)} elapsed, deadline in ${formatDuration(p.remainingMs)}, ${p.polls} polls`);
}

function settled(outcome: WaitOutcome<Observation>, id: string, what: string): InstanceView {
    if (outcome.state === "success" && outcome.last?.view) return outcome.last.view;
    if (outcome.state === "timeout") {
        throw new ReinstallError("DEADLINE_EXCEEDED", `Instance ${id} did not reach ${what} before waitTimeoutMinutes ran out ` +
            `(seen: ${summarise(outcome.seen)}). Nothing was submitted; run \`pulumi up\` again later or raise waitTimeoutMinutes.`, id);
    }
    if (!outcome.last?.view) throw notFound(id);
    throw new ReinstallError("INSTANCE_STATE", `Instance ${id} ${outcome.reason}. Nothing was submitted.`, id);
}

/** Rules only the live instance can decide: no shrinking, Windows passwords, keys on Windows. */
function preflight(inputs: ReinstallInputs, view: InstanceView): void {
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

function toResetRequest(inputs: ReinstallInputs): ResetRequest {
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

/**
 * Submits the reset. An ambiguous failure (dropped connection, timeout, 5xx) is never resent
 * blindly: the instance is read first, and only when it shows no reset in flight is it sent again,
 * once.
 */
async function submitOnce(ctx: ReinstallContext, request: ResetRequest, deadlineAt: number, say: (l: string) => void): Promise<string> {
    for (let attempt = 1; ; attempt++) {
        try {
            return (await ctx.client.resetInstance(request)).requestId;
        } catch (error) {
            if (!isAmbiguous(error)) throw error;
            say(`the reset request's outcome is unknown (${(error as Error).message}); reading the instance before doing anything else`);
            const read = await waitFor<Observation>({
                clock: ctx.clock, random: ctx.random, deadlineAt, maxDelayMs: ctx.pollMaxMs, firstDelayMs: 500,
                observe: (dueAt) => observeTolerantly(ctx, request.instanceId, dueAt),
                judge: (o) => (o.pollError === undefined ? { state: "success", label: "read" } : { state: "retry", label: o.pollError }),
            });
            if (read.state !== "success") {
                // Nothing recorded: the next run's pre-flight read decides (a reset in flight is followed, not repeated).
                throw new ReinstallError("OPERATION_CONFLICT", `Instance ${request.instanceId}: the reset's outcome is unknown and the instance ` +
                    "could not be read before waitTimeoutMinutes ran out. Run `pulumi up` again: it reads the instance first and follows a reset in flight instead of sending another.", request.instanceId);
            }
            const view = read.last?.view;
            if (view?.phase === "reinstalling") {
                const requestId = view.latestOperation?.requestId ?? `unconfirmed-${ctx.clock.now()}`;
                say(`the reset was applied (the instance is reinstalling); following it instead of resending`);
                return requestId;
            }
            if (attempt >= 2) throw error;
            say(`no reset is in flight on the instance, so the request was not applied; sending it once more`);
        }
    }
}

async function waitForReset(
    ctx: ReinstallContext,
    inputs: ReinstallInputs,
    requestId: string,
    deadlineAt: number,
    say: (l: string) => void,
    previous: ReinstallOutputs | undefined,
    pendingReset: PendingReset,
    skipVerify = false,
): Promise<ReinstallOutputs> {
    const id = inputs.instanceId;
    const dialect = ctx.client.dialect;
    const seen = { reinstalling: false, unseenPolls: 0 };
    let lastObservation: Observation | undefined;
    const partial = (code: ReinstallErrorCode, message: string) =>
        new PartialReinstallError(code, message, id, partialState(inputs, previous, pendingReset, lastObservation?.view));
    let outcome: WaitOutcome<Observation>;
    try {
        outcome = await waitFor<Observation>({
            clock: ctx.clock, random: ctx.random, deadlineAt, maxDelayMs: ctx.pollMaxMs,
            observe: async (dueAt) => {
                const obs = await observeTolerantly(ctx, id, dueAt);
                const view = obs.view;
                if (obs.pollError !== undefined) return obs;
                if (view?.phase === "reinstalling") seen.reinstalling = true;
                else if (!seen.reinstalling) seen.unseenPolls++;
                const askTask = dialect === "legacy" && view && view.phase !== "reinstalling" && ctx.client.describeTask && !requestId.startsWith("unconfirmed");
                return { view, task: askTask ? await ctx.client.describeTask!(requestId) : undefined };
            },
            judge: (obs) => {
                lastObservation = obs;
                return judgeReset(dialect, requestId, obs, seen);
            },
            onProgress: progressLine(say),
        });
    } catch (error) {
        // The reset was accepted: whatever broke the wait (throttling that outlasted the retries,
        // an outage, bad credentials after rotation), record it as pending so nothing is lost.
        throw partial("WAIT_INTERRUPTED", `Instance ${id}: the reinstall (request ${requestId}) was accepted, but following it failed: ` +
            `${(error as Error).message.replace(/\.?$/, ".")} It is recorded as pending: run \`pulumi up\` again to keep following it; it will not be submitted twice.`);
    }

    if (outcome.state === "timeout") {
        throw partial("DEADLINE_EXCEEDED", `Instance ${id}: the reinstall (request ${requestId}) was accepted but not confirmed within ` +
            `waitTimeoutMinutes=${inputs.waitTimeoutMinutes} (seen: ${summarise(outcome.seen)}). It is recorded as pending: ` +
            "run `pulumi up` again to keep waiting for it; it will not be submitted twice.");
    }
    if (outcome.state === "failure") {
        throw partial("TASK_FAILED", `Instance ${id}: ${outcome.reason}. Run \`pulumi up\` again to retry the reinstall.`);
    }
    const view = outcome.last!.view!;
    if (!skipVerify && !matchesDeclared(inputs, view)) {
        throw partial("VERIFY_MISMATCH", `Instance ${id}: the reinstall finished but the instance runs ${describeImage(view)}, ` +
            `not ${inputs.imageId ?? "the same image"}${inputs.rootSize ? ` with ${inputs.rootSize} GB` : ""} as declared. ` +
            "Run `pulumi up` again to retry, or check the image in the console.");
    }
    say(`reinstalled: ${describeImage(view)} after ${formatDuration(outcome.polls ? outcome.elapsedMs : 0)} and ${outcome.polls} polls (seen: ${summarise(outcome.seen)})`);
    return success(inputs, view, requestId, ctx.clock);
}

function matchesDeclared(inputs: ReinstallInputs, view: InstanceView): boolean {
    return (inputs.imageId === undefined || inputs.imageId === view.imageId) &&
        (inputs.rootSize === undefined || inputs.rootSize === view.rootSize);
}

function success(inputs: ReinstallInputs, view: InstanceView, requestId: string, clock: Clock): ReinstallOutputs {
    return compact({
        ...inputs,
        requestId,
        reinstalledAt: new Date(clock.now()).toISOString(),
        osName: view.osName,
        currentImageId: view.imageId,
        currentRootSize: view.rootSize,
    });
}

/**
 * What the engine records after an accepted but unconfirmed reset: the new declaration (so the
 * next diff compares against it), the password as an explicit secret, and the pending reset that
 * the next run resumes.
 */
function partialState(inputs: ReinstallInputs, previous: ReinstallOutputs | undefined, pendingReset: PendingReset, view: InstanceView | undefined): Record<string, unknown> {
    return compact({
        ...inputs,
        password: inputs.password === undefined ? undefined : secretValue(inputs.password),
        requestId: pendingReset.requestId,
        reinstalledAt: previous?.reinstalledAt,
        osName: view?.osName ?? previous?.osName,
        currentImageId: view?.imageId ?? previous?.currentImageId,
        currentRootSize: view?.rootSize ?? previous?.currentRootSize,
        pendingReset,
    });
}

function describeImage(view: InstanceView): string {
    return `${view.imageId ?? "an unknown image"}${view.osName ? ` (${view.osName})` : ""}${view.rootSize ? `, ${view.rootSize} GB system disk` : ""}`;
}

function summarise(seen: Record<string, number>): string {
    const parts = Object.entries(seen).map(([label, n]) => `${label} ×${n}`);
    return parts.length ? parts.join(", ") : "no polls";
}

function notFound(id: string): ReinstallError {
    return new ReinstallError("INSTANCE_NOT_FOUND", `Instance ${id} was not found in this region and account. ` +
        "Check instanceId, the region (input `region`, tencentcloud:region or TENCENTCLOUD_REGION) and the credentials.", id);
}
