import { expect } from "chai";
import { eventually, tcpProbe } from "./guestProbe";
import { useEmulator } from "./harness";

const GOOD = "Abc123!@#xyz";

describe("emulator: ResetInstancesPassword", () => {
    const h = useEmulator({
        clockSpeed: 0,
        passwordResetSeconds: 30,
        reinstallSeconds: 100,
        images: [
            { imageId: "img-centos79", osName: "CentOS 7.9 64位", platform: "linux", bootSeconds: 20 },
            { imageId: "img-win2022d", osName: "Windows Server 2022", platform: "windows" },
        ],
        instances: [
            { instanceId: "ins-pass0001" },
            { instanceId: "ins-pass0002", state: "STOPPED" },
            { instanceId: "ins-pass0003" },
            { instanceId: "ins-passwin1", imageId: "img-win2022d" },
            { instanceId: "ins-pass0004" },
        ],
    });
    const d3 = async (id: string) => (await h.client.api3("DescribeInstances", { InstanceIds: [id] })).InstanceSet[0];

    it("refuses a running instance without ForceStop with UnsupportedOperation.InstanceStateRunning", async () => {
        const r = await h.client.api3("ResetInstancesPassword", { InstanceIds: ["ins-pass0001"], Password: GOOD });
        expect(r.Error.Code).to.equal("UnsupportedOperation.InstanceStateRunning");
        expect((await d3("ins-pass0001")).LatestOperation).to.equal(null);
    });

    it("with ForceStop: OPERATING, STOPPING -> STOPPED -> STARTING, then SUCCESS and RUNNING again, and the guest boots", async () => {
        const lan = h.emu.instance("ins-pass0001")!.privateIp;
        expect(await eventually(() => tcpProbe(lan, 22), "open")).to.equal("open");
        const r = await h.client.api3("ResetInstancesPassword", {
            InstanceIds: ["ins-pass0001"],
            Password: GOOD,
            ForceStop: true,
        });
        expect(r.Error).to.equal(undefined);
        expect(await d3("ins-pass0001")).to.include({
            LatestOperation: "ResetInstancesPassword",
            LatestOperationState: "OPERATING",
            LatestOperationRequestId: r.RequestId,
            InstanceState: "STOPPING",
        });
        expect(
            (await h.client.legacy("DescribeInstances", { "instanceIds.0": "ins-pass0001" })).instanceSet[0].status,
        ).to.equal(10);
        expect(await eventually(() => tcpProbe(lan, 22), "ECONNREFUSED")).to.equal("ECONNREFUSED");
        h.emu.advance(10);
        expect((await d3("ins-pass0001")).InstanceState).to.equal("STOPPED");
        h.emu.advance(10);
        expect((await d3("ins-pass0001")).InstanceState).to.equal("STARTING");
        expect((await h.client.api3("ResetInstance", { InstanceId: "ins-pass0001" })).Error.Code).to.equal(
            "UnsupportedOperation.InstanceStateStarting",
        );
        h.emu.advance(10);
        expect(await d3("ins-pass0001")).to.include({ LatestOperationState: "SUCCESS", InstanceState: "RUNNING" });
        h.emu.advance(20);
        expect(await eventually(() => tcpProbe(lan, 22), "open")).to.equal("open");
        expect(h.emu.record().totalResets).to.equal(0);
    });

    it("a stopped instance needs no ForceStop and stays STOPPED", async () => {
        const r = await h.client.api3("ResetInstancesPassword", { InstanceIds: ["ins-pass0002"], Password: GOOD });
        expect(r.Error).to.equal(undefined);
        h.emu.advance(30);
        expect(await d3("ins-pass0002")).to.include({ LatestOperationState: "SUCCESS", InstanceState: "STOPPED" });
    });

    for (const [what, password, ids] of [
        ["a Linux password with two classes", "abcdefgh12", ["ins-pass0003"]],
        ["a password starting with /", "/Abc123!@#", ["ins-pass0003"]],
        ["a Windows password of 11 characters", "Abc123!@#xy", ["ins-passwin1"]],
        ["a Windows password containing the user name", "Administrator1!", ["ins-passwin1"]],
        ["a mixed batch that fails the Windows rules", "Abc123!@", ["ins-pass0003", "ins-passwin1"]],
    ] as const) {
        it(`refuses ${what} with InvalidParameterValue.InvalidPassword and touches no instance`, async () => {
            const r = await h.client.api3("ResetInstancesPassword", {
                InstanceIds: [...ids],
                Password: password,
                ForceStop: true,
            });
            expect(r.Error.Code).to.equal("InvalidParameterValue.InvalidPassword");
            expect(r.Error.Message).to.not.include(password);
            for (const id of ids) expect(h.emu.instance(id)?.latestOperation).to.equal(null);
        });
    }

    it("refuses an instance in a reinstall-failed state with UnsupportedOperation.InstanceReinstallFailed", async () => {
        h.emu.inject({ kind: "taskFail", instanceId: "ins-pass0004" });
        await h.client.api3("ResetInstance", { InstanceId: "ins-pass0004" });
        h.emu.advance(100);
        const r = await h.client.api3("ResetInstancesPassword", {
            InstanceIds: ["ins-pass0004"],
            Password: GOOD,
            ForceStop: true,
        });
        expect(r.Error.Code).to.equal("UnsupportedOperation.InstanceReinstallFailed");
    });

    it("refuses a reset while the password operation runs, and validates ids, count and the password's presence", async () => {
        await h.client.api3("ResetInstancesPassword", {
            InstanceIds: ["ins-pass0003"],
            Password: GOOD,
            ForceStop: true,
        });
        expect((await h.client.api3("ResetInstance", { InstanceId: "ins-pass0003" })).Error.Code).to.equal(
            "UnsupportedOperation.InstanceStateStopping",
        );
        expect(
            (
                await h.client.api3("ResetInstancesPassword", {
                    InstanceIds: ["ins-pass0003"],
                    Password: GOOD,
                    ForceStop: true,
                })
            ).Error.Code,
        ).to.equal("OperationDenied.InstanceOperationInProgress");
        expect(
            (await h.client.api3("ResetInstancesPassword", { InstanceIds: ["ins-1"], Password: GOOD })).Error.Code,
        ).to.equal("InvalidInstanceId.Malformed");
        expect(
            (await h.client.api3("ResetInstancesPassword", { InstanceIds: ["ins-nothere1"], Password: GOOD })).Error
                .Code,
        ).to.equal("InvalidInstanceId.NotFound");
        expect((await h.client.api3("ResetInstancesPassword", { InstanceIds: ["ins-pass0002"] })).Error.Code).to.equal(
            "MissingParameter",
        );
        const many = Array.from({ length: 101 }, (_, i) => `ins-${String(i).padStart(8, "0")}`);
        expect(
            (await h.client.api3("ResetInstancesPassword", { InstanceIds: many, Password: GOOD })).Error.Code,
        ).to.equal("InvalidParameterValue.LimitExceeded");
    });

    it("never writes the password into the request log", async () => {
        const logged = JSON.stringify(h.emu.requests());
        expect(logged).to.not.include(GOOD);
    });
});
