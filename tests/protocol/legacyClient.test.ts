import { expect } from "chai";
import { createLegacyClient } from "../../provider/cvm/legacyClient";
import { createLimiterRegistry } from "../../provider/cvm/rateLimiter";
import { DEFAULT_CREDENTIALS } from "../../emulator";
import type { Harness } from "./cvmHarness";
import { INSTANCE, NEW_IMAGE, PASSWORD, resetRequest, startHarness } from "./cvmHarness";

describe("legacy client against the emulator", function () {
    this.timeout(10_000);
    let h: Harness;
    beforeEach(async () => (h = await startHarness("legacy")));
    afterEach(async () => h.close());

    const legacy = (deps: Parameters<typeof createLegacyClient>[1] = {}, region = "gz") =>
        createLegacyClient(
            { dialect: "legacy", endpoint: h.emu.url, region, credentials: { ...DEFAULT_CREDENTIALS } },
            { random: () => 0, limiters: createLimiterRegistry(), ...deps },
        );

    it("is accepted over POST with a form body, keeping the password out of the URL", async () => {
        await legacy({ legacy: { method: "POST" } }).resetInstance(resetRequest());
        const call = h.calls("ResetInstances")[0]!;
        expect(call.method).to.equal("POST");
        expect(call.outcome).to.equal("ok");
    });

    it("is accepted over GET with every value in the query string", async () => {
        await legacy({ legacy: { method: "GET" } }).resetInstance(resetRequest());
        const call = h.calls("ResetInstances")[0]!;
        expect(call.method).to.equal("GET");
        expect(call.outcome).to.equal("ok");
    });

    it("is accepted with HmacSHA1 as with HmacSHA256", async () => {
        const sha1 = legacy({ legacy: { signatureMethod: "HmacSHA1" } });
        expect((await sha1.describeInstances([INSTANCE])).has(INSTANCE)).to.equal(true);
        const call = h.calls("DescribeInstances")[0]!;
        expect(call.params).to.include({ SignatureMethod: "HmacSHA1" });
        expect(call.outcome).to.equal("ok");
    });

    it("sends the region as the user gave it, short or long", async () => {
        await legacy({}, "gz").describeInstances([INSTANCE]);
        await legacy({}, "ap-guangzhou").describeInstances([INSTANCE]);
        expect(h.calls("DescribeInstances").map((c) => c.params.Region)).to.deep.equal(["gz", "ap-guangzhou"]);
    });

    it("sends booleans as 1/0, imageType with imageId, and 0-based instanceIds.N", async () => {
        const client = legacy();
        await client.describeInstances([INSTANCE]);
        await client.resetInstance(resetRequest({ needMonitorAgent: false }));
        expect(h.calls("DescribeInstances")[0]!.params).to.include({ "instanceIds.0": INSTANCE, limit: "100" });
        expect(h.calls("ResetInstances")[0]!.params).to.include({
            instanceId: INSTANCE,
            imageId: NEW_IMAGE,
            imageType: "2",
            needSecurityAgent: "1",
            needMonitorAgent: "0",
            password: "***",
        });
    });

    it("classifies a region the API does not know as CvmUnsupportedRegionError naming the input and config key", async () => {
        const error = await legacy({}, "xx-yyyy")
            .describeInstances([INSTANCE])
            .then(
                () => undefined,
                (e: Error & { code?: string }) => e,
            );
        expect(error).to.include({ name: "CvmUnsupportedRegionError" });
        expect(error!.message).to.include("`region`").and.include("tencentcloud:region");
    });

    it("returns the task id of ResetInstances as a string", async () => {
        const accepted = await legacy().resetInstance(resetRequest());
        expect(accepted.requestId).to.match(/^\d+$/);
    });

    it("finds an instance by its old qcvm id and keys it under both ids", async () => {
        h.emu.seed([{ instanceId: "ins-aaaa0003", oldId: "qcvm12345", state: "STOPPED" }]);
        const views = await legacy().describeInstances(["qcvm12345"]);
        expect(views.get("qcvm12345")?.instanceId).to.equal("ins-aaaa0003");
        expect(views.get("ins-aaaa0003")?.phase).to.equal("stopped");
        expect(views.get("qcvm12345")?.aliases).to.deep.equal(["ins-aaaa0003", "qcvm12345"]);
    });

    it("reads the inferred DescribleTaskResult: running, then success; unknown for a task that does not exist", async () => {
        const client = legacy();
        const accepted = await client.resetInstance(resetRequest());
        expect(await client.describeTask(accepted.requestId)).to.equal("running");
        h.emu.advance(600);
        expect(await client.describeTask(accepted.requestId)).to.equal("success");
        expect(await client.describeTask("999999999")).to.equal("unknown");
    });

    it("reports a failed task as failed", async () => {
        h.emu.inject({ kind: "taskFail", action: "ResetInstances" });
        const client = legacy();
        const accepted = await client.resetInstance(resetRequest());
        h.emu.advance(600);
        expect(await client.describeTask(accepted.requestId)).to.equal("failed");
    });

    it("sends a fresh Nonce on every attempt so a retry is not a replay", async () => {
        h.emu.inject({ kind: "throttle", action: "ResetInstances" });
        await legacy().resetInstance(resetRequest());
        const nonces = h.calls("ResetInstances").map((c) => c.params.Nonce);
        expect(nonces).to.have.length(2);
        expect(nonces[0]).to.not.equal(nonces[1]);
        expect(JSON.stringify(h.emu.requests())).to.not.include(PASSWORD);
    });
});
