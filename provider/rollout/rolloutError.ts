/**
 * Why the rollout scheduler refused to start a member. Raised before anything is touched, so the
 * message always says the instance was left as it is.
 */
export type RolloutErrorCode =
    /** The group halted (a failed canary, or `maxFailures` reached). */
    | "ROLLOUT_HALTED"
    /** `maxReinstalls` of the group already started in this run. */
    | "ROLLOUT_CAPPED"
    /** Members of one group declare different policies. */
    | "ROLLOUT_POLICY_CONFLICT";

export class RolloutError extends Error {
    override readonly name = "RolloutError";
    constructor(
        readonly code: RolloutErrorCode,
        message: string,
        readonly instanceId: string,
        readonly group: string,
    ) {
        super(message);
    }
}

export function isRolloutError(e: unknown): e is RolloutError {
    return !!e && typeof e === "object" && (e as { name?: unknown }).name === "RolloutError";
}
