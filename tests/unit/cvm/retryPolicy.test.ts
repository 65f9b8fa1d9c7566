import { expect } from "chai";
import type { CvmErrorKind } from "../../../provider/cvm/errors";
import { CvmApiError, CvmTransportError, deadlineError } from "../../../provider/cvm/errors";
import type { RetryEvent } from "../../../provider/cvm/retryPolicy";
import { READ_POLICY, RESET_POLICY, retryDelay, shouldRetry, withRetries } from "../../../provider/cvm/retryPolicy";
import { createFakeClock } from "../../support/fakeClock";

const api = (kind: CvmErrorKind) => new CvmApiError({ kind, code: kind, apiMessage: "", action: "X" });
const net = (code: string, ambiguous: boolean, httpStatus?: number) =>
    new CvmTransportError({ code, ambiguous, action: "X", ...(httpStatus !== undefined ? { httpStatus } : {}) });

describe("retryPolicy", () => {
    describe("decisions", () => {
        const table: Array<[string, Error, boolean, boolean]> = [
            // [what, error, reads retry, reset retries]
            ["throttled", api("throttled"), true, true],
            ["busy (SystemBusy, ResourceBusy)", api("busy"), true, true],
            ["internal (InternalError, ServiceUnavailable)", api("internal"), true, false],
            ["unsupported region", api("unsupportedRegion"), false, false],
            ["auth", api("auth"), false, false],
            ["permission", api("permission"), false, false],
            ["balance", api("balance"), false, false],
            ["invalid parameter", api("invalidParameter"), false, false],
            ["instance state", api("instanceState"), false, false],
            ["not found", api("notFound"), false, false],
            ["operation failed", api("failed"), false, false],
            ["unsupported", api("unsupported"), false, false],
            ["ECONNRESET (ambiguous)", net("ECONNRESET", true), true, false],
            ["ETIMEDOUT (ambiguous)", net("ETIMEDOUT", true), true, false],
            ["ECONNREFUSED (nothing sent)", net("ECONNREFUSED", false), true, true],
            ["ENOTFOUND (nothing sent)", net("ENOTFOUND", false), true, true],
            ["HTTP 502", net("HTTP_502", true, 502), true, false],
            ["HTTP 503", net("HTTP_503", true, 503), true, false],
            ["HTTP 404", net("HTTP_404", true, 404), false, false],
            ["BAD_RESPONSE", net("BAD_RESPONSE", true), true, false],
            ["INSECURE_ENDPOINT", net("INSECURE_ENDPOINT", false), false, false],
            ["a programmer error", new TypeError("x"), false, false],
        ];
        for (const [what, error, read, reset] of table) {
            it(`${read ? "retries" : "does not retry"} a read and ${reset ? "retries" : "does not retry"} the reset after ${what}`, () => {
                expect(shouldRetry(READ_POLICY, error, 1)).to.equal(read);
                expect(shouldRetry(RESET_POLICY, error, 1)).to.equal(reset);
            });
        }

        it("allows 6 attempts for reads and 8 for a throttled reset", () => {
            expect(shouldRetry(READ_POLICY, api("throttled"), 5)).to.equal(true);
            expect(shouldRetry(READ_POLICY, api("throttled"), 6)).to.equal(false);
            expect(shouldRetry(RESET_POLICY, api("throttled"), 7)).to.equal(true);
            expect(shouldRetry(RESET_POLICY, api("throttled"), 8)).to.equal(false);
        });
    });

    describe("retryDelay", () => {
        it("doubles from 500 ms and caps at 10 s (random at its maximum)", () => {
            const almostOne = () => 0.999999999;
            const caps = [1, 2, 3, 4, 5, 6, 7].map((a) => retryDelay(a, almostOne) + 1);
            expect(caps).to.deep.equal([500, 1000, 2000, 4000, 8000, 10000, 10000]);
        });

        it("uses full jitter: zero random means no wait, half random means half the cap", () => {
            expect(retryDelay(3, () => 0)).to.equal(0);
            expect(retryDelay(3, () => 0.5)).to.equal(1000);
        });

        it("stays within [0, cap) for any random value", () => {
            for (let attempt = 1; attempt < 12; attempt++) {
                for (const r of [0, 0.1, 0.5, 0.9, 0.99999]) {
                    const d = retryDelay(attempt, () => r);
                    expect(d)
                        .to.be.at.least(0)
                        .and.below(Math.min(10_000, 500 * 2 ** (attempt - 1)));
                }
            }
        });
    });

    describe("withRetries", () => {
        it("retries a throttled read until it succeeds and reports each retry", async () => {
            const clock = createFakeClock();
            const events: RetryEvent[] = [];
            let calls = 0;
            const result = withRetries(
                async () => {
                    calls++;
                    if (calls < 3) throw api("throttled");
                    return "ok";
                },
                { policy: READ_POLICY, clock, random: () => 0.5, onRetry: (e) => events.push(e) },
            );
            await clock.runAll();
            expect(await result).to.equal("ok");
            expect(calls).to.equal(3);
            expect(events.map((e) => [e.attempt, e.delayMs, e.error.name])).to.deep.equal([
                [1, 250, "CvmThrottledError"],
                [2, 500, "CvmThrottledError"],
            ]);
        });

        it("gives up after the policy's attempts and throws the last error", async () => {
            const clock = createFakeClock();
            let calls = 0;
            const result = withRetries(
                async () => {
                    calls++;
                    throw api("busy");
                },
                { policy: READ_POLICY, clock, random: () => 0 },
            );
            await clock.runAll();
            try {
                await result;
                expect.fail("should have thrown");
            } catch (error) {
                expect((error as Error).name).to.equal("CvmBusyError");
            }
            expect(calls).to.equal(6);
        });

        it("does not resend a reset after a dropped connection", async () => {
            const clock = createFakeClock();
            let calls = 0;
            const result = withRetries(
                async () => {
                    calls++;
                    throw net("ECONNRESET", true);
                },
                { policy: RESET_POLICY, clock, random: () => 0 },
            );
            await clock.runAll();
            await result.then(
                () => expect.fail("should have thrown"),
                (error: CvmTransportError) => expect(error.ambiguous).to.equal(true),
            );
            expect(calls).to.equal(1);
        });

        it("waits the computed delay on the injected clock, not in real time", async () => {
            const clock = createFakeClock();
            let calls = 0;
            const result = withRetries(
                async () => {
                    if (++calls === 1) throw api("throttled");
                    return clock.now();
                },
                { policy: RESET_POLICY, clock, random: () => 0.999 },
            );
            const start = clock.now();
            await clock.advance(498);
            expect(calls).to.equal(1);
            await clock.advance(1);
            expect(await result).to.equal(start + 499);
        });
    });

    describe("deadlines", () => {
        it("stops before a retry delay that would end past the deadline and throws the last error", async () => {
            const clock = createFakeClock(0);
            const events: RetryEvent[] = [];
            let calls = 0;
            // random 0.999: delays of 499, 999, 1999 … ms; the third would end at 3497 > 3000.
            const result = withRetries(
                async () => {
                    calls++;
                    throw api("throttled");
                },
                { policy: READ_POLICY, clock, random: () => 0.999, deadlineAt: 3000, onRetry: (e) => events.push(e) },
            );
            const settled = result.then(
                () => undefined,
                (e: Error) => e,
            );
            await clock.runAll();
            expect((await settled)?.name).to.equal("CvmThrottledError");
            expect(calls).to.equal(3);
            expect(events.map((e) => e.delayMs)).to.deep.equal([499, 999]);
            expect(clock.now()).to.be.at.most(3000, "no sleep ran past the deadline");
        });

        it("does not retry at all when the first delay would reach the deadline", async () => {
            const clock = createFakeClock(0);
            let calls = 0;
            const result = withRetries(
                async () => {
                    calls++;
                    throw api("busy");
                },
                { policy: RESET_POLICY, clock, random: () => 0.5, deadlineAt: 250 },
            );
            const error = await result.then(
                () => undefined,
                (e: Error) => e,
            );
            expect(error?.name).to.equal("CvmBusyError");
            expect(calls).to.equal(1);
            expect(clock.sleepers()).to.equal(0);
        });

        it("throws the API's last error, not the deadline, when the next attempt could not be sent in time", async () => {
            const clock = createFakeClock(0);
            let calls = 0;
            const result = withRetries(
                async () => {
                    calls++;
                    if (calls === 1) throw api("throttled");
                    throw deadlineError("ResetInstance", "ins-1");
                },
                { policy: RESET_POLICY, clock, random: () => 0 },
            );
            await clock.runAll();
            const error = await result.then(
                () => undefined,
                (e: Error & { code?: string }) => e,
            );
            expect(error?.name).to.equal("CvmThrottledError");
            expect(calls).to.equal(2);
        });

        it("retries normally while the deadline is far", async () => {
            const clock = createFakeClock(0);
            let calls = 0;
            const result = withRetries(
                async () => {
                    if (++calls < 3) throw api("throttled");
                    return "ok";
                },
                { policy: READ_POLICY, clock, random: () => 0.999, deadlineAt: 60_000 },
            );
            await clock.runAll();
            expect(await result).to.equal("ok");
        });
    });
});
