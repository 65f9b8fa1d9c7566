/**
 * One reinstall as the saga's steps share it: the declaration, what was recorded before, the
 * deadline, where progress goes, and the collaborators of the host process. Passed whole to
 * pre-flight, submit, follow and resume instead of long parameter lists.
 */
import type { Clock } from "../cvm/clock";
import type { CvmClient, Dialect, InstanceView } from "../cvm/types";
import type { DescribeBatcher } from "../describeBatcher";
import type { ReinstallInputs, ReinstallOutputs } from "../inputs";
import type { Progress } from "../progress";
import type { RolloutGate } from "./rolloutGate";
import { intentDigest } from "./intent";

/** What the host process shares between resources; built by the resource provider. */
export interface ReinstallContext {
    client: CvmClient;
    /** Batching key: account + endpoint + region + dialect. */
    key: string;
    batcher: DescribeBatcher;
    clock: Clock;
    random: () => number;
    progress: Progress;
    pollMaxMs: number;
    /**
     * How long the server accepts a signed request after its timestamp (Tencent Cloud: 300 s,
     * https://www.tencentcloud.com/document/api/213/30654): a reset whose reply was lost can no
     * longer be applied once this has passed since it was signed.
     */
    requestTtlMs: number;
    /** The same account and region through another dialect: a pending reset is traced by the one that submitted it. */
    forDialect(dialect: Dialect): ReinstallContext;
    /** Fleet rollout and readiness; absent: scheduled alone, no readiness gate. */
    gate?: RolloutGate;
}

export interface ReinstallOperation {
    readonly ctx: ReinstallContext;
    readonly inputs: ReinstallInputs;
    readonly previous: ReinstallOutputs | undefined;
    readonly id: string;
    /** The intent digest of `inputs` (computed once: it runs scrypt). */
    readonly intent: string;
    /** Set once a reset is submitted: `waitTimeoutMinutes` counts from the submission. */
    deadlineAt: number;
    /** The last read of the instance, for messages and partial state. */
    lastView?: InstanceView;
    say(line: string): void;
    observe(dueAt?: number): Promise<InstanceView | undefined>;
}

export function createOperation(
    ctx: ReinstallContext,
    inputs: ReinstallInputs,
    previous: ReinstallOutputs | undefined,
): ReinstallOperation {
    const id = inputs.instanceId;
    const op: ReinstallOperation = {
        ctx,
        inputs,
        previous,
        id,
        intent: intentDigest(inputs),
        deadlineAt: ctx.clock.now() + inputs.waitTimeoutMinutes * 60_000,
        say: (line) => ctx.progress(`${id}: ${line}`),
        observe: async (dueAt) => {
            const view = await ctx.batcher.observe(ctx.key, ctx.client, id, dueAt);
            if (view) op.lastView = view;
            return view;
        },
    };
    return op;
}

/** The same operation through another dialect's client (same deadline, intent and progress). */
export function throughDialect(op: ReinstallOperation, dialect: Dialect): ReinstallOperation {
    if (dialect === op.ctx.client.dialect) return op;
    const ctx = op.ctx.forDialect(dialect);
    const other: ReinstallOperation = {
        ...op,
        ctx,
        observe: async (dueAt) => {
            const view = await ctx.batcher.observe(ctx.key, ctx.client, op.id, dueAt);
            if (view) other.lastView = view;
            return view;
        },
    };
    return other;
}
