import { expect } from "chai";
import { createApi3Client } from "../../../provider/cvm/api3Client";
import { createLegacyClient } from "../../../provider/cvm/legacyClient";
import { createLimiterRegistry } from "../../../provider/cvm/rateLimiter";
import { serviceBaseUrl } from "../../../provider/cvm/serviceEndpoint";
import { signTc3 } from "../../../provider/cvm/signatureTc3";
import { cvmTagResource, modifyResourceTagsBodies } from "../../../provider/cvm/tagMapping";
import { agentStatuses, commandTaskOf, invocationTasksBody, runCommandBody } from "../../../provider/cvm/tatMapping";
import type { HttpRequest, Transport } from "../../../provider/cvm/transport";
import type { ClientTarget, CvmClient } from "../../../provider/cvm/types";
import { createFakeClock } from "../../support/fakeClock";
import { scripted } from "../../support/scriptedTransport";

const credentials = { secretId: "AKIDunit", secretKey: "unit-secret-key-123" };
const real: ClientTarget = {
    dialect: "2017-03-12",
    endpoint: "https://cvm.tencentcloudapi.com",
    region: "gz",
    credentials,
};
const ok = (fields: Record<string, unknown> = {}) => ({ Response: { ...fields, RequestId: "req-1" } });
const body = (r: HttpRequest) => JSON.parse(r.body!) as Record<string, unknown>;
const reset = {
    instanceId: "ins-1",
    imageId: "img-1",
    password: "Pw!12345678",
    hostName: "web-1",
    needSecurityAgent: true,
    needMonitorAgent: true,
};

function client(transport: Transport, target: ClientTarget = real): Required<CvmClient> {
    const clock = createFakeClock(1_700_000_000_000);
    return createApi3Client(target, {
        clock,
        transport,
        limiters: createLimiterRegistry({ clock }),
    }) as Required<CvmClient>;
}

/** The TC3 signature must cover exactly the service, version and host the request carries. */
function expectSigned(sent: HttpRequest, service: string) {
    const { Authorization, ...headers } = sent.headers;
    const timestamp = Number(headers["X-TC-Timestamp"]);
    const expected = signTc3({ method: "POST", headers, payload: sent.body!, timestamp, service, ...credentials });
    expect(Authorization).to.equal(expected.authorization);
    expect(Authorization).to.include(`/${service}/tc3_request`);
}

