import { expect } from "chai";
import { DEFAULT_IMAGES } from "../../emulator";
import { useEmulator } from "./harness";

const LINUX = "img-centos79";
const UBUNTU = "img-ubun2204";
const WINDOWS = "img-win2022d";

async function legacyStatus(h: ReturnType<typeof useEmulator>, id: string) {
    const r = await h.client.legacy("DescribeInstances", { "instanceIds.0": id });
    expect(r.code, JSON.stringify(r)).to.equal(0);
    return r.instanceSet[0];
}

async function api3Instance(h: ReturnType<typeof useEmulator>, id: string) {
    const r = await h.client.api3("DescribeInstances", { InstanceIds: [id] });
    expect(r.Error, JSON.stringify(r)).to.equal(undefined);
    return r.InstanceSet[0];
}

describe("emulator: legacy ResetInstances lifecycle", () => {
    const h = useEmulator({
        reinstallSeconds: 120,
        transitionSeconds: 30,
        instances: [
            { instanceId: "ins-run00001", oldId: "qcvm0001", rootSize: 50 },
            { instanceId: "ins-stop0001", state: "STOPPED" },
            { instanceId: "ins-shang001", region: "ap-shanghai" },
            { instanceId: "ins-win00001", imageId: WINDOWS },
            { instanceId: "ins-valid001" },
        ],
    });

    it("ships default images of the real id form, the first Linux one being the default", () => {
        for (const image of DEFAULT_IMAGES) expect(image.imageId).to.match(/^img-[a-z0-9]{8}$/);
        expect(h.emu.instance("ins-run00001")?.imageId).to.equal(
            DEFAULT_IMAGES.find((i) => i.platform === "linux")?.imageId,
        );
    });

    it("accepts a reset with a task id, shows status 14, then status 2 with the new image, os, disk and disk id", async () => {
        const before = await legacyStatus(h, "ins-run00001");
        expect(before).to.include({ status: 2, unImgId: LINUX, Region: "gz" });
        const r = await h.client.legacy("ResetInstances", {
            instanceId: "ins-run00001",
            imageId: WINDOWS,
            imageType: 2,
            password: "Abcdef123456!",
            rootSize: 60,
            needSecurityAgent: 1,
            needMonitorAgent: 0,
        });
        expect(r).to.deep.include({ code: 0, message: "", codeDesc: "Success" });
        expect(r.requestId).to.be.a("number");

        const during = await legacyStatus(h, "ins-run00001");
        expect(during.status).to.equal(14);
        expect(during.unImgId).to.equal(LINUX);
        const task = await h.client.legacy("DescribleTaskResult", { taskId: r.requestId });
        expect(task.data).to.deep.equal({ taskId: r.requestId, status: 2 });
        expect(task.message).to.match(/inferred/);

        h.emu.advance(119);
        expect((await legacyStatus(h, "ins-run00001")).status).to.equal(14);
        h.emu.advance(1);
        const after = await legacyStatus(h, "ins-run00001");
        expect(after).to.include({ status: 2, unImgId: WINDOWS, os: "Windows Server 2022 数据中心版 64位中文版" });
        expect(after.diskInfo.rootSize).to.equal(60);
        expect(after.diskInfo.rootId).to.not.equal(before.diskInfo.rootId); // Linux -> Windows: new system disk
        expect((await h.client.legacy("DescribleTaskResult", { taskId: r.requestId })).data.status).to.equal(0);
    });

    it("returns a stopped instance to status 4 (our choice for the UNCONFIRMED final status)", async () => {
        const r = await h.client.legacy(
            "ResetInstances",
            { instanceId: "ins-stop0001", imageId: UBUNTU },
            { method: "POST" },
        );
        expect(r.code).to.equal(0);
        expect((await legacyStatus(h, "ins-stop0001")).status).to.equal(14);
        h.emu.advance(120);
        expect(await legacyStatus(h, "ins-stop0001")).to.include({ status: 4, unImgId: UBUNTU });
    });

    it("keeps the disk id when the platform does not change and the current image when none is given", async () => {
        const before = h.emu.instance("ins-valid001")!;
        expect((await h.client.legacy("ResetInstances", { instanceId: "ins-valid001" })).code).to.equal(0);
        h.emu.advance(120);
        const after = h.emu.instance("ins-valid001")!;
        expect(after.imageId).to.equal(before.imageId);
        expect(after.rootId).to.equal(before.rootId);
        expect(after.history).to.have.length(1);
    });

    it("accepts the old qcvm id and reports it as instanceId next to unInstanceId", async () => {
        const item = await legacyStatus(h, "qcvm0001");
        expect(item).to.include({ unInstanceId: "ins-run00001", instanceId: "qcvm0001" });
    });

    it("only sees an instance in its own region (5000 elsewhere)", async () => {
        const r = await h.client.legacy("ResetInstances", { instanceId: "ins-shang001" }, { region: "gz" });
        expect(r).to.include({ code: 5000, codeDesc: "InvalidInstanceId.NotFound" });
        expect(
            (await h.client.legacy("DescribeInstances", { "instanceIds.0": "ins-shang001" }, { region: "sh" }))
                .totalCount,
        ).to.equal(1);
    });

    it("rejects shrinking the system disk with 4000 RootSizeCannotShrink", async () => {
        const r = await h.client.legacy("ResetInstances", { instanceId: "ins-valid001", rootSize: 40 });
        expect(r).to.include({ code: 4000, codeDesc: "InvalidParameter.RootSizeCannotShrink" });
        expect(r.message).to.match(/cannot shrink/);
    });

    it("applies the Windows password rule of the target image (12–16 chars, 3 classes)", async () => {
        const linuxOk = "abc12345";
        const win = await h.client.legacy("ResetInstances", {
            instanceId: "ins-valid001",
            imageId: WINDOWS,
            password: linuxOk,
        });
        expect(win).to.include({ code: 4000, codeDesc: "InvalidParameter.PasswordNotConformSpecs" });
        expect(win.message).to.not.include(linuxOk);
        const pipe = await h.client.legacy("ResetInstances", { instanceId: "ins-win00001", password: "Abcdefgh12|x" });
        expect(pipe.codeDesc).to.equal("InvalidParameter.PasswordNotConformSpecs"); // "|" is not a Windows special
        const tooLong = await h.client.legacy("ResetInstances", {
            instanceId: "ins-valid001",
            password: "abcdefgh12345678x",
        });
        expect(tooLong.codeDesc).to.equal("InvalidParameter.PasswordNotConformSpecs");
        const oneClass = await h.client.legacy("ResetInstances", {
            instanceId: "ins-valid001",
            password: "abcdefghij",
        });
        expect(oneClass.codeDesc).to.equal("InvalidParameter.PasswordNotConformSpecs");
    });

    it("validates imageType, imageId, agents and rootSize", async () => {
        expect(await h.client.legacy("ResetInstances", { instanceId: "ins-valid001", imageType: 2 })).to.include({
            code: 4000,
            codeDesc: "InvalidParameter.MissImageId",
        });
        expect(
            (await h.client.legacy("ResetInstances", { instanceId: "ins-valid001", imageId: LINUX, imageType: 5 }))
                .code,
        ).to.equal(4000);
        expect(
            await h.client.legacy("ResetInstances", { instanceId: "ins-valid001", imageId: "img-nothere1" }),
        ).to.include({ code: 4000, codeDesc: "InvalidParameter.InvalidImageId" });
        expect(
            (await h.client.legacy("ResetInstances", { instanceId: "ins-valid001", needMonitorAgent: 2 })).code,
        ).to.equal(4000);
        expect(
            (await h.client.legacy("ResetInstances", { instanceId: "ins-valid001", rootSize: "big" })).code,
        ).to.equal(4000);
        expect(await h.client.legacy("ResetInstances", { instanceId: "ins-nothere1" })).to.include({ code: 5000 });
    });

    it("refuses instances that are not running or stopped with 5100 InvaildInstanceStatus", async () => {
        h.emu.seed([{ instanceId: "ins-start001", state: "STARTING" }]); // seeded now: transitions run on the clock
        const r = await h.client.legacy("ResetInstances", { instanceId: "ins-start001" });
        expect(r).to.include({ code: 5100, codeDesc: "OperationConstraints.InvaildInstanceStatus" });
        expect((await legacyStatus(h, "ins-start001")).status).to.equal(8);
    });

    it("refuses a second reset while the first is running (status 14)", async () => {
        expect((await h.client.legacy("ResetInstances", { instanceId: "ins-valid001" })).code).to.equal(0);
        expect((await h.client.legacy("ResetInstances", { instanceId: "ins-valid001" })).code).to.equal(5100);
        h.emu.advance(120);
    });

    it("resolves transitional states after transitionSeconds (STARTING -> RUNNING)", async () => {
        h.emu.advance(30);
        expect((await legacyStatus(h, "ins-start001")).status).to.equal(2);
    });

    it("answers 5300 when the balance is insufficient", async () => {
        h.emu.setBalance(false);
        try {
            expect(await h.client.legacy("ResetInstances", { instanceId: "ins-valid001" })).to.include({
                code: 5300,
                codeDesc: "OperationConstraints.AccountBalanceNotEnough",
            });
        } finally {
            h.emu.setBalance(true);
        }
    });

    it("answers 5000 for an unknown task id", async () => {
        expect((await h.client.legacy("DescribleTaskResult", { taskId: 42 })).code).to.equal(5000);
    });
});

