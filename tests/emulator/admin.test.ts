import { expect } from "chai";
import { adminCall } from "./httpClient";
import { useEmulator } from "./harness";

describe("emulator: HTTP admin API (/_admin/)", () => {
    const h = useEmulator({ reinstallSeconds: 50 });
    const call = (method: string, path: string, body?: unknown) => adminCall(h.emu.url, method, path, body);

    it("seeds images and instances, lists them and returns one record", async () => {
        const seeded = await call("POST", "seed", {
            images: [{ imageId: "img-rocky901", osName: "Rocky Linux 9.1 64位", platform: "linux" }],
            instances: [
                { instanceId: "ins-admin001", imageId: "img-rocky901", rootSize: 60, name: "seeded" },
                { instanceId: "ins-admin002", state: "STOPPED" },
            ],
        });
        expect(seeded.status).to.equal(200);
        const list = (await call("GET", "instances")).json;
        expect(list.map((i: any) => i.instanceId)).to.include.members(["ins-admin001", "ins-admin002"]);
        const one = await call("GET", "instances/ins-admin001");
        expect(one.json).to.include({
            instanceId: "ins-admin001",
            imageId: "img-rocky901",
            osName: "Rocky Linux 9.1 64位",
            rootSize: 60,
            state: "RUNNING",
            name: "seeded",
        });
        expect((await call("GET", "instances/ins-nothere1")).status).to.equal(404);
    });

    it("refuses malformed seeds with 400 and a message", async () => {
        const bad = await call("POST", "seed", { instances: [{ instanceId: "i-1" }] });
        expect(bad.status).to.equal(400);
        expect(bad.json.error).to.match(/ins-xxxxxxxx/);
        expect(
            (await call("POST", "seed", { images: [{ imageId: "img-UPPER123", osName: "x", platform: "linux" }] }))
                .status,
        ).to.equal(400);
    });

    it("runs an out-of-band reinstall and advances the clock", async () => {
        const r = await call("POST", "reinstall", {
            instanceId: "ins-admin001",
            imageId: "img-ubun2204",
            rootSize: 80,
        });
        expect(r.status).to.equal(200);
        expect((await call("GET", "instances/ins-admin001")).json).to.include({
            reinstalling: true,
            latestOperationState: "OPERATING",
        });
        await call("POST", "clock", { advanceSeconds: 50 });
        expect((await call("GET", "instances/ins-admin001")).json).to.include({
            reinstalling: false,
            imageId: "img-ubun2204",
            rootSize: 80,
            latestOperationState: "SUCCESS",
        });
        expect((await call("POST", "reinstall", { instanceId: "ins-admin001", rootSize: 10 })).status).to.equal(400);
    });

    it("arms and clears faults", async () => {
        expect((await call("POST", "faults", { kind: "http500", action: "DescribeInstances" })).status).to.equal(200);
        expect((await call("GET", "faults")).json).to.have.length(1);
        expect((await h.client.legacyRaw("DescribeInstances", {})).status).to.equal(502);
        await call("POST", "faults", { kind: "http500" });
        await call("DELETE", "faults");
        expect((await h.client.legacyRaw("DescribeInstances", {})).status).to.equal(200);
        expect((await call("POST", "faults", { kind: "nope" })).status).to.equal(400);
    });

    it("switches the balance", async () => {
        await call("POST", "balance", { ok: false });
        expect((await h.client.legacy("ResetInstances", { instanceId: "ins-admin002" })).code).to.equal(5300);
        await call("POST", "balance", { ok: true });
        expect((await h.client.legacy("ResetInstances", { instanceId: "ins-admin002" })).code).to.equal(0);
    });

    it("sets the clock speed", async () => {
        await call("POST", "clock", { speed: 500 }); // 50 simulated seconds in 0.1 s
        await new Promise((r) => setTimeout(r, 150));
        await call("POST", "clock", { speed: 1 });
        expect((await call("GET", "instances/ins-admin002")).json.reinstalling).to.equal(false);
    });

    it("reads and clears the request log", async () => {
        expect((await call("GET", "requests")).json.length).to.be.greaterThan(0);
        await call("DELETE", "requests");
        expect((await call("GET", "requests")).json).to.deep.equal([]);
    });

    it("removes an instance", async () => {
        expect((await call("DELETE", "instances/ins-admin002")).status).to.equal(200);
        expect((await call("GET", "instances/ins-admin002")).status).to.equal(404);
        expect((await call("DELETE", "instances/ins-admin002")).status).to.equal(404);
    });

    it("answers unknown admin routes with 404", async () => {
        expect((await call("GET", "weather")).status).to.equal(404);
    });
});
