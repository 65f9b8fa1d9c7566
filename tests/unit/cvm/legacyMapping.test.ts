import { expect } from "chai";
import {
    addLegacyInstance,
    legacyDescribeParams,
    legacyInstanceView,
    legacyPhase,
    legacyResetParams,
    legacyTaskStatus,
} from "../../../provider/cvm/legacyMapping";
import type { InstancePhase, InstanceView } from "../../../provider/cvm/types";

describe("legacyMapping", () => {
    it("maps every legacy status code to a phase", () => {
        const expected: Array<[number[], InstancePhase]> = [
            [[2], "running"],
            [[4], "stopped"],
            [[14], "reinstalling"],
            [[3, 7, 8, 9], "transitional"],
            [[10, 11, 12, 13, 15, 16, 17, 18, 19, 20], "busy"],
            [[1, -1], "faulty"],
            [[5, 6], "gone"],
            [[21, 22, 99, 0], "unavailable"],
        ];
        for (const [codes, phase] of expected)
            for (const code of codes) expect(legacyPhase(code), `status ${code}`).to.equal(phase);
    });

    it("reads id, image, OS, platform and root size from an instanceSet item", () => {
        const view = legacyInstanceView({
            unInstanceId: "ins-abc",
            instanceId: "qcvm123",
            status: 2,
            unImgId: "img-1",
            os: "centos7.2x86_64",
            diskInfo: { rootId: "disk-1", rootSize: 50, rootType: 2 },
        });
        expect(view).to.deep.equal({
            instanceId: "ins-abc",
            phase: "running",
            rawStatus: 2,
            imageId: "img-1",
            osName: "centos7.2x86_64",
            rootSize: 50,
            platform: "linux",
            aliases: ["ins-abc", "qcvm123"],
        });
    });

    it("reads lanIp and the first wanIpSet address", () => {
        const view = legacyInstanceView({
            unInstanceId: "ins-abc",
            status: 2,
            lanIp: "127.0.10.1",
            wanIpSet: ["127.0.20.1", "127.0.20.2"],
        })!;
        expect(view).to.include({ privateIp: "127.0.10.1", publicIp: "127.0.20.1" });
        expect(legacyInstanceView({ unInstanceId: "ins-abc", status: 2, wanIpSet: [] })).to.not.have.property(
            "publicIp",
        );
    });

    it("lists an instance without a qcvm id under its ins- id only", () => {
        expect(legacyInstanceView({ unInstanceId: "ins-abc", status: 2 })!.aliases).to.deep.equal(["ins-abc"]);
        expect(legacyInstanceView({ instanceId: "qcvm9", status: 2 })!.aliases).to.deep.equal(["qcvm9"]);
    });

    it("detects Windows from the OS name, whatever the case", () => {
        expect(
            legacyInstanceView({ unInstanceId: "i", status: 4, os: "Windows Server 2016 数据中心版" })!.platform,
        ).to.equal("windows");
        expect(legacyInstanceView({ unInstanceId: "i", status: 4, os: "WINDOWS2012" })!.platform).to.equal("windows");
    });

    it("accepts diskInfo as an array and numbers as strings", () => {
        const view = legacyInstanceView({ unInstanceId: "i", status: "14", diskInfo: [{ rootSize: "60" }] })!;
        expect(view.phase).to.equal("reinstalling");
        expect(view.rootSize).to.equal(60);
    });

    it("keys the map by unInstanceId and by the old qcvm alias", () => {
        const map = new Map<string, InstanceView>();
        addLegacyInstance(map, { unInstanceId: "ins-abc", instanceId: "qcvm123", status: 2 });
        addLegacyInstance(map, { unInstanceId: "ins-def", instanceId: "ins-def", status: 4 });
        expect([...map.keys()]).to.deep.equal(["ins-abc", "qcvm123", "ins-def"]);
        expect(map.get("qcvm123")).to.equal(map.get("ins-abc"));
    });

    it("builds 0-based instanceIds.N with limit 100", () => {
        expect(legacyDescribeParams(["a", "b"])).to.deep.equal({
            offset: 0,
            limit: 100,
            "instanceIds.0": "a",
            "instanceIds.1": "b",
        });
    });

    it("sends booleans as 1/0 and imageType only with imageId (default 2)", () => {
        expect(legacyResetParams({ instanceId: "i", needSecurityAgent: true, needMonitorAgent: false })).to.deep.equal({
            instanceId: "i",
            needSecurityAgent: 1,
            needMonitorAgent: 0,
        });
        expect(
            legacyResetParams({
                instanceId: "i",
                imageId: "img-1",
                password: "p",
                rootSize: 60,
                needSecurityAgent: false,
                needMonitorAgent: true,
            }),
        ).to.deep.equal({
            instanceId: "i",
            imageId: "img-1",
            imageType: 2,
            password: "p",
            needSecurityAgent: 0,
            needMonitorAgent: 1,
            rootSize: 60,
        });
        expect(
            legacyResetParams({
                instanceId: "i",
                imageId: "img-1",
                imageType: 1,
                needSecurityAgent: true,
                needMonitorAgent: true,
            }).imageType,
        ).to.equal(1);
        expect(
            legacyResetParams({ instanceId: "i", imageType: 3, needSecurityAgent: true, needMonitorAgent: true }),
        ).to.not.have.property("imageType");
    });

    it("refuses API 3.0-only fields instead of dropping them silently", () => {
        expect(() =>
            legacyResetParams({ instanceId: "i", keyIds: ["k"], needSecurityAgent: true, needMonitorAgent: true }),
        ).to.throw(TypeError, /keyIds/);
    });

    it("reads the inferred DescribleTaskResult status 0/1/2, anything else unknown", () => {
        expect(legacyTaskStatus({ code: 0, data: { status: 0 } })).to.equal("success");
        expect(legacyTaskStatus({ code: 0, data: { status: 1 } })).to.equal("failed");
        expect(legacyTaskStatus({ code: 0, data: { status: 2 } })).to.equal("running");
        expect(legacyTaskStatus({ code: 0, data: { status: 7 } })).to.equal("unknown");
        expect(legacyTaskStatus({ code: 0 })).to.equal("unknown");
    });
});