describe("emulator: API 3.0 ResetInstance lifecycle", () => {
    const h = useEmulator({
        reinstallSeconds: 60,
        instances: [
            { instanceId: "ins-api30001", rootSize: 50 },
            { instanceId: "ins-api30002", state: "STOPPED" },
            { instanceId: "ins-check001" },
        ],
    });

    it("accepts a reset: OPERATING while InstanceState stays RUNNING, then SUCCESS with the new image and disk", async () => {
        const r = await h.client.api3("ResetInstance", {
            InstanceId: "ins-api30001",
            ImageId: UBUNTU,
            SystemDisk: { DiskSize: 80 },
            LoginSettings: { Password: "Qcloud@TestApi123++" },
            EnhancedService: { SecurityService: { Enabled: true }, MonitorService: { Enabled: false } },
            HostName: "web-1.example",
            UserData: Buffer.from("#!/bin/sh\necho hi\n").toString("base64"),
        });
        expect(r.Error).to.equal(undefined);
        expect(Object.keys(r)).to.deep.equal(["RequestId"]);

        const during = await api3Instance(h, "ins-api30001");
        expect(during).to.include({
            InstanceState: "RUNNING",
            LatestOperation: "ResetInstance",
            LatestOperationState: "OPERATING",
            LatestOperationRequestId: r.RequestId,
            ImageId: LINUX,
        });
        h.emu.advance(60);
        const after = await api3Instance(h, "ins-api30001");
        expect(after).to.include({
            InstanceState: "RUNNING",
            LatestOperationState: "SUCCESS",
            ImageId: UBUNTU,
            OsName: "Ubuntu Server 22.04 LTS 64位",
        });
        expect(after.SystemDisk.DiskSize).to.equal(80);
        expect(h.emu.instance("ins-api30001")?.hostName).to.equal("web-1.example");
    });

    it("keeps a stopped instance STOPPED through the reset", async () => {
        expect((await h.client.api3("ResetInstance", { InstanceId: "ins-api30002" })).Error).to.equal(undefined);
        expect((await api3Instance(h, "ins-api30002")).InstanceState).to.equal("STOPPED");
        h.emu.advance(60);
        expect(await api3Instance(h, "ins-api30002")).to.include({
            InstanceState: "STOPPED",
            LatestOperationState: "SUCCESS",
        });
    });

    it("refuses non-resettable states with UnsupportedOperation.InstanceState…", async () => {
        h.emu.seed([
            { instanceId: "ins-stopping", state: "STOPPING" },
            { instanceId: "ins-rebootin", state: "REBOOTING" },
            { instanceId: "ins-failed01", state: "LAUNCH_FAILED" },
            { instanceId: "ins-termin01", state: "TERMINATING" },
        ]);
        const code = async (id: string) => (await h.client.api3("ResetInstance", { InstanceId: id })).Error?.Code;
        expect(await code("ins-stopping")).to.equal("UnsupportedOperation.InstanceStateStopping");
        expect(await code("ins-rebootin")).to.equal("UnsupportedOperation.InstanceStateRebooting");
        expect(await code("ins-failed01")).to.equal("UnsupportedOperation.InstanceStateCorrupted");
        expect(await code("ins-termin01")).to.equal("UnsupportedOperation.InstanceStateTerminating");
    });

    it("refuses a reset while another operation is in progress", async () => {
        expect((await h.client.api3("ResetInstance", { InstanceId: "ins-check001" })).Error).to.equal(undefined);
        expect((await h.client.api3("ResetInstance", { InstanceId: "ins-check001" })).Error.Code).to.equal(
            "OperationDenied.InstanceOperationInProgress",
        );
        h.emu.advance(60);
    });

    const cases: [string, Record<string, unknown>, string, RegExp?][] = [
        ["a malformed instance id", { InstanceId: "i-123" }, "InvalidInstanceId.Malformed"],
        ["an unknown instance", { InstanceId: "ins-nothere1" }, "InvalidInstanceId.NotFound"],
        ["a malformed image id", { InstanceId: "ins-check001", ImageId: "centos" }, "InvalidImageId.Malformed"],
        ["an unknown image", { InstanceId: "ins-check001", ImageId: "img-nothere1" }, "InvalidImageId.NotFound"],
        [
            "a shrinking system disk",
            { InstanceId: "ins-check001", SystemDisk: { DiskSize: 20 } },
            "InvalidParameterValue",
            /cannot shrink/,
        ],
        [
            "a Linux password of one class",
            { InstanceId: "ins-check001", LoginSettings: { Password: "abcdefghij" } },
            "InvalidParameterValue.InvalidPassword",
        ],
        [
            "a Windows password that is too short for Windows",
            { InstanceId: "ins-check001", ImageId: WINDOWS, LoginSettings: { Password: "Abc12345!" } },
            "InvalidParameterValue.InvalidPassword",
        ],
        [
            "Password with KeyIds",
            { InstanceId: "ins-check001", LoginSettings: { Password: "Abc12345!", KeyIds: ["skey-abcdefgh"] } },
            "InvalidParameter.ParameterConflict",
        ],
        [
            "Password with KeepImageLogin",
            { InstanceId: "ins-check001", LoginSettings: { Password: "Abc12345!", KeepImageLogin: "true" } },
            "InvalidParameter.ParameterConflict",
        ],
        [
            "KeyIds on Windows",
            { InstanceId: "ins-check001", ImageId: WINDOWS, LoginSettings: { KeyIds: ["skey-abcdefgh"] } },
            "UnsupportedOperation.KeyPairUnsupportedWindows",
        ],
        [
            "a malformed key id",
            { InstanceId: "ins-check001", LoginSettings: { KeyIds: ["key-1"] } },
            "InvalidParameterValue.KeyPairNotFound",
        ],
        [
            "UserData that is not base64",
            { InstanceId: "ins-check001", UserData: "not base64!" },
            "InvalidParameterValue.InvalidUserDataFormat",
        ],
        [
            "UserData over 16 KB",
            { InstanceId: "ins-check001", UserData: "A".repeat(16 * 1024 + 4) },
            "InvalidParameterValue.InvalidUserDataFormat",
        ],
        [
            "an illegal host name",
            { InstanceId: "ins-check001", HostName: "-bad" },
            "InvalidParameterValue.IllegalHostName",
        ],
        [
            "a Windows host name with a dot",
            { InstanceId: "ins-check001", ImageId: WINDOWS, HostName: "web.1" },
            "InvalidParameterValue.IllegalHostName",
        ],
        ["an unknown parameter", { InstanceId: "ins-check001", Imageid: LINUX }, "UnknownParameter"],
        [
            "a DiskSize of the wrong type",
            { InstanceId: "ins-check001", SystemDisk: { DiskSize: "60" } },
            "InvalidParameterValue",
        ],
        ["a missing InstanceId", {}, "MissingParameter"],
    ];
    for (const [what, body, code, message] of cases) {
        it(`rejects ${what} with ${code}`, async () => {
            const r = await h.client.api3("ResetInstance", body);
            expect(r.Error?.Code, JSON.stringify(r)).to.equal(code);
            if (message) expect(r.Error.Message).to.match(message);
            expect(h.emu.instance("ins-check001")?.latestOperationState).to.not.equal("OPERATING");
        });
    }

    it("accepts a conforming Windows password (12–30 chars, 3 classes) and well-formed key ids on Linux", async () => {
        expect(
            (
                await h.client.api3("ResetInstance", {
                    InstanceId: "ins-check001",
                    ImageId: WINDOWS,
                    LoginSettings: { Password: "Abcdefgh1234" },
                })
            ).Error,
        ).to.equal(undefined);
        h.emu.advance(60);
        expect(
            (
                await h.client.api3("ResetInstance", {
                    InstanceId: "ins-check001",
                    ImageId: LINUX,
                    LoginSettings: { KeyIds: ["skey-abcdefgh"] },
                })
            ).Error,
        ).to.equal(undefined);
        h.emu.advance(60);
        expect((await api3Instance(h, "ins-check001")).LoginSettings.KeyIds).to.deep.equal(["skey-abcdefgh"]);
    });

    it("answers InvalidAccount.InsufficientBalance when the balance is off", async () => {
        h.emu.setBalance(false);
        try {
            expect((await h.client.api3("ResetInstance", { InstanceId: "ins-check001" })).Error.Code).to.equal(
                "InvalidAccount.InsufficientBalance",
            );
        } finally {
            h.emu.setBalance(true);
        }
    });
});

