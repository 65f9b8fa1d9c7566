/**
 * How one client call runs, for both dialects: wait for the shared rate limiters, sign and send
 * (the dialect's job, redone on every attempt so each one has a fresh timestamp and nonce), retry by
 * policy within the call's deadline, and report progress as events that carry no secrets.
 */
import { randomInt } from "node:crypto";
import type { Clock } from "./clock";
import { systemClock } from "./clock";
import type { CvmError } from "./errors";
import { deadlineError } from "./errors";
import type { LimiterRegistry } from "./rateLimiter";
import { acquireAll, limiterRegistry } from "./rateLimiter";
import type { RetryPolicy } from "./retryPolicy";
import { withRetries } from "./retryPolicy";
import type { Transport } from "./transport";
import { createTransport, DEFAULT_TIMEOUT_MS } from "./transport";
import type { CallOptions, ClientTarget, Dialect } from "./types";

/** Progress of a client, for logs and tests. Ids and codes only: never parameters or credentials. */
export type CvmClientEvent =
    | { type: "request"; dialect: Dialect; action: string; attempt: number; instanceIds: readonly string[] }
    | {
          type: "retry";
          dialect: Dialect;
          action: string;
          attempt: number;
          delayMs: number;
          errorName: string;
          code: string;
      };

/** Optional collaborators of a client; every one has a production default. */
export interface ClientDeps {
    clock?: Clock;
    /** [0, 1), for backoff jitter. Defaults to `Math.random`. */
    random?: () => number;
    /** Defaults to the host-process-wide {@link limiterRegistry}. */
    limiters?: LimiterRegistry;
    onEvent?: (event: CvmClientEvent) => void;
    /** Per-request timeout; default 30 s. */
    timeoutMs?: number;
    /** Legacy `Nonce`: a random positive integer. Separate from `random` so a zero-jitter test still sends unique nonces. */
    nonce?: () => number;
    /** Legacy dialect only. */
    legacy?: { method?: "GET" | "POST"; signatureMethod?: "HmacSHA256" | "HmacSHA1" };
    /** Replaces the got transport (tests). */
    transport?: Transport;
}

/** How one call runs besides its retry policy. */
export interface RunOptions extends CallOptions {
    /** The base URL the call goes to, when not the client's own (API 3.0 Tag and TAT hosts): its rate limits are its own. */
    endpoint?: URL;
}

/** What one call's errors may name (the instance) and must scrub (the password). */
export interface CallContext {
    instanceId?: string;
    password?: string;
}

export function callContextOf(request: { instanceId: string; password?: string }): CallContext {
    return {
        instanceId: request.instanceId,
        ...(request.password !== undefined ? { password: request.password } : {}),
    };
}

export interface CallRunner {
    readonly clock: Clock;
    readonly transport: Transport;
    nonce(): number;
    /**
     * Runs one call: before each attempt, waits for a slot of every rate limit the call counts
     * against (never past `options.deadlineAt`); `attemptFn` gets the attempt number and, for an
     * idempotent policy with a deadline, the request timeout that ends the attempt at the deadline.
     */
    run<T>(
        action: string,
        instanceIds: readonly string[],
        policy: RetryPolicy,
        attemptFn: (attempt: number, timeoutMs?: number) => Promise<T>,
        options?: RunOptions,
    ): Promise<T>;
}

export function createCallRunner(target: ClientTarget, endpoint: URL, deps: ClientDeps): CallRunner {
    const clock = deps.clock ?? systemClock;
    const random = deps.random ?? Math.random;
    const registry = deps.limiters ?? limiterRegistry;
    const transport =
        deps.transport ?? createTransport(deps.timeoutMs !== undefined ? { timeoutMs: deps.timeoutMs } : {});
    const requestTimeoutMs = deps.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const emit = (event: CvmClientEvent): void => {
        try {
            deps.onEvent?.(event);
        } catch {
            // A listener's failure must not change the outcome of an API call.
        }
    };
    return {
        clock,
        transport,
        nonce: deps.nonce ?? (() => randomInt(1, 2 ** 31 - 1)),
        run(action, instanceIds, policy, attemptFn, options = {}) {
            const { deadlineAt } = options;
            const limiters = registry.limitersFor({
                dialect: target.dialect,
                endpoint: (options.endpoint ?? endpoint).origin,
                secretId: target.credentials.secretId,
                action,
            });
            const instanceId = instanceIds.length === 1 ? instanceIds[0] : undefined;
            const late = () => deadlineAt !== undefined && clock.now() >= deadlineAt;
            return withRetries(
                async (attempt) => {
                    if (late()) throw deadlineError(action, instanceId);
                    const permit = await acquireAll(limiters, deadlineAt);
                    if (!permit) throw deadlineError(action, instanceId);
                    if (late()) {
                        permit.cancel();
                        throw deadlineError(action, instanceId);
                    }
                    emit({ type: "request", dialect: target.dialect, action, attempt, instanceIds });
                    const left =
                        deadlineAt !== undefined && policy.idempotent
                            ? Math.max(1, deadlineAt - clock.now())
                            : undefined;
                    try {
                        return await attemptFn(
                            attempt,
                            left !== undefined && left < requestTimeoutMs ? left : undefined,
                        );
                    } finally {
                        // The server counted the request at some moment before now: the slot stays taken a window from here.
                        permit.release(registry.clock.now());
                    }
                },
                {
                    policy,
                    clock,
                    random,
                    ...(deadlineAt !== undefined ? { deadlineAt } : {}),
                    onRetry: ({ attempt, delayMs, error }: { attempt: number; delayMs: number; error: CvmError }) =>
                        emit({
                            type: "retry",
                            dialect: target.dialect,
                            action,
                            attempt,
                            delayMs,
                            errorName: error.name,
                            code: error.code,
                        }),
                },
            );
        },
    };
}
