import { expect } from "chai";
import type { Harness } from "./cvmHarness";
import { DIALECTS, INSTANCE, OLD_IMAGE, resetRequest, startHarness } from "./cvmHarness";

for (const { dialect, reset } of DIALECTS) {
    describe(`submitReset and deadlines against the emulator (${dialect})`, function () {
        this.timeout(15_000);
        let h: Harness;
        beforeEach(async () => (h = await startHarness(dialect)));
        afterEach(async () => h.close());

        describe("the neutral acceptor", () => {
            it("accepts a reset with the request id the reads then report", async () => {
                const client = h.client();
                const outcome = await client.submitReset(resetRequest());
                expect(outcome.outcome).to.equal("accepted");
                const requestId = outcome.outcome === "accepted" ? outcome.requestId : "";
                expect(requestId).to.be.a("string").and.not.equal("");
                const view = (await client.describeInstances([INSTANCE])).get(INSTANCE)!;
                expect(view.phase).to.equal("reinstalling");
                if (dialect === "2017-03-12") expect(view.latestOperation?.requestId).to.equal(requestId);
                expect(h.calls(reset)).to.have.length(1);
            });

            it("reports a reset refused for the instance's state as refused, sent once", async () => {
                h.emu.seed([{ instanceId: "ins-aaaa0002", imageId: OLD_IMAGE, rootSize: 50, state: "STOPPING" }]);
                const outcome = await h.client().submitReset(resetRequest({ instanceId: "ins-aaaa0002" }));
                expect(outcome.outcome).to.equal("refused");
                if (outcome.outcome === "refused") {
                    expect(outcome.error.name).to.equal("CvmInstanceStateError");
                    expect(outcome.error.code).to.be.a("string").and.not.equal("");
                }
                expect(h.calls(reset)).to.have.length(1);
            });

            it("reports a wrong key as refused", async () => {
                const outcome = await h
                    .client({ credentials: { secretKey: "not-the-right-secret-key-0000000" } })
                    .submitReset(resetRequest());
                expect(outcome.outcome).to.equal("refused");
                expect(outcome.outcome === "refused" && outcome.error.name).to.equal("CvmAuthError");
            });

            it("reports a lost reply as unknown, never resends it, and the read shows the reset applied", async () => {
                h.emu.inject({ kind: "dropAfterApply", action: reset });
                const before = Date.now();
                const outcome = await h.client().submitReset(resetRequest());
                const after = Date.now();
                expect(outcome.outcome).to.equal("unknown");
                if (outcome.outcome === "unknown") expect(outcome.signedAt).to.be.within(before, after);
                expect(h.calls(reset)).to.have.length(1);
                expect((await h.client().describeInstances([INSTANCE])).get(INSTANCE)!.phase).to.equal("reinstalling");
            });

            it("reports an HTTP 502 as unknown and does not resend it", async () => {
                h.emu.inject({ kind: "http500", action: reset });
                const outcome = await h.client().submitReset(resetRequest());
                expect(outcome.outcome).to.equal("unknown");
                expect(h.calls(reset)).to.have.length(1);
            });

            it("reports InternalError after the reset was applied as unknown, never resent; the read shows it applied", async () => {
                h.emu.inject({ kind: "errorAfterApply", action: reset, code: "InternalError" });
                const outcome = await h.client().submitReset(resetRequest());
                expect(outcome.outcome).to.equal("unknown");
                expect(outcome.outcome === "unknown" && outcome.error.name).to.equal("CvmInternalError");
                expect(h.calls(reset)).to.have.length(1);
                expect((await h.client().describeInstances([INSTANCE])).get(INSTANCE)!.phase).to.equal("reinstalling");
            });

            for (const code of ["ServiceUnavailable", "InternalServerError", "InternalError.TradeUnknownError"]) {
                it(`reports ${code} on the reset as unknown and does not resend it`, async () => {
                    h.emu.inject({ kind: "errorBeforeApply", action: reset, code });
                    const outcome = await h.client().submitReset(resetRequest());
                    expect(outcome.outcome).to.equal("unknown");
                    expect(h.calls(reset)).to.have.length(1);
                });
            }

            it("retries InternalServerError on a read", async () => {
                h.emu.inject({
                    kind: "errorBeforeApply",
                    action: "DescribeInstances",
                    code: "InternalServerError",
                    times: 2,
                });
                expect((await h.client().describeInstances([INSTANCE])).has(INSTANCE)).to.equal(true);
                expect(h.calls("DescribeInstances")).to.have.length(3);
            });

            it("retries throttling and then accepts, applying the reset once", async () => {
                h.emu.inject({ kind: "throttle", action: reset, times: 2 });
                const outcome = await h.client().submitReset(resetRequest());
                expect(outcome.outcome).to.equal("accepted");
                expect(h.calls(reset).map((c) => c.outcome)).to.deep.equal(["throttle", "throttle", "ok"]);
                const retries = h.events.flatMap((e) => (e.type === "retry" ? [e.code] : []));
                expect(retries).to.deep.equal(
                    ["RequestLimitExceeded", "RequestLimitExceeded"],
                    "retry events carry the string code",
                );
            });
        });

        describe("deadlines", () => {
            // random ≈ 1: retry delays of 499, 999, 1999 … ms.
            const slow = { random: () => 0.999 };

            it("stops retrying a throttled reset before a delay would pass the deadline, and reports it refused", async () => {
                h.emu.inject({ kind: "throttle", action: reset, times: 8 });
                const deadlineAt = Date.now() + 1200;
                const outcome = await h.client({ deps: slow }).submitReset(resetRequest(), { deadlineAt });
                expect(Date.now()).to.be.below(deadlineAt, "no retry delay ran past the deadline");
                expect(outcome.outcome).to.equal("refused");
                expect(outcome.outcome === "refused" && outcome.error.name).to.equal("CvmThrottledError");
                expect(h.calls(reset)).to.have.length(
                    2,
                    "attempt 1, a 499 ms delay, attempt 2; a 999 ms delay would end past the deadline",
                );
                expect(h.emu.instance(INSTANCE)!.imageId).to.equal(OLD_IMAGE);
            });

            it("sends nothing when the deadline has already passed", async () => {
                const outcome = await h.client().submitReset(resetRequest(), { deadlineAt: Date.now() - 1 });
                expect(outcome.outcome).to.equal("refused");
                if (outcome.outcome === "refused")
                    expect(outcome.error).to.include({
                        name: "CvmTransportError",
                        code: "DEADLINE_EXCEEDED",
                        ambiguous: false,
                    });
                expect(h.calls(reset)).to.have.length(0);
            });

            it("bounds the retries of a throttled read by the deadline and throws the throttling error", async () => {
                h.emu.inject({ kind: "throttle", action: "DescribeInstances", times: 6 });
                const deadlineAt = Date.now() + 1200;
                const error = await h
                    .client({ deps: slow })
                    .describeInstances([INSTANCE], { deadlineAt })
                    .then(
                        () => undefined,
                        (e: Error) => e,
                    );
                expect(Date.now()).to.be.below(deadlineAt);
                expect(error?.name).to.equal("CvmThrottledError");
                expect(h.calls("DescribeInstances")).to.have.length(2);
            });

            it("cuts a slow read short at the deadline instead of waiting out the request timeout", async () => {
                h.emu.inject({ kind: "slow", action: "DescribeInstances", delayMs: 3000 });
                const started = Date.now();
                const error = await h
                    .client()
                    .describeInstances([INSTANCE], { deadlineAt: started + 400 })
                    .then(
                        () => undefined,
                        (e: Error & { code?: string }) => e,
                    );
                expect(Date.now() - started).to.be.below(1500);
                expect(error).to.include({ name: "CvmTransportError", code: "ETIMEDOUT" });
            });

            it("waits for a slow reset's reply past the deadline: a late answer beats an unknown outcome", async () => {
                h.emu.inject({ kind: "slow", action: reset, delayMs: 600 });
                const outcome = await h.client().submitReset(resetRequest(), { deadlineAt: Date.now() + 200 });
                expect(outcome.outcome).to.equal("accepted");
                expect(h.calls(reset)).to.have.length(1);
            });
        });
    });
}