describe("emulator: one instance store behind both dialects", () => {
    const h = useEmulator({
        reinstallSeconds: 100,
        instances: [{ instanceId: "ins-shared01" }, { instanceId: "ins-shared02" }, { instanceId: "ins-shared03" }],
    });

    it("shows a legacy reset as OPERATING in 3.0, with LatestOperationRequestId = String(taskId)", async () => {
        const r = await h.client.legacy("ResetInstances", { instanceId: "ins-shared01", imageId: UBUNTU });
        const i = await api3Instance(h, "ins-shared01");
        expect(i).to.include({
            LatestOperation: "ResetInstance",
            LatestOperationState: "OPERATING",
            LatestOperationRequestId: String(r.requestId),
            InstanceState: "RUNNING",
        });
        h.emu.advance(100);
        expect(await api3Instance(h, "ins-shared01")).to.include({ LatestOperationState: "SUCCESS", ImageId: UBUNTU });
    });

    it("shows a 3.0 reset as status 14 in legacy, then 2 with the new image", async () => {
        expect((await h.client.api3("ResetInstance", { InstanceId: "ins-shared02", ImageId: UBUNTU })).Error).to.equal(
            undefined,
        );
        expect((await legacyStatus(h, "ins-shared02")).status).to.equal(14);
        h.emu.advance(100);
        expect(await legacyStatus(h, "ins-shared02")).to.include({ status: 2, unImgId: UBUNTU });
    });

    it("runs an out-of-band (console) reinstall visible to both dialects and logged as such", async () => {
        h.emu.clearRequests();
        h.emu.reinstallOutOfBand("ins-shared03", UBUNTU, 70);
        expect((await legacyStatus(h, "ins-shared03")).status).to.equal(14);
        expect((await api3Instance(h, "ins-shared03")).LatestOperationState).to.equal("OPERATING");
        h.emu.advance(100);
        const i = await api3Instance(h, "ins-shared03");
        expect(i).to.include({ ImageId: UBUNTU, LatestOperationState: "SUCCESS" });
        expect(i.SystemDisk.DiskSize).to.equal(70);
        const oob = h.emu.requests().filter((e) => e.dialect === "admin");
        expect(oob).to.have.length(1);
        expect(oob[0]).to.include({ action: "ReinstallOutOfBand", outcome: "ok" });
        expect(h.emu.instance("ins-shared03")?.history[0].via).to.equal("outOfBand");
    });

    it("does not apply a task to a re-seeded instance that reuses the id", async () => {
        expect((await h.client.legacy("ResetInstances", { instanceId: "ins-shared02", imageId: LINUX })).code).to.equal(
            0,
        );
        h.emu.seed([{ instanceId: "ins-shared02", imageId: UBUNTU }]);
        h.emu.advance(100);
        expect(h.emu.instance("ins-shared02")).to.include({
            imageId: UBUNTU,
            reinstalling: false,
            latestOperation: null,
        });
    });

    it("runs tasks on the simulated clock speed", async () => {
        h.emu.setClockSpeed(1000); // 100 simulated seconds take 0.1 s
        try {
            expect((await h.client.legacy("ResetInstances", { instanceId: "ins-shared01" })).code).to.equal(0);
            await new Promise((r) => setTimeout(r, 150));
            expect((await legacyStatus(h, "ins-shared01")).status).to.equal(2);
        } finally {
            h.emu.setClockSpeed(1);
        }
    });
});
