import { expect } from "chai";
import { maxOverlap } from "../../emulator/resetRecord";
import { adminCall } from "./httpClient";
import { useEmulator } from "./harness";

describe("emulator: the reset record (resets per instance, most concurrent reinstalls)", () => {
    const ids = ["ins-rec00001", "ins-rec00002", "ins-rec00003", "ins-rec00004"];
    const h = useEmulator({
        reinstallSeconds: 100,
        clockSpeed: 0,
        instances: ids.map((instanceId) => ({ instanceId })),
    });

    it("computes the largest overlap of task intervals, counting an end before a start at the same instant", () => {
        expect(maxOverlap([])).to.equal(0);
        expect(
            maxOverlap([
                { startedAt: 0, endsAt: 10 },
                { startedAt: 10, endsAt: 20 },
            ]),
        ).to.equal(1);
        expect(
            maxOverlap([
                { startedAt: 0, endsAt: 10 },
                { startedAt: 5, endsAt: 20 },
                { startedAt: 6, endsAt: 7 },
            ]),
        ).to.equal(3);
    });

    it("counts accepted resets per instance by dialect and the most that ran at once, overall and for a set", async () => {
        h.emu.resetRecord();
        await h.client.api3("ResetInstance", { InstanceId: ids[0] });
        await h.client.legacy("ResetInstances", { instanceId: ids[1] });
        h.emu.advance(50);
        await h.client.api3("ResetInstance", { InstanceId: ids[2] });
        h.emu.advance(60); // ids[0] and ids[1] done at 100; ids[2] runs until 150
        await h.client.api3("ResetInstance", { InstanceId: ids[0] });
        expect((await h.client.api3("ResetInstance", { InstanceId: ids[0] })).Error.Code).to.equal(
            "OperationDenied.InstanceOperationInProgress",
        );
        const record = h.emu.record([ids[0], ids[1]]);
        expect(record.resets[ids[0]]).to.deep.equal({ legacy: 0, api3: 2, outOfBand: 0, total: 2 });
        expect(record.resets[ids[1]]).to.deep.equal({ legacy: 1, api3: 0, outOfBand: 0, total: 1 });
        expect(record.resets[ids[3]]).to.equal(undefined);
        expect(record.totalResets).to.equal(4);
        expect(record.maxConcurrentReinstalls).to.equal(3);
        expect(record.maxConcurrentReinstallsOf).to.equal(2);
    });

    it("serves the record over /_admin/record (GET with ?instanceIds=, POST with a list) and DELETE starts it afresh", async () => {
        const got = await adminCall(h.emu.url, "GET", `record?instanceIds=${ids[0]},${ids[2]}`);
        expect(got.status).to.equal(200);
        expect(got.json).to.include({ totalResets: 4, maxConcurrentReinstalls: 3, maxConcurrentReinstallsOf: 2 });
        const posted = await adminCall(h.emu.url, "POST", "record", { instanceIds: [ids[1]] });
        expect(posted.json.maxConcurrentReinstallsOf).to.equal(1);
        expect((await adminCall(h.emu.url, "DELETE", "record")).status).to.equal(200);
        const fresh = (await adminCall(h.emu.url, "GET", "record")).json;
        expect(fresh).to.include({ totalResets: 0, maxConcurrentReinstalls: 0 });
        expect(fresh.resets).to.deep.equal({});
    });

    it("counts a late-applied reset whose request came before the record was reset, once it starts", async () => {
        h.emu.advance(500);
        h.emu.inject({ kind: "applyLate", seconds: 10 });
        await h.client.legacyRaw("ResetInstances", { instanceId: ids[1] }).catch(() => undefined);
        h.emu.resetRecord();
        expect(h.emu.record().totalResets).to.equal(0);
        h.emu.advance(10);
        expect(h.emu.record().resets[ids[1]]).to.deep.equal({ legacy: 1, api3: 0, outOfBand: 0, total: 1 });
    });

    it("counts out-of-band reinstalls separately and never counts a refused reset", async () => {
        h.emu.resetRecord();
        h.emu.advance(200);
        h.emu.reinstallOutOfBand(ids[3]);
        expect((await h.client.api3("ResetInstance", { InstanceId: ids[3] })).Error.Code).to.equal(
            "OperationDenied.InstanceOperationInProgress",
        );
        expect(h.emu.record().resets[ids[3]]).to.deep.equal({ legacy: 0, api3: 0, outOfBand: 1, total: 1 });
    });
});
