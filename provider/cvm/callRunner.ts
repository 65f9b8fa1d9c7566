/**
 * How one client call runs, for both dialects: wait for the shared rate limiters, sign and send
 * (the dialect's job, redone on every attempt so each one has a fresh timestamp and nonce), retry by
 * policy, and report progress as events that carry no secrets.
 */
import { randomInt } from "crypto";
import type { Clock } from "./clock";
import { systemClock } from "./clock";
import type { CvmError } from "./errors";
import type { LimiterRegistry } from "./rateLimiter";
import { acquireAll, limiterRegistry } from "./rateLimiter";
import type { RetryPolicy } from "./retryPolicy";
import { withRetries } from "./retryPolicy";
import type { Transport } from "./transport";
import { createTransport } from "./transport";
import type { ClientTarget, Dialect } from "./types";

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
          code: string | number;
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

/** What one call's errors may name (the instance) and must scrub (the password). */
export interface CallContext {
    instanceId?: string;
    password?: string;
}

export function callContextOf(request: { instanceId: string; password?: string }): CallContext {
    return { instanceId: request.instanceId, ...(request.password !== undefined ? { password: request.password } : {}) };
}

export interface CallRunner {
    readonly clock: Clock;
    readonly transport: Transport;
    nonce(): number;
    run<T>(
        action: string,
        instanceIds: readonly string[],
        policy: RetryPolicy,
        attemptFn: (attempt: number) => Promise<T>,
    ): Promise<T>;
}

export function createCallRunner(target: ClientTarget, endpoint: URL, deps: ClientDeps): CallRunner {
    const clock = deps.clock ?? systemClock;
    const random = deps.random ?? Math.random;
    const registry = deps.limiters ?? limiterRegistry;
    const transport = deps.transport ?? createTransport(deps.timeoutMs !== undefined ? { timeoutMs: deps.timeoutMs } : {});
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
        run(action, instanceIds, policy, attemptFn) {
            const limiters = registry.limitersFor({
                dialect: target.dialect,
                endpoint: endpoint.origin,
                secretId: target.credentials.secretId,
                action,
            });
            return withRetries(
                async (attempt) => {
                    await acquireAll(limiters, registry.clock);
                    emit({ type: "request", dialect: target.dialect, action, attempt, instanceIds });
                    return attemptFn(attempt);
                },
                {
                    policy,
                    clock,
                    random,
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
