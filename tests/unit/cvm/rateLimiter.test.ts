import { expect } from "chai";
import type { Permit } from "../../../provider/cvm/rateLimiter";
import {
    acquireAll,
    createLimiterRegistry,
    createRateLimiter,
    DEFAULT_LIMITS,
} from "../../../provider/cvm/rateLimiter";
import { createFakeClock } from "../../support/fakeClock";

describe("rateLimiter", () => {
    it("grants the limit at once and makes the next caller wait a window after a reply", async () => {
        const clock = createFakeClock(0);
        const limiter = createRateLimiter({ limit: 3, windowMs: 1000 }, clock);
        const granted: number[] = [];
        const permits: Permit[] = [];
        for (let i = 0; i < 4; i++) {
            void limiter.acquire().then((p) => {
                granted.push(i);
                permits.push(p!);
            });
        }
        await clock.advance(0);
        expect(granted).to.deep.equal([0, 1, 2]);
        permits[0]!.release(clock.now());
        await clock.advance(999);
        expect(granted).to.have.length(3);
        await clock.advance(1);
        expect(granted).to.deep.equal([0, 1, 2, 3]);
    });

    it("keeps a slot taken while its call is in flight, however long that takes", async () => {
        const clock = createFakeClock(0);
        const limiter = createRateLimiter({ limit: 1, windowMs: 1000 }, clock);
        const first = (await limiter.acquire())!;
        let second = -1;
        void limiter.acquire().then(() => (second = clock.now()));
        await clock.advance(5000);
        expect(second).to.equal(
            -1,
            "the reply has not come: the server may count the request at any moment until it does",
        );
        first.release(clock.now());
        await clock.advance(999);
        expect(second).to.equal(-1);
        await clock.advance(1);
        expect(second).to.equal(6000);
    });

    it("frees a cancelled (never sent) slot at once", async () => {
        const clock = createFakeClock(0);
        const limiter = createRateLimiter({ limit: 1, windowMs: 1000 }, clock);
        const first = (await limiter.acquire())!;
        let second = false;
        void limiter.acquire().then(() => (second = true));
        first.cancel();
        await clock.advance(0);
        expect(second).to.equal(true);
    });

    it("serves waiting callers first come, first served", async () => {
        const clock = createFakeClock();
        const limiter = createRateLimiter({ limit: 1, windowMs: 100 }, clock);
        const order: string[] = [];
        for (const name of ["a", "b", "c", "d"]) {
            void limiter.acquire().then((p) => {
                order.push(name);
                p!.release(clock.now());
            });
        }
        await clock.advance(0);
        expect(limiter.pending()).to.equal(3);
        await clock.advance(300);
        expect(order).to.deep.equal(["a", "b", "c", "d"]);
    });

    it("never lets the server count more than the limit in a window, whatever each call's delay", async () => {
        // Each call reaches the server at a different moment between sending and its reply; the
        // server counts arrivals in a sliding window. Stamping slots when sent lets this burst through.
        const clock = createFakeClock(0);
        const limit = 5;
        const limiter = createRateLimiter({ limit, windowMs: 1000 }, clock);
        const arrivals: number[] = [];
        const delays = [0, 300, 10, 700, 50, 900, 5, 400, 0, 650, 20, 800, 100, 0, 999, 30];
        const calls = delays.map(async (delay, i) => {
            const permit = (await limiter.acquire())!;
            const sentAt = clock.now();
            const arrive = sentAt + (i % 2 === 0 ? delay : 0); // arrives somewhere before the reply
            await clock.sleep(delay);
            arrivals.push(arrive);
            permit.release(clock.now());
        });
        await clock.runAll();
        await Promise.all(calls);
        expect(arrivals).to.have.length(delays.length);
        for (const t of arrivals) {
            expect(arrivals.filter((a) => a > t - 1000 && a <= t).length).to.be.at.most(limit, `window ending at ${t}`);
        }
    });

    it("adds the margin past the window edge", async () => {
        const clock = createFakeClock(0);
        const limiter = createRateLimiter({ limit: 1, windowMs: 1000, marginMs: 50 }, clock);
        let second = -1;
        (await limiter.acquire())!.release(0);
        void limiter.acquire().then(() => (second = clock.now()));
        await clock.advance(1049);
        expect(second).to.equal(-1);
        await clock.advance(1);
        expect(second).to.equal(1050);
    });

    describe("deadlines", () => {
        it("resolves undefined, taking no slot, when no slot frees before the deadline", async () => {
            const clock = createFakeClock(0);
            const limiter = createRateLimiter({ limit: 1, windowMs: 1000 }, clock);
            (await limiter.acquire())!.release(0); // frees at 1000
            expect(await limiter.acquire(900)).to.equal(undefined);
            expect(clock.now()).to.equal(0, "it did not wait to find out");
            expect(limiter.pending()).to.equal(0);
        });

        it("grants a caller whose deadline comes after the next free slot", async () => {
            const clock = createFakeClock(0);
            const limiter = createRateLimiter({ limit: 1, windowMs: 1000 }, clock);
            (await limiter.acquire())!.release(0);
            let got: Permit | undefined | "waiting" = "waiting";
            void limiter.acquire(1500).then((p) => (got = p));
            await clock.advance(1000);
            expect(got).to.not.equal("waiting");
            expect(got).to.not.equal(undefined);
        });

        it("lets a late caller go once the in-flight call ends and frees its slot after the deadline", async () => {
            const clock = createFakeClock(0);
            const limiter = createRateLimiter({ limit: 1, windowMs: 1000 }, clock);
            const first = (await limiter.acquire())!;
            let got: Permit | undefined | "waiting" = "waiting";
            void limiter.acquire(1200).then((p) => (got = p));
            await clock.advance(500);
            first.release(clock.now()); // frees at 1500 > 1200
            await clock.advance(0);
            expect(got).to.equal(undefined);
        });

        it("acquireAll gives back what it got when a later limiter cannot make the deadline", async () => {
            const clock = createFakeClock(0);
            const a = createRateLimiter({ limit: 1, windowMs: 1000 }, clock);
            const b = createRateLimiter({ limit: 1, windowMs: 1000 }, clock);
            (await b.acquire())!.release(0);
            expect(await acquireAll([a, b], 500)).to.equal(undefined);
            expect(a.taken()).to.equal(0, "a's slot was cancelled");
        });
    });

    describe("limiterRegistry", () => {
        const key = {
            dialect: "legacy" as const,
            endpoint: "https://cvm.api.qcloud.com",
            secretId: "AKID1",
            action: "DescribeInstances",
        };
        const run = (permit: Permit | undefined, at: number) => permit!.release(at);

        it("makes the 101st legacy call of an action in a minute wait", async () => {
            const clock = createFakeClock(0);
            const registry = createLimiterRegistry({ clock });
            let done = 0;
            for (let i = 0; i < 101; i++) {
                void acquireAll(registry.limitersFor(key)).then((p) => {
                    run(p, clock.now());
                    done++;
                });
            }
            await clock.advance(0);
            expect(done).to.equal(100);
            await clock.advance(59_999);
            expect(done).to.equal(100);
            await clock.advance(60_000 + (DEFAULT_LIMITS.legacy.perAction.marginMs ?? 0) - 59_999);
            expect(done).to.equal(101);
        });

        it("shares limiters across clients of the same account and endpoint", () => {
            const registry = createLimiterRegistry({ clock: createFakeClock() });
            const a = registry.limitersFor(key);
            const b = registry.limitersFor({ ...key });
            expect(a[0]).to.equal(b[0]);
            expect(a[1]).to.equal(b[1]);
            const otherAction = registry.limitersFor({ ...key, action: "ResetInstances" });
            expect(otherAction[0]).to.not.equal(a[0]);
            expect(otherAction[1]).to.equal(a[1], "the per-account limiter is shared by all actions");
            expect(registry.limitersFor({ ...key, secretId: "AKID2" })[1]).to.not.equal(a[1]);
            expect(registry.limitersFor({ ...key, endpoint: "http://127.0.0.1:1" })[1]).to.not.equal(a[1]);
        });

        it("holds a second account's calls separately from the first's", async () => {
            const clock = createFakeClock(0);
            const registry = createLimiterRegistry({
                clock,
                limits: { legacy: { perAction: { limit: 2, windowMs: 60_000 } } },
            });
            let first = 0;
            let second = 0;
            for (let i = 0; i < 3; i++) void acquireAll(registry.limitersFor(key)).then(() => first++);
            for (let i = 0; i < 3; i++)
                void acquireAll(registry.limitersFor({ ...key, secretId: "AKID2" })).then(() => second++);
            await clock.advance(0);
            expect([first, second]).to.deep.equal([2, 2]);
        });

        it("makes the 1001st legacy call of the account wait, across actions", async () => {
            const clock = createFakeClock(0);
            const registry = createLimiterRegistry({ clock });
            let done = 0;
            for (let i = 0; i < 1001; i++) {
                void acquireAll(registry.limitersFor({ ...key, action: `Action${i % 11}` })).then((p) => {
                    run(p, clock.now());
                    done++;
                });
            }
            await clock.advance(0);
            expect(done).to.equal(1000);
            await clock.advance(61_000);
            expect(done).to.equal(1001);
        });

        it("keeps each API 3.0 action's documented limit per second", () => {
            const registry = createLimiterRegistry({ clock: createFakeClock() });
            const api3 = { ...key, dialect: "2017-03-12" as const, endpoint: "https://cvm.tencentcloudapi.com" };
            const rate = (action: string) =>
                registry.limitersFor({ ...api3, action }).map((l) => [l.rate.limit, l.rate.windowMs]);
            const expected: Record<string, number> = {
                ResetInstance: 10,
                DescribeInstances: 40,
                InquiryPriceResetInstance: 10,
                ResetInstancesPassword: 10,
                ModifyResourceTags: 20,
                DescribeAutomationAgentStatus: 60,
                RunCommand: 20,
                DescribeInvocationTasks: 20,
                DescribeImages: 20,
            };
            for (const [action, limit] of Object.entries(expected))
                expect(rate(action), action).to.deep.equal([[limit, 1000]]);
        });

        it("gives a product on another host its own limiter for the same action name", () => {
            const registry = createLimiterRegistry({ clock: createFakeClock() });
            const api3 = { ...key, dialect: "2017-03-12" as const, action: "X" };
            const cvm = registry.limitersFor({ ...api3, endpoint: "https://cvm.tencentcloudapi.com" })[0];
            const tat = registry.limitersFor({ ...api3, endpoint: "https://tat.tencentcloudapi.com" })[0];
            expect(cvm).to.not.equal(tat);
        });

        it("lets tests override the limits", () => {
            const registry = createLimiterRegistry({
                clock: createFakeClock(),
                limits: {
                    api3: {
                        perAction: { ResetInstance: { limit: 1, windowMs: 10 } },
                        otherActions: { limit: 2, windowMs: 10 },
                    },
                },
            });
            const api3 = { ...key, dialect: "2017-03-12" as const };
            expect(registry.limitersFor({ ...api3, action: "ResetInstance" })[0]!.rate.limit).to.equal(1);
            expect(registry.limitersFor({ ...api3, action: "DescribeInstances" })[0]!.rate.limit).to.equal(2);
        });
    });
});
