import { expect } from "chai";
import type { CvmClient } from "../../provider/cvm/types";
import type { Harness } from "./cvmHarness";
import { INSTANCE, NEW_IMAGE, OLD_IMAGE, PASSWORD, rejectionOf, resetRequest, startHarness } from "./cvmHarness";

/** The optional calls, which the API 3.0 client has (capabilities all on). */
const full = (client: CvmClient) => client as Required<CvmClient>;

describe("API 3.0 client: Tag API, TAT, InquiryPriceResetInstance, ResetInstancesPassword against the emulator", function () {
    this.timeout(15_000);
    let h: Harness;
    beforeEach(async () => (h = await startHarness("2017-03-12")));
    afterEach(async () => h.close());

    describe("instance views", () => {
        it("reads the private and public addresses, tags and the id as its alias", async () => {
            const view = (await h.client().describeInstances([INSTANCE])).get(INSTANCE)!;
            expect(view.privateIp).to.match(/^127\.10\.\d+\.\d+$/);
            expect(view.publicIp).to.match(/^127\.20\.\d+\.\d+$/);
            expect(view.tags).to.deep.equal({});
            expect(view.aliases).to.deep.equal([INSTANCE]);
        });
    });

    describe("writeTags", () => {
        it("upserts tags through ModifyResourceTags that the next DescribeInstances returns", async () => {
            const client = full(h.client());
            await client.writeTags(INSTANCE, { "pulumi-cvm-reinstall": "v1;i=abc;r0=-;t=1", team: "web" });
            await client.writeTags(INSTANCE, { team: "api" });
            const view = (await client.describeInstances([INSTANCE])).get(INSTANCE)!;
            expect(view.tags).to.deep.equal({ "pulumi-cvm-reinstall": "v1;i=abc;r0=-;t=1", team: "api" });
            const calls = h.calls("ModifyResourceTags");
            expect(calls.map((c) => [c.dialect, c.outcome])).to.deep.equal([
                ["2018-08-13", "ok"],
                ["2018-08-13", "ok"],
            ]);
            expect(calls[0]!.params.Resource).to.equal(`qcs::cvm:ap-guangzhou:uin/:instance/${INSTANCE}`);
            expect(calls[0]!.headers?.authorization).to.match(/\/tag\/tc3_request, /);
        });

        it("writes 12 tags in two calls, as the API takes at most 10 per call", async () => {
            const tags = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`k${i}`, `v${i}`]));
            await full(h.client()).writeTags(INSTANCE, tags);
            expect(h.calls("ModifyResourceTags").map((c) => c.outcome)).to.deep.equal(["ok", "ok"]);
            expect(h.emu.instance(INSTANCE)!.tags).to.deep.equal(tags);
        });

        it("fails on an instance that does not exist, without retrying", async () => {
            const error = await rejectionOf(full(h.client()).writeTags("ins-zzzz9999", { a: "b" }));
            expect(error.name).to.match(/^Cvm\w+Error$/);
            expect(error.code).to.be.a("string").and.not.equal("");
            expect(h.calls("ModifyResourceTags")).to.have.length(1);
        });

        it("retries a throttled tag write and applies it", async () => {
            h.emu.inject({ kind: "throttle", action: "ModifyResourceTags", times: 2 });
            await full(h.client()).writeTags(INSTANCE, { a: "b" });
            expect(h.calls("ModifyResourceTags").map((c) => c.outcome)).to.deep.equal(["throttle", "throttle", "ok"]);
            expect(h.emu.instance(INSTANCE)!.tags).to.deep.equal({ a: "b" });
        });
    });

    describe("inquireReset", () => {
        it("resolves for a reset the server would accept and changes nothing", async () => {
            await full(h.client()).inquireReset(resetRequest({ rootSize: 60, hostName: "web-1" }));
            const call = h.calls("InquiryPriceResetInstance")[0]!;
            expect(call.outcome).to.equal("ok");
            expect(call.params).to.not.have.property("HostName");
            expect(h.emu.instance(INSTANCE)!.imageId).to.equal(OLD_IMAGE);
            expect(h.calls("ResetInstance")).to.have.length(0);
        });

        it("throws the server's refusal of an incompatible image, naming its code and reason", async () => {
            const error = await rejectionOf(full(h.client()).inquireReset(resetRequest({ imageId: "img-ubuarm64" })));
            expect(error).to.include({
                name: "CvmInvalidParameterError",
                code: "InvalidParameterValue.InvalidImageIdForRetsetInstance",
            });
            expect(error.message)
                .to.include("InvalidParameterValue.InvalidImageIdForRetsetInstance")
                .and.include("InquiryPriceResetInstance");
            expect(error.apiMessage).to.be.a("string").and.not.equal("");
            expect(error.message).to.not.include(PASSWORD);
            expect(h.calls("InquiryPriceResetInstance")).to.have.length(1, "a refusal is not retried");
        });

        it("throws a shrinking disk's refusal", async () => {
            const error = await rejectionOf(full(h.client()).inquireReset(resetRequest({ rootSize: 20 })));
            expect(error.name).to.equal("CvmInvalidParameterError");
            expect(error.code).to.match(/^InvalidParameterValue/);
        });
    });

    describe("resetPassword", () => {
        it("resets a running instance's password with ForceStop; the latest operation carries its RequestId", async () => {
            const client = full(h.client());
            const accepted = await client.resetPassword(INSTANCE, "N3w!Passw0rd#1");
            const call = h.calls("ResetInstancesPassword")[0]!;
            expect(call.params).to.deep.include({ InstanceIds: [INSTANCE], ForceStop: true, Password: "***" });
            const view = (await client.describeInstances([INSTANCE])).get(INSTANCE)!;
            expect(view.latestOperation).to.include({
                name: "ResetInstancesPassword",
                state: "OPERATING",
                requestId: accepted.requestId,
            });
            expect(JSON.stringify(h.emu.requests())).to.not.include("N3w!Passw0rd#1");
        });

        it("throws the password rule's refusal without the password", async () => {
            const weak = "short1";
            const error = await rejectionOf(full(h.client()).resetPassword(INSTANCE, weak));
            expect(error).to.include({
                name: "CvmInvalidParameterError",
                code: "InvalidParameterValue.InvalidPassword",
            });
            expect(error.message + JSON.stringify(error)).to.not.include(weak);
        });
    });

    describe("TAT", () => {
        it("reports the agent Online on a booted instance and absent for an unknown one", async () => {
            const statuses = await full(h.client()).describeAgentStatus([INSTANCE, "ins-zzzz9999"]);
            expect([...statuses]).to.deep.equal([[INSTANCE, "Online"]]);
            expect(h.calls("DescribeAutomationAgentStatus")[0]!.dialect).to.equal("2020-10-28");
        });

        it("reports the agent Offline while a reinstall runs, Online once the new OS has booted", async () => {
            const client = full(h.client());
            await client.resetInstance(resetRequest());
            expect((await client.describeAgentStatus([INSTANCE])).get(INSTANCE)).to.equal("Offline");
            h.emu.advance(600);
            expect((await client.describeAgentStatus([INSTANCE])).get(INSTANCE)).to.equal("Online");
            expect(h.emu.instance(INSTANCE)!.imageId).to.equal(NEW_IMAGE);
        });

        it("runs a shell command and reads its exit code and decoded output", async () => {
            h.emu.scriptCommand({
                instanceId: INSTANCE,
                contains: "nginx",
                exitCode: 3,
                output: "inactive\n",
                durationSeconds: 1,
            });
            const client = full(h.client());
            const { invocationId } = await client.runCommand(INSTANCE, "systemctl is-active nginx", {
                timeoutSeconds: 30,
            });
            expect(invocationId).to.match(/^inv-/);
            const sent = h.calls("RunCommand")[0]!.params;
            expect(sent).to.deep.include({ CommandType: "SHELL", Timeout: 30, InstanceIds: [INSTANCE] });
            expect(Buffer.from(String(sent.Content), "base64").toString()).to.equal("systemctl is-active nginx");
            const running = await client.describeCommandTask(invocationId, INSTANCE);
            expect(running?.status).to.be.oneOf(["PENDING", "DELIVERING", "RUNNING"]);
            h.emu.advance(5);
            expect(await client.describeCommandTask(invocationId, INSTANCE)).to.deep.equal({
                status: "FAILED",
                exitCode: 3,
                output: "inactive\n",
            });
        });

        it("throws the agent-not-online refusal while the instance reinstalls, and does not resend RunCommand", async () => {
            const client = full(h.client());
            await client.resetInstance(resetRequest());
            const error = await rejectionOf(client.runCommand(INSTANCE, "true"));
            expect(error.code).to.equal("ResourceUnavailable.AgentStatusNotOnline");
            expect(h.calls("RunCommand")).to.have.length(1);
        });

        it("returns undefined for a task of another instance", async () => {
            const client = full(h.client());
            const { invocationId } = await client.runCommand(INSTANCE, "true");
            expect(await client.describeCommandTask(invocationId, "ins-zzzz9999")).to.equal(undefined);
        });
    });

    describe("regions", () => {
        it("sends the long name for a legacy short code and is answered", async () => {
            const statuses = await full(h.client({ region: "gz" })).describeAgentStatus([INSTANCE]);
            expect(statuses.get(INSTANCE)).to.equal("Online");
            expect(h.calls("DescribeAutomationAgentStatus")[0]!.region).to.equal("ap-guangzhou");
        });

        it("classifies a well-formed region the API does not serve as CvmUnsupportedRegionError naming the input and config key", async () => {
            const error = await rejectionOf(h.client({ region: "xx-yyyy" }).describeInstances([INSTANCE]));
            expect(error).to.include({
                name: "CvmUnsupportedRegionError",
                code: "UnsupportedRegion",
                kind: "unsupportedRegion",
            });
            expect(error.message).to.include("`region`").and.include("tencentcloud:region");
            expect(h.calls("DescribeInstances")).to.have.length(1, "not retried");
        });
    });
});

describe("legacy client: no Tag API, TAT, dry run or password reset", () => {
    it("says so in its capabilities and has none of the optional calls", async () => {
        const h = await startHarness("legacy");
        try {
            const client = h.client();
            expect(client.capabilities).to.deep.equal({
                latestOperation: false,
                intentTags: false,
                dryRun: false,
                passwordReset: false,
                commands: false,
            });
            expect(client.writeTags ?? client.inquireReset ?? client.resetPassword ?? client.runCommand).to.equal(
                undefined,
            );
            const view = (await client.describeInstances([INSTANCE])).get(INSTANCE)!;
            expect(view.privateIp).to.match(/^127\.10\./);
            expect(view.publicIp).to.match(/^127\.20\./);
            expect(view.aliases).to.include(INSTANCE);
        } finally {
            await h.close();
        }
    });
});
