import { expect } from "chai";
import { createLimiterRegistry } from "../../provider/cvm/rateLimiter";
import type { Harness } from "./cvmHarness";
import { INSTANCE, NEW_IMAGE, OLD_IMAGE, PASSWORD, startHarness } from "./cvmHarness";

/**
 * The client's limiter against the emulator's own quota counting (requests counted at arrival in a
 * sliding one-second window): a burst of concurrent resets from one host process, with the real
 * limits on both sides, must never be throttled.
 */
describe("rate limits: a burst of concurrent resets against the server's window (2017-03-12)", function () {
    this.timeout(60_000);
    const N = 60;
    let h: Harness;
    before(async () => (h = await startHarness("2017-03-12")));
    after(async () => h.close());

    it(`sends ${N} concurrent ResetInstance calls at the server's 10/s with 0 throttled answers`, async () => {
        const ids = Array.from({ length: N }, (_, i) => `ins-r${String(i).padStart(7, "0")}`);
        h.emu.seed(
            ids.map((instanceId) => ({ instanceId, imageId: OLD_IMAGE, rootSize: 50, state: "RUNNING" as const })),
        );
        h.emu.clearRequests();
        const client = h.client({ deps: { limiters: createLimiterRegistry() } }); // the production limits
        const started = Date.now();
        const outcomes = await Promise.all(
            ids.map((instanceId) =>
                client.submitReset({
                    instanceId,
                    imageId: NEW_IMAGE,
                    password: PASSWORD,
                    needSecurityAgent: true,
                    needMonitorAgent: true,
                }),
            ),
        );
        const elapsedMs = Date.now() - started;
        const calls = h.calls("ResetInstance");
        const throttled = calls.filter((c) => c.outcome !== "ok");
        expect(throttled.length, `throttled answers: ${throttled.map((c) => c.outcome).join(", ")}`).to.equal(0);
        expect(calls).to.have.length(N, "one call per reset: none throttled, none resent");
        expect(outcomes.every((o) => o.outcome === "accepted")).to.equal(true);
        // 10 per window of 1 s (+50 ms margin) after each reply: N calls need at least ⌈N/10⌉ - 1 windows.
        expect(elapsedMs).to.be.at.least((Math.ceil(N / 10) - 1) * 1000);
        expect(elapsedMs).to.be.below(
            (Math.ceil(N / 10) + 2) * 1300,
            "the limiter does not hold calls much longer than the quota needs",
        );
    });

    it("sends 120 concurrent single-instance DescribeInstances calls at the server's 40/s with 0 throttled answers", async () => {
        h.emu.clearRequests();
        const client = h.client({ deps: { limiters: createLimiterRegistry() } });
        const reads = await Promise.all(Array.from({ length: 120 }, () => client.describeInstances([INSTANCE])));
        expect(reads.every((views) => views.has(INSTANCE))).to.equal(true);
        const calls = h.calls("DescribeInstances");
        expect(calls.filter((c) => c.outcome !== "ok").map((c) => c.outcome)).to.deep.equal([]);
        expect(calls).to.have.length(120);
    });
});