describe("API 3.0 products beside CVM (unit, scripted transport)", () => {
    describe("serviceBaseUrl", () => {
        it("swaps the product label of a Tencent host and keeps any region or intl part", () => {
            const cases: Array<[string, string, string]> = [
                ["https://cvm.tencentcloudapi.com", "tag", "https://tag.tencentcloudapi.com"],
                ["https://cvm.tencentcloudapi.com", "tat", "https://tat.tencentcloudapi.com"],
                ["https://cvm.ap-guangzhou.tencentcloudapi.com", "tat", "https://tat.ap-guangzhou.tencentcloudapi.com"],
                ["https://cvm.intl.tencentcloudapi.com", "tag", "https://tag.intl.tencentcloudapi.com"],
            ];
            for (const [cvm, service, expected] of cases)
                expect(serviceBaseUrl(new URL(cvm), service as "tag" | "tat").origin).to.equal(expected);
        });

        it("uses an override (emulator, private endpoint) as it is for every product", () => {
            for (const base of [
                "http://127.0.0.1:8080",
                "https://cvm.example.internal",
                "https://api.tencentcloudapi.com.evil.test",
            ]) {
                expect(serviceBaseUrl(new URL(base), "tag").origin).to.equal(new URL(base).origin);
            }
        });
    });

    describe("capabilities", () => {
        it("are all on for API 3.0 and all off for legacy", () => {
            expect(client(scripted([])).capabilities).to.deep.equal({
                latestOperation: true,
                intentTags: true,
                dryRun: true,
                passwordReset: true,
                commands: true,
            });
            const legacy = createLegacyClient(
                { ...real, dialect: "legacy", endpoint: "http://127.0.0.1:1" },
                { transport: scripted([]) },
            );
            expect(Object.values(legacy.capabilities)).to.deep.equal([false, false, false, false, false]);
            for (const optional of [
                "writeTags",
                "inquireReset",
                "resetPassword",
                "describeAgentStatus",
                "runCommand",
                "describeCommandTask",
            ]) {
                expect(legacy).to.not.have.property(optional);
            }
        });
    });

    describe("writeTags", () => {
        it("sends ModifyResourceTags to tag.tencentcloudapi.com, signed for service tag, naming the instance as Terraform does", async () => {
            const transport = scripted([ok()]);
            await client(transport).writeTags("ins-1", { "reinstall-intent": "abc123" });
            const sent = transport.sent[0]!;
            expect(sent.url.toString()).to.equal("https://tag.tencentcloudapi.com/");
            expect(sent.headers).to.include({
                Host: "tag.tencentcloudapi.com",
                "X-TC-Action": "ModifyResourceTags",
                "X-TC-Version": "2018-08-13",
            });
            expectSigned(sent, "tag");
            expect(body(sent)).to.deep.equal({
                Resource: "qcs::cvm:ap-guangzhou:uin/:instance/ins-1",
                ReplaceTags: [{ TagKey: "reinstall-intent", TagValue: "abc123" }],
            });
        });

        it("sends to the override's base URL when the endpoint is overridden", async () => {
            const transport = scripted([ok()]);
            await client(transport, { ...real, endpoint: "http://127.0.0.1:8080" }).writeTags("ins-1", { a: "b" });
            expect(transport.sent[0]!.url.toString()).to.equal("http://127.0.0.1:8080/");
            expectSigned(transport.sent[0]!, "tag");
        });

        it("splits more than 10 tags into calls of 10 and sends nothing for none", async () => {
            const tags = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`k${i}`, `v${i}`]));
            const transport = scripted([ok(), ok()]);
            await client(transport).writeTags("ins-1", tags);
            expect(transport.sent.map((s) => (body(s).ReplaceTags as unknown[]).length)).to.deep.equal([10, 2]);
            const none = scripted([]);
            await client(none).writeTags("ins-1", {});
            expect(none.sent).to.have.length(0);
        });

        it("refuses an empty tag value before any call", async () => {
            const transport = scripted([]);
            const error = await client(transport)
                .writeTags("ins-1", { k: "" })
                .then(
                    () => undefined,
                    (e: Error) => e,
                );
            expect(error?.message).to.match(/tag "k" needs a value/);
            expect(transport.sent).to.have.length(0);
        });

        it("retries a throttled tag write (an upsert is idempotent)", async () => {
            const throttled = {
                Response: { Error: { Code: "RequestLimitExceeded", Message: "slow" }, RequestId: "r" },
            };
            const transport = scripted([throttled, ok()]);
            const c = createApi3Client(real, {
                transport,
                random: () => 0,
                limiters: createLimiterRegistry(),
            }) as Required<CvmClient>;
            await c.writeTags("ins-1", { a: "b" });
            expect(transport.sent).to.have.length(2);
        });
    });

    describe("inquireReset", () => {
        it("sends InquiryPriceResetInstance with the reset's body minus HostName and resolves on a price", async () => {
            const transport = scripted([ok({ Price: { InstancePrice: { UnitPrice: 0.66, ChargeUnit: "HOUR" } } })]);
            await client(transport).inquireReset(reset);
            const sent = transport.sent[0]!;
            expect(sent.headers).to.include({
                Host: "cvm.tencentcloudapi.com",
                "X-TC-Action": "InquiryPriceResetInstance",
                "X-TC-Version": "2017-03-12",
            });
            expectSigned(sent, "cvm");
            expect(body(sent)).to.include({ InstanceId: "ins-1", ImageId: "img-1" });
            expect(body(sent)).to.not.have.property("HostName");
        });

        it("throws the server's refusal naming its code and reason, without the password", async () => {
            const refusal = {
                Response: {
                    Error: {
                        Code: "InvalidParameterValue.InvalidImageIdForRetsetInstance",
                        Message: `image cannot reinstall this instance (${reset.password})`,
                    },
                    RequestId: "r-9",
                },
            };
            const error = await client(scripted([refusal]))
                .inquireReset(reset)
                .then(
                    () => undefined,
                    (e: Error & { code?: string }) => e,
                );
            expect(error).to.include({
                name: "CvmInvalidParameterError",
                code: "InvalidParameterValue.InvalidImageIdForRetsetInstance",
            });
            expect(error!.message)
                .to.include("InvalidParameterValue.InvalidImageIdForRetsetInstance")
                .and.include("image cannot reinstall this instance");
            expect(error!.message).to.not.include(reset.password);
        });
    });

    describe("resetPassword", () => {
        it("sends ResetInstancesPassword with ForceStop and one instance, and returns the RequestId", async () => {
            const transport = scripted([ok()]);
            expect(await client(transport).resetPassword("ins-1", "N3w!Passw0rd")).to.deep.equal({
                requestId: "req-1",
            });
            expect(body(transport.sent[0]!)).to.deep.equal({
                InstanceIds: ["ins-1"],
                Password: "N3w!Passw0rd",
                ForceStop: true,
            });
            expect(transport.sent[0]!.headers["X-TC-Action"]).to.equal("ResetInstancesPassword");
        });

        it("does not resend it after an InternalError (it may have been applied)", async () => {
            const internal = { Response: { Error: { Code: "InternalError", Message: "x" }, RequestId: "r" } };
            const transport = scripted([internal, ok()]);
            const error = await client(transport)
                .resetPassword("ins-1", "N3w!Passw0rd")
                .then(
                    () => undefined,
                    (e: Error) => e,
                );
            expect(error?.name).to.equal("CvmInternalError");
            expect(transport.sent).to.have.length(1);
        });
    });

    describe("TAT", () => {
        it("asks DescribeAutomationAgentStatus at tat.tencentcloudapi.com, signed for tat, version 2020-10-28", async () => {
            const transport = scripted([
                ok({
                    AutomationAgentSet: [
                        { InstanceId: "ins-1", AgentStatus: "Online", Environment: "Linux" },
                        { InstanceId: "ins-2", AgentStatus: "Offline" },
                    ],
                    TotalCount: 2,
                }),
            ]);
            const statuses = await client(transport).describeAgentStatus(["ins-1", "ins-2", "ins-3", "ins-1"]);
            expect([...statuses]).to.deep.equal([
                ["ins-1", "Online"],
                ["ins-2", "Offline"],
            ]);
            const sent = transport.sent[0]!;
            expect(sent.url.toString()).to.equal("https://tat.tencentcloudapi.com/");
            expect(sent.headers).to.include({
                "X-TC-Action": "DescribeAutomationAgentStatus",
                "X-TC-Version": "2020-10-28",
            });
            expectSigned(sent, "tat");
            expect(body(sent)).to.deep.equal({ InstanceIds: ["ins-1", "ins-2", "ins-3"], Limit: 100 });
        });

        it("runs a shell command base64-encoded with its timeout and returns the invocation id", async () => {
            const transport = scripted([ok({ CommandId: "cmd-1", InvocationId: "inv-1" })]);
            expect(
                await client(transport).runCommand("ins-1", "systemctl is-active nginx", { timeoutSeconds: 30 }),
            ).to.deep.equal({ invocationId: "inv-1" });
            const sent = body(transport.sent[0]!);
            expect(sent).to.deep.equal({
                Content: Buffer.from("systemctl is-active nginx").toString("base64"),
                InstanceIds: ["ins-1"],
                CommandType: "SHELL",
                Timeout: 30,
            });
        });

        it("does not resend RunCommand after a lost reply (it has no idempotency token)", async () => {
            const { CvmTransportError } = await import("../../../provider/cvm/errors");
            const transport = scripted([
                new CvmTransportError({ code: "ECONNRESET", ambiguous: true, action: "RunCommand" }),
                ok({ InvocationId: "inv-2" }),
            ]);
            const error = await client(transport)
                .runCommand("ins-1", "true")
                .then(
                    () => undefined,
                    (e: Error) => e,
                );
            expect(error?.name).to.equal("CvmTransportError");
            expect(transport.sent).to.have.length(1);
        });

        it("reads one invocation's task on one instance with its output decoded", async () => {
            const transport = scripted([
                ok({
                    InvocationTaskSet: [
                        {
                            InvocationId: "inv-1",
                            InstanceId: "ins-1",
                            TaskStatus: "SUCCESS",
                            TaskResult: { ExitCode: 0, Output: "cm9vdAo=", Dropped: 0 },
                        },
                    ],
                    TotalCount: 1,
                }),
            ]);
            expect(await client(transport).describeCommandTask("inv-1", "ins-1")).to.deep.equal({
                status: "SUCCESS",
                exitCode: 0,
                output: "root\n",
            });
            expect(body(transport.sent[0]!)).to.deep.equal({
                Filters: [
                    { Name: "invocation-id", Values: ["inv-1"] },
                    { Name: "instance-id", Values: ["ins-1"] },
                ],
                HideOutput: false,
                Limit: 1,
            });
        });

        it("returns undefined while the task is not listed yet", async () => {
            expect(
                await client(scripted([ok({ InvocationTaskSet: [], TotalCount: 0 })])).describeCommandTask(
                    "inv-1",
                    "ins-1",
                ),
            ).to.equal(undefined);
        });
    });

    describe("pure mappings", () => {
        it("builds the six-segment resource name with an empty uin", () => {
            expect(cvmTagResource("ap-tokyo", "ins-abcdefgh")).to.equal("qcs::cvm:ap-tokyo:uin/:instance/ins-abcdefgh");
        });

        it("refuses tag keys and values outside the Tag API's lengths", () => {
            expect(() => modifyResourceTagsBodies("r", { ["k".repeat(128)]: "v" })).to.throw(/1–127/);
            expect(() => modifyResourceTagsBodies("r", { k: "v".repeat(256) })).to.throw(/1–255/);
        });

        it("keeps RunCommand's timeout within [1, 86400] s and defaults it to 60", () => {
            expect(runCommandBody("i", "true").Timeout).to.equal(60);
            for (const bad of [0, 86_401, 1.5]) expect(() => runCommandBody("i", "true", bad)).to.throw(/\[1, 86400\]/);
        });

        it("skips agent entries without an id or status, and tasks of other instances", () => {
            expect([
                ...agentStatuses({ AutomationAgentSet: [{ InstanceId: "i" }, { AgentStatus: "Online" }, null] }),
            ]).to.deep.equal([]);
            const response = { InvocationTaskSet: [{ InstanceId: "other", TaskStatus: "RUNNING" }] };
            expect(commandTaskOf(response, "ins-1")).to.equal(undefined);
            expect(
                commandTaskOf(
                    { InvocationTaskSet: [{ InstanceId: "ins-1", TaskStatus: "FAILED", TaskResult: { ExitCode: 3 } }] },
                    "ins-1",
                ),
            ).to.deep.equal({
                status: "FAILED",
                exitCode: 3,
            });
            expect(invocationTasksBody("inv", "ins").HideOutput).to.equal(false);
        });
    });
});
