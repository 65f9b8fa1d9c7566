import { expect } from "chai";
import { useEmulator } from "./harness";

const UBUNTU = "img-ubun2204";

describe("emulator: injected faults", () => {
    const h = useEmulator({ reinstallSeconds: 60 });
    let n = 0;
    /** A fresh running instance per test, so faults never leak between tests. */
    function fresh(): string {
        n += 1;
        const id = `ins-fault${String(n).padStart(3, "0")}`;
        h.emu.seed([{ instanceId: id, rootSize: 50 }]);
        return id;
    }
    const lastOutcome = () => h.emu.requests().at(-1)?.outcome;
    afterEach(() => h.emu.clearFaults());

    it("http500: answers HTTP 502 with an HTML body and applies nothing", async () => {
        const id = fresh();
        h.emu.inject({ kind: "http500", action: "ResetInstances" });
        const res = await h.client.legacyRaw("ResetInstances", { instanceId: id, imageId: UBUNTU });
        expect(res.status).to.equal(502);
        expect(res.headers["content-type"]).to.match(/text\/html/);
        expect(res.text).to.match(/<html>/);
        expect(h.emu.instance(id)?.history).to.have.length(0);
        expect(lastOutcome()).to.equal("http500");
        // consumed once (times defaults to 1)
        expect((await h.client.legacy("ResetInstances", { instanceId: id, imageId: UBUNTU })).code).to.equal(0);
    });

    it("dropBeforeApply: destroys the connection and applies nothing", async () => {
        const id = fresh();
        h.emu.inject({ kind: "dropBeforeApply", action: "ResetInstance" });
        let error: unknown;
        await h.client.api3Raw("ResetInstance", { InstanceId: id, ImageId: UBUNTU }).catch((e) => (error = e));
        expect(String(error)).to.match(/socket hang up|ECONNRESET/);
        expect(h.emu.instance(id)?.latestOperationState).to.equal(null);
        expect(lastOutcome()).to.equal("dropBeforeApply");
    });

    it("dropAfterApply: applies the reset, then destroys the connection without answering", async () => {
        const id = fresh();
        h.emu.inject({ kind: "dropAfterApply", action: "ResetInstances", instanceId: id });
        let error: unknown;
        await h.client.legacyRaw("ResetInstances", { instanceId: id, imageId: UBUNTU }).catch((e) => (error = e));
        expect(String(error)).to.match(/socket hang up|ECONNRESET/);
        expect(h.emu.instance(id)?.reinstalling).to.equal(true);
        h.emu.advance(60);
        expect(h.emu.instance(id)?.imageId).to.equal(UBUNTU);
        expect(lastOutcome()).to.equal("dropAfterApply");
    });

    it("slow: waits delayMs, then handles the request normally", async () => {
        const id = fresh();
        h.emu.inject({ kind: "slow", action: "DescribeInstances", delayMs: 300 });
        const started = Date.now();
        const r = await h.client.api3("DescribeInstances", { InstanceIds: [id] });
        expect(Date.now() - started).to.be.at.least(280);
        expect(r.TotalCount).to.equal(1);
        expect(lastOutcome()).to.equal("slow");
    });

    it("throttle: answers 4400 RequestLimitExceeded (legacy) and RequestLimitExceeded (3.0)", async () => {
        const id = fresh();
        h.emu.inject({ kind: "throttle", times: 2 });
        expect(await h.client.legacy("DescribeInstances", {})).to.include({
            code: 4400,
            codeDesc: "RequestLimitExceeded",
        });
        expect(lastOutcome()).to.equal("throttle");
        expect((await h.client.api3("ResetInstance", { InstanceId: id })).Error.Code).to.equal("RequestLimitExceeded");
        expect(h.emu.instance(id)?.history).to.have.length(0);
    });

    it("systemBusy: answers 5100 OperationFail.SystemBusy (legacy) and InternalError (3.0)", async () => {
        const id = fresh();
        h.emu.inject({ kind: "systemBusy", times: 2 });
        expect(await h.client.legacy("ResetInstances", { instanceId: id })).to.include({
            code: 5100,
            codeDesc: "OperationFail.SystemBusy",
        });
        expect((await h.client.api3("ResetInstance", { InstanceId: id })).Error.Code).to.equal("InternalError");
        expect(h.emu.instance(id)?.history).to.have.length(0);
        expect(lastOutcome()).to.equal("systemBusy");
    });

    it("taskFail (legacy): accepts the reset, then the task fails and the instance keeps its old image", async () => {
        const id = fresh();
        const oldImage = h.emu.instance(id)!.imageId;
        h.emu.inject({ kind: "taskFail", instanceId: id });
        const r = await h.client.legacy("ResetInstances", { instanceId: id, imageId: UBUNTU, rootSize: 80 });
        expect(r.code).to.equal(0);
        expect(lastOutcome()).to.equal("taskFail");
        h.emu.advance(60);
        const item = (await h.client.legacy("DescribeInstances", { "instanceIds.0": id })).instanceSet[0];
        expect(item).to.include({ status: 2, unImgId: oldImage });
        expect(item.diskInfo.rootSize).to.equal(50);
        expect((await h.client.legacy("DescribleTaskResult", { taskId: r.requestId })).data.status).to.equal(1);
    });

    it("taskFail (3.0): LatestOperationState FAILED with LatestOperationErrorMsg", async () => {
        const id = fresh();
        h.emu.inject({ kind: "taskFail", action: "ResetInstance" });
        const r = await h.client.api3("ResetInstance", { InstanceId: id, ImageId: UBUNTU });
        expect(r.Error).to.equal(undefined);
        h.emu.advance(60);
        const i = (await h.client.api3("DescribeInstances", { InstanceIds: [id] })).InstanceSet[0];
        expect(i).to.include({
            LatestOperationState: "FAILED",
            LatestOperationRequestId: r.RequestId,
            InstanceState: "RUNNING",
        });
        expect(i.ImageId).to.not.equal(UBUNTU);
        expect(i.LatestOperationErrorMsg).to.be.a("string").and.not.equal("");
    });

    it("faulty: the task fails and the instance ends faulty (legacy status 1, LAUNCH_FAILED)", async () => {
        const id = fresh();
        h.emu.inject({ kind: "faulty" });
        expect((await h.client.legacy("ResetInstances", { instanceId: id, imageId: UBUNTU })).code).to.equal(0);
        h.emu.advance(60);
        expect((await h.client.legacy("DescribeInstances", { "instanceIds.0": id })).instanceSet[0].status).to.equal(1);
        expect((await h.client.api3("DescribeInstances", { InstanceIds: [id] })).InstanceSet[0]).to.include({
            InstanceState: "LAUNCH_FAILED",
            LatestOperationState: "FAILED",
        });
    });

    it("vanish: the instance disappears right after the reset is accepted", async () => {
        const id = fresh();
        h.emu.inject({ kind: "vanish", instanceId: id });
        const r = await h.client.legacy("ResetInstances", { instanceId: id });
        expect(r.code).to.equal(0);
        expect((await h.client.legacy("DescribeInstances", { "instanceIds.0": id })).totalCount).to.equal(0);
        expect((await h.client.api3("DescribeInstances", { InstanceIds: [id] })).TotalCount).to.equal(0);
        expect(h.emu.instance(id)).to.equal(undefined);
        h.emu.advance(60);
        expect((await h.client.legacy("DescribleTaskResult", { taskId: r.requestId })).data.status).to.equal(1);
    });

    it("task faults are consumed only by an accepted reset, not by a rejected one or a read", async () => {
        const id = fresh();
        h.emu.inject({ kind: "taskFail", instanceId: id });
        await h.client.legacy("DescribeInstances", { "instanceIds.0": id });
        expect((await h.client.legacy("ResetInstances", { instanceId: id, rootSize: 10 })).code).to.equal(4000);
        expect((await h.client.legacy("ResetInstances", { instanceId: id })).code).to.equal(0);
        expect(lastOutcome()).to.equal("taskFail");
    });

    it("matches the instance id (also through the qcvm alias) and the action, and honours times", async () => {
        const id = fresh();
        h.emu.seed([{ instanceId: id, oldId: "qcvm77" }]);
        const other = fresh();
        h.emu.inject({ kind: "http500", action: "DescribeInstances", instanceId: id, times: 2 });
        expect((await h.client.legacyRaw("DescribeInstances", { "instanceIds.0": other })).status).to.equal(200);
        expect((await h.client.legacyRaw("ResetInstances", { instanceId: other })).status).to.equal(200);
        expect((await h.client.legacyRaw("DescribeInstances", { "instanceIds.0": "qcvm77" })).status).to.equal(502);
        expect((await h.client.api3Raw("DescribeInstances", { InstanceIds: [id] })).status).to.equal(502);
        expect((await h.client.api3Raw("DescribeInstances", { InstanceIds: [id] })).status).to.equal(200);
    });

    it("clearFaults disarms everything", async () => {
        h.emu.inject({ kind: "http500", times: 5 });
        h.emu.clearFaults();
        expect((await h.client.legacyRaw("DescribeInstances", {})).status).to.equal(200);
    });

    it("refuses an unknown fault kind", () => {
        expect(() => h.emu.inject({ kind: "meteor" as never })).to.throw(/kind/);
    });
});
