/**
 * Client-side rate limits, shared by every resource in the host process.
 *
 * Tencent counts a request in its window at the moment it *arrives* at the server
 * (https://cloud.tencent.com/document/product/1278/109059). The client cannot see that moment, only
 * that it lies between sending and the reply. So a granted slot stays taken while its call is in
 * flight and for one full window after the reply (or failure) was seen: then every request the
 * server counts in any window of its clock held a slot at the end of that window, and at most
 * `limit` of them can. Stamping the slot when the call is sent instead lets a burst through whenever
 * the requests' delays differ (a busy event loop, a slow connect): the server then sees two
 * windows' worth of requests inside one.
 *
 * Why hand-written: it is small, takes an injected {@link Clock} (so tests run a minute of quota in
 * microseconds) and needs this in-flight rule, which none of the npm options (`limiter`,
 * `bottleneck`, `p-throttle`) has; they also bring their own timers that a fake clock cannot drive.
 */
import type { Clock } from "./clock";
import { systemClock } from "./clock";
import type { Dialect } from "./types";

export interface RateLimit {
    /** Requests allowed in any window of the server's clock. */
    limit: number;
    windowMs: number;
    /** Extra time a slot stays taken after the window, against timer granularity on either side. */
    marginMs?: number;
}

/** A granted slot. Exactly one of `release` (the call was sent) or `cancel` (it was not) must follow. */
export interface Permit {
    /** The call's reply or failure was seen at `at`: the slot frees one window (plus margin) later. */
    release(at: number): void;
    /** The call was never sent: the slot frees at once. */
    cancel(): void;
}

export interface RateLimiter {
    readonly rate: RateLimit;
    /**
     * Resolves with a permit when a slot is free; callers are served first come, first served.
     * Resolves `undefined`, taking no slot, once it is known that no slot frees before `deadlineAt`.
     */
    acquire(deadlineAt?: number): Promise<Permit | undefined>;
    /** Callers waiting. */
    pending(): number;
    /** Slots taken (in flight, or inside the window after their reply). */
    taken(): number;
}

interface Slot {
    /** When the slot frees; `Infinity` while its call is in flight. */
    freeAt: number;
}

interface Waiter {
    deadlineAt: number;
    resolve(permit: Permit | undefined): void;
}

export function createRateLimiter(rate: RateLimit, clock: Clock = systemClock): RateLimiter {
    if (!(rate.limit >= 1) || !(rate.windowMs > 0))
        throw new RangeError(`invalid rate limit ${rate.limit}/${rate.windowMs}ms`);
    const span = rate.windowMs + (rate.marginMs ?? 0);
    let slots: Slot[] = [];
    const queue: Waiter[] = [];
    let pumping = false;
    /** Set while the pump waits for an in-flight call to end (no slot has a known free time). */
    let wake: (() => void) | undefined;

    const prune = (now: number) => void (slots = slots.filter((s) => s.freeAt > now));
    const signal = () => {
        const w = wake;
        wake = undefined;
        w?.();
    };

    function permitFor(slot: Slot): Permit {
        let done = false;
        return {
            release(at) {
                if (done) return;
                done = true;
                slot.freeAt = at + span;
                signal();
            },
            cancel() {
                if (done) return;
                done = true;
                slot.freeAt = -Infinity;
                signal();
            },
        };
    }

    async function pump(): Promise<void> {
        pumping = true;
        try {
            while (queue.length > 0) {
                const now = clock.now();
                prune(now);
                if (slots.length < rate.limit) {
                    const slot: Slot = { freeAt: Infinity };
                    slots.push(slot);
                    queue.shift()!.resolve(permitFor(slot));
                    continue;
                }
                const nextFree = Math.min(...slots.map((s) => s.freeAt));
                // Nobody in the queue can be served before `nextFree`: let those who cannot wait that long go.
                // (While every slot is in flight that time is not known yet; the next release tells.)
                for (let i = queue.length - 1; i >= 0 && Number.isFinite(nextFree); i--) {
                    if (queue[i]!.deadlineAt <= nextFree) queue.splice(i, 1)[0]!.resolve(undefined);
                }
                if (queue.length === 0) break;
                if (Number.isFinite(nextFree)) {
                    // A release during this sleep frees its slot later than `nextFree`, so nothing is missed.
                    await clock.sleep(nextFree - now);
                } else {
                    await new Promise<void>((resolve) => (wake = resolve));
                }
            }
        } finally {
            pumping = false;
        }
    }

    return {
        rate,
        acquire(deadlineAt = Infinity) {
            return new Promise<Permit | undefined>((resolve) => {
                queue.push({ deadlineAt, resolve });
                if (!pumping) void pump();
            });
        },
        pending: () => queue.length,
        taken: () => {
            prune(clock.now());
            return slots.length;
        },
    };
}

/**
 * Acquires every limiter in turn (all of one call's quotas). Resolves `undefined`, holding nothing,
 * when one of them cannot grant before `deadlineAt`.
 */
export async function acquireAll(limiters: readonly RateLimiter[], deadlineAt?: number): Promise<Permit | undefined> {
    const permits: Permit[] = [];
    for (const limiter of limiters) {
        const permit = await limiter.acquire(deadlineAt);
        if (!permit) {
            for (const p of permits) p.cancel();
            return undefined;
        }
        permits.push(permit);
    }
    return {
        release: (at) => permits.forEach((p) => p.release(at)),
        cancel: () => permits.forEach((p) => p.cancel()),
    };
}

/** Quotas per dialect (https://www.tencentcloud.com/document/product/213/568 and the legacy CVM overview). */
export interface LimitTable {
    legacy: { perAction: RateLimit; perAccount: RateLimit };
    api3: { perAction: Readonly<Record<string, RateLimit>>; otherActions: RateLimit };
}

const perSecond = (limit: number): RateLimit => ({ limit, windowMs: 1_000, marginMs: 50 });

export const DEFAULT_LIMITS: LimitTable = {
    legacy: {
        perAction: { limit: 100, windowMs: 60_000, marginMs: 500 },
        perAccount: { limit: 1000, windowMs: 60_000, marginMs: 500 },
    },
    api3: {
        perAction: {
            // CVM: https://www.tencentcloud.com/document/product/213/568
            ResetInstance: perSecond(10),
            DescribeInstances: perSecond(40),
            InquiryPriceResetInstance: perSecond(10),
            ResetInstancesPassword: perSecond(10),
            // Tag: https://www.tencentcloud.com/document/product/651/33003
            ModifyResourceTags: perSecond(20),
            // TAT: https://www.tencentcloud.com/document/api/1147/46677
            DescribeAutomationAgentStatus: perSecond(60),
            RunCommand: perSecond(20),
            DescribeInvocationTasks: perSecond(20),
        },
        otherActions: perSecond(20),
    },
};

export interface LimiterKey {
    dialect: Dialect;
    /** Base URL the call goes to: the "access region" of Tencent's limits. */
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
    options: {
        clock?: Clock;
        limits?: { legacy?: Partial<LimitTable["legacy"]>; api3?: Partial<LimitTable["api3"]> };
    } = {},
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
            return [
                shared(
                    `${account}\u0000action\u0000${action}`,
                    limits.api3.perAction[action] ?? limits.api3.otherActions,
                ),
            ];
        },
    };
}

/** The host-process-wide registry: every client shares it unless given another. */
export const limiterRegistry: LimiterRegistry = createLimiterRegistry();
