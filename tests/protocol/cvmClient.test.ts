import { expect } from "chai";
import { DEFAULT_CREDENTIALS } from "../../emulator";
import { isCvmError } from "../../provider/cvm/errors";
import { createLimiterRegistry } from "../../provider/cvm/rateLimiter";
import type { Harness } from "./cvmHarness";
import {
    DIALECTS,
    INSTANCE,
    NEW_IMAGE,
    OLD_IMAGE,
    PASSWORD,
    rejectionOf,
    resetRequest,
    startHarness,
} from "./cvmHarness";

for (const { dialect, reset } of DIALECTS) {
    describe(`CvmClient against the emulator (${dialect})`, function () {
        this.timeout(10_000);
        let h: Harness;
        afterEach(async () => h?.close());

        describe("happy path", () => {
            beforeEach(async () => (h = await startHarness(dialect)));

            it("describes, resets, shows reinstalling, then the new image", async () => {
                const client = h.client();
                const before = (await client.describeInstances([INSTANCE])).get(INSTANCE)!;
                expect(before).to.include({
                    instanceId: INSTANCE,
                    phase: "running",
                    imageId: OLD_IMAGE,
                    rootSize: 50,
                    platform: "linux",
                });

                const accepted = await client.resetInstance(resetRequest({ rootSize: 60 }));
                expect(accepted.requestId).to.be.a("string").and.not.equal("");

                const during = (await client.describeInstances([INSTANCE])).get(INSTANCE)!;
                expect(during.phase).to.equal("reinstalling");

                h.emu.advance(600);
                const after = (await client.describeInstances([INSTANCE])).get(INSTANCE)!;
                expect(after).to.include({ phase: "running", imageId: NEW_IMAGE, rootSize: 60 });
                if (dialect === "2017-03-12") {
                    expect(after.latestOperation).to.deep.include({
                        name: "ResetInstance",
                        state: "SUCCESS",
                        requestId: accepted.requestId,
                    });
                }
                expect(h.calls(reset)).to.have.length(1);
            });

            it("leaves unknown instances out of the map", async () => {
                const views = await h.client().describeInstances([INSTANCE, "ins-zzzz9999"]);
                expect([...views.keys()])
                    .to.include(INSTANCE)
                    .and.not.include("ins-zzzz9999");
            });

            it("splits 150 ids into two DescribeInstances calls of 100 and 50", async () => {
                const ids = Array.from({ length: 150 }, (_, i) => `ins-b${String(i).padStart(7, "0")}`);
                h.emu.seed(
                    ids.map((instanceId) => ({
                        instanceId,
                        imageId: OLD_IMAGE,
                        rootSize: 50,
                        state: "RUNNING" as const,
                    })),
                );
                h.emu.clearRequests();
                const views = await h.client().describeInstances(ids);
                expect(ids.every((id) => views.has(id))).to.equal(true);
                const calls = h.calls("DescribeInstances");
                expect(calls.map((c) => c.instanceIds.length)).to.deep.equal([100, 50]);
            });

            it("keeps the password, the secret key and the signature out of the emulator's request log", async () => {
                const client = h.client();
                await client.describeInstances([INSTANCE]);
                await client.resetInstance(resetRequest());
                const log = JSON.stringify(h.emu.requests());
                expect(log).to.not.include(PASSWORD);
                expect(log).to.not.include(DEFAULT_CREDENTIALS.secretKey);
                expect(log).to.not.match(/Signature=(?!\*\*\*)[A-Za-z0-9%+/]/);
                for (const entry of h.emu.requests()) {
                    const sig = (entry.params as Record<string, unknown>).Signature;
                    if (sig !== undefined) expect(sig).to.equal("***");
                }
            });

            it("reports each request as an event that carries ids and never the password", async () => {
                await h.client().resetInstance(resetRequest());
                expect(h.events).to.deep.include({
                    type: "request",
                    dialect,
                    action: reset,
                    attempt: 1,
                    instanceIds: [INSTANCE],
                });
                expect(JSON.stringify(h.events)).to.not.include(PASSWORD);
            });

            it("rejects a reset in a bad state with CvmInstanceStateError and does not retry it", async () => {
                h.emu.seed([{ instanceId: "ins-aaaa0002", imageId: OLD_IMAGE, rootSize: 50, state: "STOPPING" }]);
                const error = await rejectionOf(h.client().resetInstance(resetRequest({ instanceId: "ins-aaaa0002" })));
                expect(error.name).to.equal("CvmInstanceStateError");
                expect(error.message).to.match(/running or stopped/);
                expect(h.calls(reset)).to.have.length(1);
            });

            it("rejects a reset of an unknown instance with CvmNotFoundError", async () => {
                const error = await rejectionOf(h.client().resetInstance(resetRequest({ instanceId: "ins-zzzz9999" })));
                expect(error.name).to.equal("CvmNotFoundError");
            });
        });

        describe("credentials", () => {
            beforeEach(async () => (h = await startHarness(dialect)));

            it("fails a wrong secret key at once with CvmAuthError naming the config keys and no secret", async () => {
                const wrongKey = "not-the-right-secret-key-0000000";
                const error = await rejectionOf(
                    h.client({ credentials: { secretKey: wrongKey } }).describeInstances([INSTANCE]),
                );
                expect(isCvmError(error)).to.equal(true);
                expect(error.name).to.equal("CvmAuthError");
                expect(error.message).to.include("tencentcloud:secretKey").and.include("TENCENTCLOUD_SECRET_KEY");
                for (const text of [error.message, JSON.stringify(error), String(error.stack)]) {
                    expect(text).to.not.include(wrongKey);
                    expect(text).to.not.include(DEFAULT_CREDENTIALS.secretKey);
                }
                expect(h.calls("DescribeInstances")).to.have.length(1, "auth errors are not retried");
            });

            it("fails an unknown SecretId with CvmAuthError", async () => {
                const error = await rejectionOf(
                    h
                        .client({ credentials: { secretId: "AKIDunknown0000000000000000000000000" } })
                        .describeInstances([INSTANCE]),
                );
                expect(error.name).to.equal("CvmAuthError");
            });
        });

        describe("temporary credentials", () => {
            const temporary = {
                secretId: "AKIDTEMP00000000000000000000000000",
                secretKey: "temporary-secret-key-00000000000",
                token: "session-token-abc-123-xyz",
            };
            beforeEach(async () => (h = await startHarness(dialect, { credentials: [temporary] })));

            it("sends the session token and is accepted", async () => {
                const client = h.client({ credentials: temporary });
                await client.resetInstance(resetRequest());
                expect(h.calls(reset)[0]!.outcome).to.equal("ok");
                expect(JSON.stringify(h.emu.requests())).to.not.include(temporary.token);
            });

            it("is refused without its token with CvmAuthError", async () => {
                const withoutToken = { secretId: temporary.secretId, secretKey: temporary.secretKey };
                const error = await rejectionOf(h.client({ credentials: withoutToken }).describeInstances([INSTANCE]));
                expect(error.name).to.equal("CvmAuthError");
            });
        });

        describe("faults", () => {
            beforeEach(async () => (h = await startHarness(dialect)));

            it("retries DescribeInstances after an HTTP 502 from the gateway", async () => {
                h.emu.inject({ kind: "http500", action: "DescribeInstances", times: 2 });
                const views = await h.client().describeInstances([INSTANCE]);
                expect(views.get(INSTANCE)!.phase).to.equal("running");
                expect(h.calls("DescribeInstances").map((c) => c.outcome)).to.deep.equal(["http500", "http500", "ok"]);
                expect(
                    h.events.filter((e) => e.type === "retry").map((e) => e.type === "retry" && e.code),
                ).to.deep.equal(["HTTP_502", "HTTP_502"]);
            });

            it("does not resend the reset after an HTTP 502 (it may have been applied)", async () => {
                h.emu.inject({ kind: "http500", action: reset });
                const error = await rejectionOf(h.client().resetInstance(resetRequest()));
                expect(error).to.include({ name: "CvmTransportError", code: "HTTP_502", ambiguous: true });
                expect(h.calls(reset)).to.have.length(1);
            });

            it("retries DescribeInstances after a dropped connection", async () => {
                h.emu.inject({ kind: "dropBeforeApply", action: "DescribeInstances" });
                const views = await h.client().describeInstances([INSTANCE]);
                expect(views.has(INSTANCE)).to.equal(true);
                expect(h.calls("DescribeInstances")).to.have.length(2);
            });

            it("does not resend the reset after a connection dropped before it was applied", async () => {
                h.emu.inject({ kind: "dropBeforeApply", action: reset });
                const error = await rejectionOf(h.client().resetInstance(resetRequest()));
                expect(error).to.include({ name: "CvmTransportError", ambiguous: true });
                expect(error.message).to.match(/read the instance/);
                expect(h.calls(reset)).to.have.length(1);
                expect(h.emu.instance(INSTANCE)!.imageId).to.equal(OLD_IMAGE);
            });

            it("does not resend the reset after a connection dropped once it was applied", async () => {
                h.emu.inject({ kind: "dropAfterApply", action: reset });
                const error = await rejectionOf(h.client().resetInstance(resetRequest()));
                expect(error).to.include({ name: "CvmTransportError", ambiguous: true });
                expect(h.calls(reset)).to.have.length(1);
                const view = (await h.client().describeInstances([INSTANCE])).get(INSTANCE)!;
                expect(view.phase).to.equal("reinstalling", "the reset was applied: the caller learns it by reading");
            });

            it("times out a slow reset as ambiguous and does not resend it", async () => {
                h.emu.inject({ kind: "slow", action: reset, delayMs: 800 });
                const error = await rejectionOf(h.client({ deps: { timeoutMs: 200 } }).resetInstance(resetRequest()));
                expect(error).to.include({ name: "CvmTransportError", code: "ETIMEDOUT", ambiguous: true });
                expect(h.calls(reset)).to.have.length(1);
            });

            it("retries a throttled reset and applies it exactly once", async () => {
                h.emu.inject({ kind: "throttle", action: reset, times: 3 });
                const accepted = await h.client().resetInstance(resetRequest());
                expect(accepted.requestId).to.be.a("string");
                expect(h.calls(reset).map((c) => c.outcome)).to.deep.equal(["throttle", "throttle", "throttle", "ok"]);
                const retries = h.events.filter((e) => e.type === "retry");
                expect(retries.map((e) => e.type === "retry" && e.errorName)).to.deep.equal(
                    Array(3).fill("CvmThrottledError"),
                );
                expect((await h.client().describeInstances([INSTANCE])).get(INSTANCE)!.phase).to.equal("reinstalling");
            });

            it("gives up on a reset throttled 8 times with CvmThrottledError", async () => {
                h.emu.inject({ kind: "throttle", action: reset, times: 8 });
                const error = await rejectionOf(h.client().resetInstance(resetRequest()));
                expect(error.name).to.equal("CvmThrottledError");
                expect(h.calls(reset)).to.have.length(8);
                expect(h.emu.instance(INSTANCE)!.imageId).to.equal(OLD_IMAGE);
            });

            if (dialect === "legacy") {
                it("retries SystemBusy on a read and on the reset", async () => {
                    h.emu.inject({ kind: "systemBusy", action: "DescribeInstances" });
                    h.emu.inject({ kind: "systemBusy", action: reset, times: 2 });
                    const client = h.client();
                    expect((await client.describeInstances([INSTANCE])).has(INSTANCE)).to.equal(true);
                    await client.resetInstance(resetRequest());
                    expect(h.calls(reset).map((c) => c.outcome)).to.deep.equal(["systemBusy", "systemBusy", "ok"]);
                    expect(
                        h.events.filter((e) => e.type === "retry").map((e) => e.type === "retry" && e.errorName),
                    ).to.deep.equal(["CvmBusyError", "CvmBusyError", "CvmBusyError"]);
                });
            } else {
                it("retries InternalError on a read but does not resend the reset, whose outcome is unknown", async () => {
                    // The emulator's 3.0 busy backend answers InternalError, which does not prove the reset was not applied.
                    h.emu.inject({ kind: "systemBusy", action: "DescribeInstances" });
                    h.emu.inject({ kind: "systemBusy", action: reset, times: 2 });
                    const client = h.client();
                    expect((await client.describeInstances([INSTANCE])).has(INSTANCE)).to.equal(true);
                    expect(h.calls("DescribeInstances")).to.have.length(2);
                    const outcome = await client.submitReset(resetRequest());
                    expect(outcome.outcome).to.equal("unknown");
                    expect(outcome.outcome === "unknown" && outcome.error.name).to.equal("CvmInternalError");
                    expect(h.calls(reset)).to.have.length(1);
                });
            }
        });

        describe("rate limits", () => {
            it("makes two clients of the same account and endpoint share one limiter", async () => {
                h = await startHarness(dialect);
                const small = { limit: 2, windowMs: 300 };
                const shared = createLimiterRegistry({
                    limits: { legacy: { perAction: small }, api3: { perAction: { DescribeInstances: small } } },
                });
                const a = h.client({ deps: { limiters: shared } });
                const b = h.client({ deps: { limiters: shared } });
                const started = Date.now();
                await a.describeInstances([INSTANCE]);
                await b.describeInstances([INSTANCE]);
                expect(Date.now() - started).to.be.below(250);
                await a.describeInstances([INSTANCE]);
                expect(Date.now() - started).to.be.at.least(290, "the third call waited for the window shared with b");
            });

            it("gives up on a read the server keeps throttling after 6 attempts", async () => {
                h = await startHarness(
                    dialect,
                    dialect === "legacy"
                        ? { legacyLimits: { perActionPerMinute: 2, perAccountPerMinute: 1000 } }
                        : { api3Limits: { DescribeInstances: 2 } },
                );
                // No client-side limit here, so the server's 2 per window is what throttles.
                const loose = createLimiterRegistry({
                    limits: {
                        legacy: { perAction: { limit: 1000, windowMs: 60_000 } },
                        api3: { perAction: {}, otherActions: { limit: 1000, windowMs: 1000 } },
                    },
                });
                const client = h.client({ deps: { limiters: loose } });
                await client.describeInstances([INSTANCE]);
                await client.describeInstances([INSTANCE]);
                const error = await rejectionOf(client.describeInstances([INSTANCE]));
                expect(error.name).to.equal("CvmThrottledError");
                expect(h.calls("DescribeInstances").filter((c) => c.outcome !== "ok")).to.have.length(
                    6,
                    "6 attempts for a read",
                );
            });
        });
    });
}
