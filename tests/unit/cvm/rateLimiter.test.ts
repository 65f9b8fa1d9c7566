import { expect } from "chai";
import { acquireAll, createLimiterRegistry, createRateLimiter, DEFAULT_LIMITS } from "../../../provider/cvm/rateLimiter";
import { createFakeClock } from "./fakeClock";

describe("rateLimiter", () => {
    it("grants the limit at once and makes the next caller wait for the window to slide", async () => {
        const clock = createFakeClock();
        const limiter = createRateLimiter({ limit: 3, windowMs: 1000 }, clock);
        const granted: number[] = [];
        for (let i = 0; i < 4; i++) void limiter.acquire().then(() => granted.push(i));
        await clock.advance(0);
        expect(granted).to.deep.equal([0, 1, 2]);
        await clock.advance(999);
        expect(granted).to.have.length(3);
        await clock.advance(1);
        expect(granted).to.deep.equal([0, 1, 2, 3]);
    });

    it("serves waiting callers first come, first served", async () => {
        const clock = createFakeClock();
        const limiter = createRateLimiter({ limit: 1, windowMs: 100 }, clock);
        const order: string[] = [];
        for (const name of ["a", "b", "c", "d"]) void limiter.acquire().then(() => order.push(name));
        await clock.advance(0);
        expect(limiter.pending()).to.equal(3);
        await clock.advance(300);
        expect(order).to.deep.equal(["a", "b", "c", "d"]);
    });

    it("is an exact sliding window: never more than the limit in any window", async () => {
        const clock = createFakeClock(0);
        const limiter = createRateLimiter({ limit: 5, windowMs: 1000 }, clock);
        const stamps: number[] = [];
        for (let i = 0; i < 23; i++) void limiter.acquire().then(() => stamps.push(clock.now()));
        for (let t = 0; t < 6000; t += 37) await clock.advance(37);
        expect(stamps).to.have.length(23);
        for (const s of stamps) expect(stamps.filter((x) => x >= s && x < s + 1000).length).to.be.at.most(5);
    });

    it("adds the margin past the window edge", async () => {
        const clock = createFakeClock(0);
        const limiter = createRateLimiter({ limit: 1, windowMs: 1000, marginMs: 50 }, clock);
        let second = -1;
        await limiter.acquire();
        void limiter.acquire().then(() => (second = clock.now()));
        await clock.advance(1049);
        expect(second).to.equal(-1);
        await clock.advance(1);
        expect(second).to.equal(1050);
    });

    it("counts a permit from when acquireAll sends, not from when its first limiter granted", async () => {
        const clock = createFakeClock(0);
        const first = createRateLimiter({ limit: 1, windowMs: 1000 }, clock);
        const second = createRateLimiter({ limit: 1, windowMs: 1000 }, clock);
        await second.acquire(); // second is busy until t=1000
        const done = acquireAll([first, second], clock);
        await clock.advance(1000);
        await done;
        let next = -1;
        void first.acquire().then(() => (next = clock.now()));
        await clock.advance(999);
        expect(next).to.equal(-1, "first's slot was re-stamped at t=1000, so it frees at t=2000");
        await clock.advance(1);
        expect(next).to.equal(2000);
    });

    describe("limiterRegistry", () => {
        const key = { dialect: "legacy" as const, endpoint: "https://cvm.api.qcloud.com", secretId: "AKID1", action: "DescribeInstances" };

        it("makes the 101st legacy call of an action in a minute wait", async () => {
            const clock = createFakeClock(0);
            const registry = createLimiterRegistry({ clock });
            let done = 0;
            for (let i = 0; i < 101; i++) void acquireAll(registry.limitersFor(key), clock).then(() => done++);
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
            const registry = createLimiterRegistry({ clock, limits: { legacy: { perAction: { limit: 2, windowMs: 60_000 } } } });
            let first = 0;
            let second = 0;
            for (let i = 0; i < 3; i++) void acquireAll(registry.limitersFor(key), clock).then(() => first++);
            for (let i = 0; i < 3; i++) void acquireAll(registry.limitersFor({ ...key, secretId: "AKID2" }), clock).then(() => second++);
            await clock.advance(0);
            expect([first, second]).to.deep.equal([2, 2]);
        });

        it("makes the 1001st legacy call of the account wait, across actions", async () => {
            const clock = createFakeClock(0);
            const registry = createLimiterRegistry({ clock });
            let done = 0;
            for (let i = 0; i < 1001; i++) {
                void acquireAll(registry.limitersFor({ ...key, action: `Action${i % 11}` }), clock).then(() => done++);
            }
            await clock.advance(0);
            expect(done).to.equal(1000);
            await clock.advance(61_000);
            expect(done).to.equal(1001);
        });

        it("limits API 3.0 ResetInstance to 10/s, DescribeInstances to 40/s and other actions to 20/s", () => {
            const registry = createLimiterRegistry({ clock: createFakeClock() });
            const api3 = { ...key, dialect: "2017-03-12" as const, endpoint: "https://cvm.tencentcloudapi.com" };
            const rate = (action: string) => registry.limitersFor({ ...api3, action }).map((l) => [l.rate.limit, l.rate.windowMs]);
            expect(rate("ResetInstance")).to.deep.equal([[10, 1000]]);
            expect(rate("DescribeInstances")).to.deep.equal([[40, 1000]]);
            expect(rate("DescribeImages")).to.deep.equal([[20, 1000]]);
        });

        it("lets tests override the limits", () => {
            const registry = createLimiterRegistry({
                clock: createFakeClock(),
                limits: { api3: { perAction: { ResetInstance: { limit: 1, windowMs: 10 } }, otherActions: { limit: 2, windowMs: 10 } } },
            });
            const api3 = { ...key, dialect: "2017-03-12" as const };
            expect(registry.limitersFor({ ...api3, action: "ResetInstance" })[0]!.rate.limit).to.equal(1);
            expect(registry.limitersFor({ ...api3, action: "DescribeInstances" })[0]!.rate.limit).to.equal(2);
        });
    });
});
