import { expect } from "chai";
import { createApi3Client } from "../../../provider/cvm/api3Client";
import { createClient } from "../../../provider/cvm/createClient";
import { createLegacyClient } from "../../../provider/cvm/legacyClient";
import { createLimiterRegistry } from "../../../provider/cvm/rateLimiter";
import { signTc3 } from "../../../provider/cvm/signatureTc3";
import { signV1 } from "../../../provider/cvm/signatureV1";
import type { ClientTarget } from "../../../provider/cvm/types";
import { createFakeClock } from "../../support/fakeClock";
import { scripted } from "../../support/scriptedTransport";

const credentials = { secretId: "AKIDunit", secretKey: "unit-secret-key-123" };
const legacyTarget: ClientTarget = { dialect: "legacy", endpoint: "http://127.0.0.1:8080", region: "gz", credentials };
const api3Target: ClientTarget = {
    dialect: "2017-03-12",
    endpoint: "https://cvm.tencentcloudapi.com",
    region: "gz",
    credentials,
};
const reset = {
    instanceId: "ins-1",
    imageId: "img-1",
    password: "Pw!12345678",
    needSecurityAgent: true,
    needMonitorAgent: true,
};

describe("clients (unit, scripted transport)", () => {
    it("createClient picks the dialect", () => {
        expect(createClient(legacyTarget, { transport: scripted([]) }).dialect).to.equal("legacy");
        expect(createClient(api3Target, { transport: scripted([]) }).dialect).to.equal("2017-03-12");
    });

    it("refuses an http endpoint that is not loopback when the client is created", () => {
        expect(() => createClient({ ...api3Target, endpoint: "http://cvm.tencentcloudapi.com" })).to.throw(
            /INSECURE_ENDPOINT/,
        );
    });

    describe("legacy", () => {
        it("signs exactly the form it sends, with the injected clock's time and nonce", async () => {
            const clock = createFakeClock(1_465_185_768_000);
            const transport = scripted([{ code: 0, requestId: 42 }]);
            const client = createLegacyClient(legacyTarget, {
                clock,
                transport,
                nonce: () => 11886,
                limiters: createLimiterRegistry({ clock }),
            });
            expect(await client.resetInstance(reset)).to.deep.equal({ requestId: "42" });
            const sent = transport.sent[0]!;
            expect(sent.method).to.equal("POST");
            expect(sent.url.toString()).to.equal("http://127.0.0.1:8080/v2/index.php");
            expect(sent.headers).to.include({
                Host: "127.0.0.1:8080",
                "Content-Type": "application/x-www-form-urlencoded",
            });
            const form = Object.fromEntries(new URLSearchParams(sent.body!));
            expect(form).to.include({
                Action: "ResetInstances",
                Region: "gz",
                Timestamp: "1465185768",
                Nonce: "11886",
                SecretId: "AKIDunit",
                SignatureMethod: "HmacSHA256",
                password: reset.password,
            });
            const { Signature, ...rest } = form;
            expect(Signature).to.equal(
                signV1({
                    method: "POST",
                    host: "127.0.0.1:8080",
                    path: "/v2/index.php",
                    params: rest,
                    secretKey: credentials.secretKey,
                }),
            );
        });

        it("puts everything in the query string for GET and sends no body", async () => {
            const transport = scripted([{ code: 0, totalCount: 0, instanceSet: [] }]);
            await createLegacyClient(legacyTarget, {
                transport,
                legacy: { method: "GET" },
                limiters: createLimiterRegistry(),
            }).describeInstances(["ins-1"]);
            const sent = transport.sent[0]!;
            expect(sent.method).to.equal("GET");
            expect(sent.body).to.equal(undefined);
            const query = Object.fromEntries(sent.url.searchParams);
            const { Signature, ...rest } = query;
            expect(rest).to.include({ "instanceIds.0": "ins-1", limit: "100" });
            expect(Signature).to.equal(
                signV1({
                    method: "GET",
                    host: "127.0.0.1:8080",
                    path: "/v2/index.php",
                    params: rest,
                    secretKey: credentials.secretKey,
                }),
            );
        });

        it("sends Token only for temporary credentials", async () => {
            const transport = scripted([
                { code: 0, instanceSet: [] },
                { code: 0, instanceSet: [] },
            ]);
            await createLegacyClient(legacyTarget, { transport, limiters: createLimiterRegistry() }).describeInstances([
                "ins-1",
            ]);
            await createLegacyClient(
                { ...legacyTarget, credentials: { ...credentials, token: "tok-123" } },
                { transport, limiters: createLimiterRegistry() },
            ).describeInstances(["ins-1"]);
            expect(new URLSearchParams(transport.sent[0]!.body).has("Token")).to.equal(false);
            expect(new URLSearchParams(transport.sent[1]!.body).get("Token")).to.equal("tok-123");
        });

        it("treats a success without requestId, or an answer without code, as an ambiguous BAD_RESPONSE", async () => {
            for (const answer of [{ code: 0 }, { hello: "world" }]) {
                const client = createLegacyClient(legacyTarget, {
                    transport: scripted([answer]),
                    limiters: createLimiterRegistry(),
                });
                const error = await client.resetInstance(reset).then(
                    () => undefined,
                    (e: Error) => e,
                );
                expect(error).to.include({ name: "CvmTransportError", code: "BAD_RESPONSE", ambiguous: true });
            }
        });

        it("reads the transitional new-style error envelope too", async () => {
            const answer = {
                Response: { Error: { Code: "AuthFailure.SignatureFailure", Message: "x" }, RequestId: "r" },
            };
            const client = createLegacyClient(legacyTarget, {
                transport: scripted([answer]),
                limiters: createLimiterRegistry(),
            });
            const error = await client.describeInstances(["ins-1"]).then(
                () => undefined,
                (e: Error) => e,
            );
            expect(error?.name).to.equal("CvmAuthError");
        });

        it("scrubs the password when the server echoes it in an error", async () => {
            const answer = {
                code: 4000,
                codeDesc: "InvalidParameter.PasswordNotConformSpecs",
                message: `bad password ${reset.password}`,
            };
            const client = createLegacyClient(legacyTarget, {
                transport: scripted([answer]),
                limiters: createLimiterRegistry(),
            });
            const error = (await client.resetInstance(reset).then(
                () => undefined,
                (e: Error) => e,
            ))!;
            expect(error.name).to.equal("CvmInvalidParameterError");
            expect(error.message + JSON.stringify(error)).to.not.include(reset.password);
        });

        it("backs off a throttled reset on the injected clock before the second attempt", async () => {
            const clock = createFakeClock();
            const transport = scripted([
                { code: 4400, codeDesc: "RequestLimitExceeded", message: "slow down" },
                { code: 0, requestId: 7 },
            ]);
            const client = createLegacyClient(legacyTarget, {
                clock,
                transport,
                random: () => 0.999,
                limiters: createLimiterRegistry({ clock }),
            });
            const pending = client.resetInstance(reset);
            await clock.advance(0);
            expect(transport.sent).to.have.length(1);
            await clock.advance(499);
            expect(transport.sent).to.have.length(2);
            expect(await pending).to.deep.equal({ requestId: "7" });
        });
    });

    describe("API 3.0", () => {
        it("signs the exact JSON bytes it sends and the headers it sends", async () => {
            const clock = createFakeClock(1_551_113_065_000);
            const transport = scripted([{ Response: { RequestId: "req-1" } }]);
            const client = createApi3Client(
                { ...api3Target, credentials: { ...credentials, token: "tok-9" } },
                { clock, transport, limiters: createLimiterRegistry({ clock }) },
            );
            expect(await client.resetInstance(reset)).to.deep.equal({ requestId: "req-1" });
            const sent = transport.sent[0]!;
            expect(sent.url.toString()).to.equal("https://cvm.tencentcloudapi.com/");
            expect(sent.headers).to.include({
                "Content-Type": "application/json",
                Host: "cvm.tencentcloudapi.com",
                "X-TC-Action": "ResetInstance",
                "X-TC-Timestamp": "1551113065",
                "X-TC-Version": "2017-03-12",
                "X-TC-Region": "ap-guangzhou",
                "X-TC-Token": "tok-9",
            });
            const { Authorization, ...headers } = sent.headers;
            const expected = signTc3({
                method: "POST",
                headers,
                payload: sent.body!,
                timestamp: 1551113065,
                service: "cvm",
                secretId: "AKIDunit",
                secretKey: credentials.secretKey,
            });
            expect(Authorization).to.equal(expected.authorization);
            expect(JSON.parse(sent.body!)).to.deep.include({ InstanceId: "ins-1", ImageId: "img-1" });
        });

        it("chunks DescribeInstances by 100 with Limit 100", async () => {
            const transport = scripted([
                { Response: { InstanceSet: [], RequestId: "a" } },
                { Response: { InstanceSet: [], RequestId: "b" } },
            ]);
            const ids = Array.from({ length: 101 }, (_, i) => `ins-${i}`);
            await createApi3Client(api3Target, { transport, limiters: createLimiterRegistry() }).describeInstances([
                ...ids,
                "ins-0",
            ]);
            const bodies = transport.sent.map((s) => JSON.parse(s.body!));
            expect(bodies.map((b) => [b.InstanceIds.length, b.Limit])).to.deep.equal([
                [100, 100],
                [1, 100],
            ]);
        });

        it("treats an answer without Response as an ambiguous BAD_RESPONSE", async () => {
            const client = createApi3Client(api3Target, {
                transport: scripted([{ nope: 1 }]),
                limiters: createLimiterRegistry(),
            });
            const error = await client.resetInstance(reset).then(
                () => undefined,
                (e: Error) => e,
            );
            expect(error).to.include({ code: "BAD_RESPONSE", ambiguous: true });
        });
    });

    describe("deadlines", () => {
        it("gives a read the time left before the deadline as its request timeout, and a reset none", async () => {
            const clock = createFakeClock(0);
            const transport = scripted([
                { Response: { InstanceSet: [], RequestId: "a" } },
                { Response: { RequestId: "b" } },
            ]);
            const client = createApi3Client(api3Target, {
                clock,
                transport,
                limiters: createLimiterRegistry({ clock }),
            });
            await client.describeInstances(["ins-1"], { deadlineAt: 5000 });
            await client.resetInstance(reset, { deadlineAt: 5000 });
            expect(transport.sent.map((r) => r.timeoutMs)).to.deep.equal([5000, undefined]);
        });

        it("leaves the default timeout alone when the deadline is further away", async () => {
            const clock = createFakeClock(0);
            const transport = scripted([{ Response: { InstanceSet: [], RequestId: "a" } }]);
            await createApi3Client(api3Target, {
                clock,
                transport,
                limiters: createLimiterRegistry({ clock }),
            }).describeInstances(["ins-1"], { deadlineAt: 3_600_000 });
            expect(transport.sent[0]!.timeoutMs).to.equal(undefined);
        });

        it("sends nothing when the rate limit's next free slot comes after the deadline", async () => {
            const clock = createFakeClock(0);
            const limiters = createLimiterRegistry({
                clock,
                limits: { legacy: { perAction: { limit: 1, windowMs: 60_000 } } },
            });
            const transport = scripted([{ code: 0, requestId: 1 }]);
            const client = createLegacyClient(legacyTarget, { clock, transport, limiters });
            await client.resetInstance(reset);
            const outcome = await client.submitReset(reset, { deadlineAt: 30_000 });
            expect(outcome.outcome).to.equal("refused");
            expect(outcome.outcome === "refused" && outcome.error.code).to.equal("DEADLINE_EXCEEDED");
            expect(transport.sent).to.have.length(1);
            expect(clock.now()).to.equal(0, "it knew at once that no slot frees in time");
        });

        it("bounds the legacy task query's retries by the deadline and answers unknown", async () => {
            const clock = createFakeClock(0);
            const throttled = { code: 4400, codeDesc: "RequestLimitExceeded", message: "slow down" };
            const transport = scripted(Array(6).fill(throttled));
            const client = createLegacyClient(legacyTarget, {
                clock,
                transport,
                random: () => 0.999,
                limiters: createLimiterRegistry({ clock }),
            });
            const pending = client.describeTask("42", { deadlineAt: 1000 });
            await clock.runAll();
            expect(await pending).to.equal("unknown");
            expect(transport.sent).to.have.length(2, "at 0 and 499 ms; the next delay (999 ms) would end past 1000");
        });

        it("stops a legacy reset's throttled retries at the deadline on the injected clock", async () => {
            const clock = createFakeClock(0);
            const throttled = { code: 4400, codeDesc: "RequestLimitExceeded", message: "slow down" };
            const transport = scripted(Array(8).fill(throttled));
            const client = createLegacyClient(legacyTarget, {
                clock,
                transport,
                random: () => 0.999,
                limiters: createLimiterRegistry({ clock }),
            });
            const pending = client.submitReset(reset, { deadlineAt: 2000 });
            await clock.runAll();
            const outcome = await pending;
            expect(outcome.outcome === "refused" && outcome.error.name).to.equal("CvmThrottledError");
            expect(transport.sent).to.have.length(
                3,
                "at 0, 499 and 1498 ms; the next delay (1999 ms) would end past 2000",
            );
            expect(clock.now()).to.equal(1498);
        });
    });
});
