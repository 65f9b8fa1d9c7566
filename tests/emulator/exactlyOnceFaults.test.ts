import { expect } from "chai";
import { request } from "node:http";
import { rawRequest } from "./httpClient";
import { useEmulator } from "./harness";

const UBUNTU = "img-ubun2204";

describe("emulator: faults for exactly-once tests (late replies, late applies, lagging reads, server errors, request-id formats)", () => {
    const h = useEmulator({ reinstallSeconds: 60, clockSpeed: 0 });
    let n = 0;
    function fresh(): string {
        n += 1;
        const id = `ins-once${String(n).padStart(4, "0")}`;
        h.emu.seed([{ instanceId: id }]);
        return id;
    }
    const describe3 = async (id: string) =>
        (await h.client.api3("DescribeInstances", { InstanceIds: [id] })).InstanceSet[0];
    afterEach(() => {
        h.emu.clearFaults();
        h.emu.setRequestIdFormats({ api3: "uuid", legacy: "number" });
    });

    it("delayReply: applies the reset at once and sends the reply only after delayMs", async () => {
        const id = fresh();
        h.emu.inject({ kind: "delayReply", action: "ResetInstance", delayMs: 400 });
        const started = Date.now();
        const pending = h.client.api3("ResetInstance", { InstanceId: id, ImageId: UBUNTU });
        await new Promise((r) => setTimeout(r, 100));
        expect(h.emu.instance(id)).to.include({ reinstalling: true, latestOperationState: "OPERATING" });
        const reply = await pending;
        expect(Date.now() - started).to.be.at.least(380);
        expect(reply.RequestId).to.equal(h.emu.instance(id)?.latestOperationRequestId);
        expect(h.emu.requests().at(-1)?.outcome).to.equal("delayReply");
    });

    it("hangAfterApply: applies the reset and never answers; the client's own timeout ends the exchange", async () => {
        const id = fresh();
        h.emu.inject({ kind: "hangAfterApply", action: "ResetInstances" });
        const url = new URL(h.emu.url);
        const params = h.client.legacyParams("ResetInstances", { instanceId: id, imageId: UBUNTU });
        const outcome = await new Promise<string>((resolve) => {
            const req = request(
                {
                    host: url.hostname,
                    port: url.port,
                    path: `/v2/index.php?${new URLSearchParams(params)}`,
                    headers: { Host: h.client.host },
                    agent: false,
                    timeout: 300,
                },
                () => resolve("answered"),
            );
            req.on("timeout", () => {
                req.destroy();
                resolve("timed out");
            });
            req.on("error", () => undefined);
            req.end();
        });
        expect(outcome).to.equal("timed out");
        expect(h.emu.instance(id)?.history).to.have.length(1);
        expect(h.emu.record([id]).resets[id]).to.include({ legacy: 1, total: 1 });
    });

    it("applyLate: the reply is lost and the reset is applied only `seconds` later, with the request's id", async () => {
        const id = fresh();
        h.emu.inject({ kind: "applyLate", seconds: 20 });
        let error: unknown;
        await h.client.legacyRaw("ResetInstances", { instanceId: id, imageId: UBUNTU }).catch((e) => (error = e));
        expect(String(error)).to.match(/socket hang up|ECONNRESET/);
        expect(h.emu.instance(id)).to.include({ reinstalling: false, latestOperation: null });
        expect((await h.client.legacy("DescribeInstances", { "instanceIds.0": id })).instanceSet[0].status).to.equal(2);
        h.emu.advance(20);
        const record = h.emu.instance(id)!;
        expect(record.reinstalling).to.equal(true);
        expect(record.history).to.have.length(1);
        expect(record.latestOperationRequestId).to.equal(String(record.history[0].taskId));
        h.emu.advance(60);
        expect(h.emu.instance(id)?.imageId).to.equal(UBUNTU);
    });

    it("applyLate (3.0): LatestOperationRequestId is the RequestId of the lost reply", async () => {
        const id = fresh();
        h.emu.inject({ kind: "applyLate", action: "ResetInstance", instanceId: id, seconds: 5 });
        await h.client.api3Raw("ResetInstance", { InstanceId: id, ImageId: UBUNTU }).catch(() => undefined);
        const logged = h.emu.requests().at(-1)!;
        expect(logged.outcome).to.equal("applyLate");
        expect((await describe3(id)).LatestOperationRequestId).to.equal(null);
        h.emu.advance(5);
        const after = await describe3(id);
        expect(after).to.include({ LatestOperation: "ResetInstance", LatestOperationState: "OPERATING" });
        expect(after.LatestOperationRequestId).to.match(/^[0-9a-f-]{36}$/);
    });

    it("applyLate queues behind an operation that is running when it comes due", async () => {
        const id = fresh();
        h.emu.inject({ kind: "applyLate", action: "ResetInstance", seconds: 10 });
        await h.client.api3Raw("ResetInstance", { InstanceId: id, ImageId: UBUNTU }).catch(() => undefined);
        h.emu.reinstallOutOfBand(id, "img-debian12");
        h.emu.advance(10);
        expect(h.emu.instance(id)?.history.map((t) => t.via)).to.deep.equal(["outOfBand"]);
        h.emu.advance(50);
        expect(h.emu.instance(id)?.history.map((t) => t.via)).to.deep.equal(["outOfBand", "2017-03-12"]);
        expect(h.emu.record([id]).maxConcurrentReinstallsOf).to.equal(1);
    });

    it("readLag: DescribeInstances (both dialects) shows the state of `seconds` ago while the record is current", async () => {
        const id = fresh();
        h.emu.inject({ kind: "readLag", instanceId: id, seconds: 30 });
        const r = await h.client.api3("ResetInstance", { InstanceId: id, ImageId: UBUNTU });
        expect((await describe3(id)).LatestOperationRequestId).to.equal(null);
        expect((await h.client.legacy("DescribeInstances", { "instanceIds.0": id })).instanceSet[0].status).to.equal(2);
        expect(h.emu.instance(id)?.latestOperationRequestId).to.equal(r.RequestId);
        h.emu.advance(30);
        expect(await describe3(id)).to.include({
            LatestOperationRequestId: r.RequestId,
            LatestOperationState: "OPERATING",
        });
        expect((await h.client.legacy("DescribeInstances", { "instanceIds.0": id })).instanceSet[0].status).to.equal(
            14,
        );
        h.emu.advance(30); // the task ended at 60 s: a read at 60 s still shows it OPERATING
        expect((await describe3(id)).LatestOperationState).to.equal("OPERATING");
        h.emu.advance(30);
        expect(await describe3(id)).to.include({ LatestOperationState: "SUCCESS", ImageId: UBUNTU });
    });

    it("readLag is standing (not consumed) and DELETE /_admin/faults?kind=readLag lifts it alone", async () => {
        const id = fresh();
        h.emu.inject({ kind: "readLag", seconds: 100 });
        h.emu.inject({ kind: "http500", action: "RunCommand" });
        await h.client.api3("ResetInstance", { InstanceId: id });
        for (let i = 0; i < 3; i++) expect((await describe3(id)).LatestOperation).to.equal(null);
        const res = await rawRequest(h.emu.url, { method: "DELETE", path: "/_admin/faults?kind=readLag" });
        expect(res.status).to.equal(200);
        expect((await describe3(id)).LatestOperation).to.equal("ResetInstance");
        expect((await rawRequest(h.emu.url, { method: "GET", path: "/_admin/faults" })).text).to.match(/http500/);
    });

    for (const when of ["errorBeforeApply", "errorAfterApply"] as const) {
        for (const code of ["InternalError", "ServiceUnavailable"]) {
            it(`${when} with ${code}: answers the error and ${when === "errorAfterApply" ? "has applied" : "has not applied"} the reset`, async () => {
                const id = fresh();
                h.emu.inject({ kind: when, action: "ResetInstance", code });
                const r = await h.client.api3("ResetInstance", { InstanceId: id, ImageId: UBUNTU });
                expect(r.Error.Code).to.equal(code);
                expect(h.emu.instance(id)?.history).to.have.length(when === "errorAfterApply" ? 1 : 0);
                expect(h.emu.requests().at(-1)?.outcome).to.equal(when);
            });
        }
    }

    it("errorAfterApply on the legacy dialect answers the codeDesc with code 6000 after applying", async () => {
        const id = fresh();
        h.emu.inject({ kind: "errorAfterApply", action: "ResetInstances" });
        const r = await h.client.legacy("ResetInstances", { instanceId: id, imageId: UBUNTU });
        expect(r).to.include({ code: 6000, codeDesc: "InternalError" });
        expect(h.emu.instance(id)?.reinstalling).to.equal(true);
    });

    it("refuses a fault error code that is not a server failure", () => {
        expect(() => h.emu.inject({ kind: "errorBeforeApply", code: "InvalidParameter" })).to.throw(/InternalError/);
    });

    it("request-id formats: uppercase and numeric 3.0 RequestIds, string legacy task ids, and LatestOperationRequestId follows", async () => {
        const id = fresh();
        h.emu.setRequestIdFormats({ api3: "uppercase" });
        const upper = await h.client.api3("ResetInstance", { InstanceId: id });
        expect(upper.RequestId).to.match(/^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/);
        expect((await describe3(id)).LatestOperationRequestId).to.equal(upper.RequestId);
        h.emu.advance(60);
        h.emu.setRequestIdFormats({ api3: "numeric" });
        const numeric = await h.client.api3("ResetInstance", { InstanceId: id });
        expect(numeric.RequestId).to.match(/^\d+$/);
        expect((await describe3(id)).LatestOperationRequestId).to.equal(numeric.RequestId);
        h.emu.advance(60);
        const res = await rawRequest(h.emu.url, {
            method: "POST",
            path: "/_admin/request-ids",
            headers: { "Content-Type": "application/json" },
            body: JSON.stringify({ legacy: "string" }),
        });
        expect(JSON.parse(res.text)).to.deep.equal({ api3: "numeric", legacy: "string" });
        const legacy = await h.client.legacy("ResetInstances", { instanceId: id });
        expect(legacy.requestId).to.be.a("string").and.match(/^\d+$/);
        expect(
            (
                await rawRequest(h.emu.url, {
                    method: "POST",
                    path: "/_admin/request-ids",
                    body: JSON.stringify({ api3: "hex" }),
                })
            ).status,
        ).to.equal(400);
    });
});
