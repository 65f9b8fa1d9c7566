/**
 * Errors the provider raises itself (the CVM API's own errors live in `cvm/errors.ts`). Each has a
 * stable `name` and `code` so programs and tests can branch on them without parsing messages.
 * Messages name the resource's property or instance and say what to do; they never contain the
 * password, the secret key or a token.
 */

export type ReinstallErrorCode =
    | "INVALID_INPUT"
    | "MISSING_CREDENTIALS"
    | "INSTANCE_NOT_FOUND"
    | "INSTANCE_STATE"
    | "ROOT_SIZE_SHRINK"
    | "PASSWORD_POLICY"
    | "DEADLINE_EXCEEDED"
    | "TASK_FAILED"
    | "VERIFY_MISMATCH"
    | "OPERATION_CONFLICT"
    | "WAIT_INTERRUPTED"
    | "OUTCOME_UNKNOWN"
    | "INTENT_NOT_RECORDED"
    | "NOT_READY";

export class ReinstallError extends Error {
    /** Brand checked by {@link isReinstallError}; survives a second copy of this module. */
    readonly __reinstallError = true as const;
    override readonly name = "ReinstallError";
    constructor(
        readonly code: ReinstallErrorCode,
        message: string,
        readonly instanceId?: string,
    ) {
        super(message);
    }
}

/**
 * A failure after `ResetInstances` was accepted. The host turns an error that carries `id` and
 * `properties` into a partial failure, so the engine records `properties` (with `pendingReset`)
 * and the next `pulumi up` resumes the same task instead of wiping the disk a second time.
 */
export class PartialReinstallError extends Error {
    readonly __reinstallError = true as const;
    override readonly name = "PartialReinstallError";
    readonly reasons: string[];
    constructor(
        readonly code: ReinstallErrorCode,
        message: string,
        readonly id: string,
        readonly properties: Record<string, unknown>,
    ) {
        super(message);
        this.reasons = [message];
    }
}

/** True for the provider's own errors (either class), also across copies of this module. */
export function isReinstallError(error: unknown): error is ReinstallError | PartialReinstallError {
    return (
        typeof error === "object" &&
        error !== null &&
        (error as { __reinstallError?: unknown }).__reinstallError === true
    );
}
