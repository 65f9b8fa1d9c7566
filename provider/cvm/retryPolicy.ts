/**
 * Retry as data: which failures a call may retry and how often, plus one delay function and the only
 * retry loop in `provider/cvm`. Transport does no retrying of its own (got runs with `retry: 0`).
 *
 * Reads (DescribeInstances) retry throttling, busy and internal errors and transport failures,
 * including HTTP 5xx. The reset retries only when the server definitely did not apply it: throttled,
 * busy (`SystemBusy`, `ResourceBusy`), or a transport error where nothing was sent
 * (`ambiguous: false`). After a dropped connection, a timeout or an `InternalError` the reset is NOT
 * resent — got refuses to retry POST for the same reason; the caller reads the instance to learn
 * whether the reset started.
 *
 * Every loop is bounded by the call's `deadlineAt`: a retry whose delay would end at or past it is
 * not made, and the last error is thrown instead.
 */
import type { Clock } from "./clock";
import type { CvmError, CvmErrorKind } from "./errors";
import { DEADLINE_CODE, isCvmApiError, isCvmError, isCvmTransportError } from "./errors";

/** Network codes worth another attempt (got's list, plus our `BAD_RESPONSE`). */
const RETRYABLE_NETWORK_CODES: readonly string[] = [
    "ECONNRESET",
    "ECONNREFUSED",
    "ECONNABORTED",
    "ETIMEDOUT",
    "EPIPE",
    "ENOTFOUND",
    "EAI_AGAIN",
    "ENETUNREACH",
    "EHOSTUNREACH",
    "BAD_RESPONSE",
];

export interface RetryRule {
    /** An API error kind, or a class of transport failure. */
    on: CvmErrorKind | "transport" | "transportUnambiguous" | "http5xx";
    /** Total attempts (first call included) while failures match this rule. */
    maxAttempts: number;
}

export interface RetryPolicy {
    name: string;
    rules: readonly RetryRule[];
    baseDelayMs: number;
    maxDelayMs: number;
    /**
     * True when sending the call twice is harmless: then an attempt may also be cut short at the
     * deadline (its request timeout shrinks to the time left). A write's reply is always awaited.
     */
    idempotent: boolean;
}

/** DescribeInstances, other reads and idempotent writes (tag upserts): every transient failure is retried. */
export const READ_POLICY: RetryPolicy = {
    name: "read",
    rules: [
        { on: "throttled", maxAttempts: 6 },
        { on: "busy", maxAttempts: 6 },
        { on: "internal", maxAttempts: 6 },
        { on: "transport", maxAttempts: 6 },
        { on: "http5xx", maxAttempts: 6 },
    ],
    baseDelayMs: 500,
    maxDelayMs: 10_000,
    idempotent: true,
};

/** ResetInstances / ResetInstance and other writes that must not happen twice: only what the server provably did not apply. */
export const RESET_POLICY: RetryPolicy = {
    name: "reset",
    rules: [
        { on: "throttled", maxAttempts: 8 },
        { on: "busy", maxAttempts: 8 },
        { on: "transportUnambiguous", maxAttempts: 4 },
    ],
    baseDelayMs: 500,
    maxDelayMs: 10_000,
    idempotent: false,
};

/** The rule that lets `error` be retried under `policy`, if any. */
function matchRetryRule(policy: RetryPolicy, error: unknown): RetryRule | undefined {
    if (!isCvmError(error)) return undefined;
    return policy.rules.find((rule) => ruleMatches(rule, error));
}

function ruleMatches(rule: RetryRule, error: CvmError): boolean {
    if (isCvmApiError(error)) return rule.on === error.kind;
    if (!isCvmTransportError(error)) return false;
    const status = error.httpStatus;
    switch (rule.on) {
        case "http5xx":
            return status !== undefined && status >= 500;
        case "transport":
            return status === undefined && RETRYABLE_NETWORK_CODES.includes(error.code);
        case "transportUnambiguous":
            return !error.ambiguous && status === undefined && RETRYABLE_NETWORK_CODES.includes(error.code);
        default:
            return false;
    }
}

/** True when attempt number `attempt` (1-based) failed with `error` and another attempt is allowed. */
export function shouldRetry(policy: RetryPolicy, error: unknown, attempt: number): boolean {
    const rule = matchRetryRule(policy, error);
    return rule !== undefined && attempt < rule.maxAttempts;
}

/**
 * Delay before attempt `attempt + 1`: exponential (base × 2^(attempt-1), capped) with full jitter,
 * i.e. uniform in [0, cap). `random` returns [0, 1) like `Math.random`.
 */
export function retryDelay(
    attempt: number,
    random: () => number,
    policy: Pick<RetryPolicy, "baseDelayMs" | "maxDelayMs"> = READ_POLICY,
): number {
    const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
    return Math.floor(Math.min(Math.max(random(), 0), 1) * cap);
}

/** Emitted before each retry; carries the error (its message is already free of secrets). */
export interface RetryEvent {
    attempt: number;
    delayMs: number;
    error: CvmError;
}

export interface RetryOptions {
    policy: RetryPolicy;
    clock: Clock;
    random: () => number;
    /** Epoch ms on `clock`: no retry delay ends at or past it. */
    deadlineAt?: number;
    onRetry?: (event: RetryEvent) => void;
}

/** True for the error of an attempt that was not sent because its deadline came first. */
function isDeadlineError(error: unknown): boolean {
    return isCvmTransportError(error) && error.code === DEADLINE_CODE;
}

/**
 * Runs `fn(attempt)` until it succeeds, the policy says stop, or the next attempt would start past
 * `deadlineAt`; then throws the last error the API or the network gave (a later attempt that could
 * not be sent before the deadline does not hide it).
 */
export async function withRetries<T>(fn: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
    let last: unknown;
    for (let attempt = 1; ; attempt++) {
        try {
            return await fn(attempt);
        } catch (error) {
            if (last !== undefined && isDeadlineError(error)) throw last;
            if (!shouldRetry(options.policy, error, attempt)) throw error;
            const delayMs = retryDelay(attempt, options.random, options.policy);
            if (options.deadlineAt !== undefined && options.clock.now() + delayMs >= options.deadlineAt) throw error;
            options.onRetry?.({ attempt, delayMs, error: error as CvmError });
            last = error;
            await options.clock.sleep(delayMs);
        }
    }
}
