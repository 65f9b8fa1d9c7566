/**
 * Client-side rate limits, shared by every resource in the host process.
 *
 * Why hand-written: it is ~40 lines, takes an injected {@link Clock} (so tests run a minute of quota
 * in microseconds), and is an exact sliding window — at most `limit` grants in any `windowMs` span —
 * which is what Tencent's "100 calls per minute per action" quotas need; a token bucket lets bursts
 * through at window edges. The npm options (`limiter`, `bottleneck`, `p-throttle`) are unmaintained,
 * ESM-only, or bring their own timers that a fake clock cannot drive.
 */
import type { Clock } from "./clock";
import { systemClock } from "./clock";
import type { Dialect } from "./types";

export interface RateLimit {
    /** Grants allowed in any window. */
    limit: number;
    windowMs: number;
    /** Extra wait past the window edge, to absorb network jitter between our clock and the server's. */
    marginMs?: number;
}

/** A granted slot; `restamp` moves its time forward when the call is actually sent later. */
export interface Permit {
    restamp(at: number): void;
}

export interface RateLimiter {
    readonly rate: RateLimit;
    /** Resolves when a slot is free; callers are served first come, first served. */
    acquire(): Promise<Permit>;
    /** Callers waiting. */
    pending(): number;
}

/** An exact sliding-window limiter. */
export function createRateLimiter(rate: RateLimit, clock: Clock = systemClock): RateLimiter {
    if (!(rate.limit >= 1) || !(rate.windowMs > 0)) throw new RangeError(`invalid rate limit ${rate.limit}/${rate.windowMs}ms`);
    const grants: Array<{ at: number }> = [];
    const queue: Array<(permit: Permit) => void> = [];
    let pumping = false;
    const span = rate.windowMs + (rate.marginMs ?? 0);

    async function pump(): Promise<void> {
        pumping = true;
        try {
            while (queue.length > 0) {
                const now = clock.now();
                for (let i = grants.length - 1; i >= 0; i--) if (grants[i]!.at + span <= now) grants.splice(i, 1);
                if (grants.length < rate.limit) {
                    const grant = { at: now };
                    grants.push(grant);
                    queue.shift()!({ restamp: (at: number) => void (grant.at = Math.max(grant.at, at)) });
                    continue;
                }
                const oldest = Math.min(...grants.map((g) => g.at));
                await clock.sleep(oldest + span - now);
            }
        } finally {
            pumping = false;
        }
    }

    return {
        rate,
        acquire() {
            return new Promise<Permit>((resolve) => {
                queue.push(resolve);
                if (!pumping) void pump();
            });
        },
        pending: () => queue.length,
    };
}

/** Acquires every limiter in turn, then stamps all permits with the moment the call goes out. */
export async function acquireAll(limiters: readonly RateLimiter[], clock: Clock): Promise<void> {
    const permits: Permit[] = [];
    for (const limiter of limiters) permits.push(await limiter.acquire());
    const now = clock.now();
    for (const permit of permits) permit.restamp(now);
}

/** Quotas per dialect (reference §1.11 and §2.9). */
export interface LimitTable {
    legacy: { perAction: RateLimit; perAccount: RateLimit };
    api3: { perAction: Readonly<Record<string, RateLimit>>; otherActions: RateLimit };
}

export const DEFAULT_LIMITS: LimitTable = {
    legacy: {
        perAction: { limit: 100, windowMs: 60_000, marginMs: 500 },
        perAccount: { limit: 1000, windowMs: 60_000, marginMs: 500 },
    },
    api3: {
        perAction: {
            ResetInstance: { limit: 10, windowMs: 1_000, marginMs: 50 },
            DescribeInstances: { limit: 40, windowMs: 1_000, marginMs: 50 },
        },
        otherActions: { limit: 20, windowMs: 1_000, marginMs: 50 },
    },
};

export interface LimiterKey {
    dialect: Dialect;
    /** Base URL of the API. */
    endpoint: string;
    /** The account as far as the client can tell: the SecretId (an id, not a secret). */
    secretId: string;
    action: string;
}

export interface LimiterRegistry {
    /** The limiters one call must pass, shared by every client with the same endpoint, SecretId and action. */
    limitersFor(key: LimiterKey): RateLimiter[];
    readonly clock: Clock;
}

/** A registry; tests make their own with a fake clock or small limits. */
export function createLimiterRegistry(
    options: { clock?: Clock; limits?: { legacy?: Partial<LimitTable["legacy"]>; api3?: Partial<LimitTable["api3"]> } } = {},
): LimiterRegistry {
    const clock = options.clock ?? systemClock;
    const limits: LimitTable = {
        legacy: { ...DEFAULT_LIMITS.legacy, ...options.limits?.legacy },
        api3: { ...DEFAULT_LIMITS.api3, ...options.limits?.api3 },
    };
    const limiters = new Map<string, RateLimiter>();
    const shared = (key: string, rate: RateLimit): RateLimiter => {
        let limiter = limiters.get(key);
        if (!limiter) limiters.set(key, (limiter = createRateLimiter(rate, clock)));
        return limiter;
    };
    return {
        clock,
        limitersFor({ dialect, endpoint, secretId, action }) {
            const account = `${dialect}\u0000${endpoint}\u0000${secretId}`;
            if (dialect === "legacy") {
                return [
                    shared(`${account}\u0000action\u0000${action}`, limits.legacy.perAction),
                    shared(`${account}\u0000account`, limits.legacy.perAccount),
                ];
            }
            return [shared(`${account}\u0000action\u0000${action}`, limits.api3.perAction[action] ?? limits.api3.otherActions)];
        },
    };
}

/** The host-process-wide registry: every client shares it unless given another. */
export const limiterRegistry: LimiterRegistry = createLimiterRegistry();
