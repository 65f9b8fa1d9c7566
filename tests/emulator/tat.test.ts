import { expect } from "chai";
import { adminCall } from "./httpClient";
import { useEmulator } from "./harness";

const b64 = (s: string) => Buffer.from(s, "utf8").toString("base64");

describe("emulator: TAT (tat 2020-10-28): agent status, RunCommand, DescribeInvocationTasks", () => {
    const h = useEmulator({
        reinstallSeconds: 100,
        commandSeconds: 4,
        clockSpeed: 0,
        guestNetwork: false,
        images: [
            { imageId: "img-centos79", osName: "CentOS 7.9 64位", platform: "linux", bootSeconds: 30 },
            { imageId: "img-win2022d", osName: "Windows Server 2022", platform: "windows" },
            { imageId: "img-noagent1", osName: "Old custom image", platform: "linux", tatAgent: false },
        ],
        instances: [
            { instanceId: "ins-tat00001" },
            { instanceId: "ins-tat00002" },
            { instanceId: "ins-tatwin01", imageId: "img-win2022d" },
            { instanceId: "ins-tatold01", imageId: "img-noagent1" },
            { instanceId: "ins-tatstop1", state: "STOPPED" },
        ],
    });
    const agents = async (ids: string[]) =>
        (await h.client.tat("DescribeAutomationAgentStatus", { InstanceIds: ids })).AutomationAgentSet;
    const tasksOf = async (invocationId: string, hideOutput?: boolean) =>
        (
            await h.client.tat("DescribeInvocationTasks", {
                Filters: [{ Name: "invocation-id", Values: [invocationId] }],
                ...(hideOutput === undefined ? {} : { HideOutput: hideOutput }),
            })
        ).InvocationTaskSet;

    it("reports the agent Online on a booted instance, Offline on a stopped one, and leaves out an instance without an agent", async () => {
        const set = await agents(["ins-tat00001", "ins-tatwin01", "ins-tatold01", "ins-tatstop1"]);
        expect(set.map((a: any) => [a.InstanceId, a.AgentStatus, a.Environment])).to.deep.equal([
            ["ins-tat00001", "Online", "Linux"],
            ["ins-tatwin01", "Online", "Windows"],
            ["ins-tatstop1", "Offline", "Linux"],
        ]);
        expect(set[0].LastHeartbeatTime).to.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
        expect(set[0]).to.include({ Version: "1.1.8" });
        expect(set[0].SupportFeatures).to.deep.equal([]);
        const online = await h.client.tat("DescribeAutomationAgentStatus", {
            Filters: [{ Name: "agent-status", Values: ["Online"] }],
        });
        expect(online.TotalCount).to.equal(3);
    });

    it("takes the agent offline during a reinstall and its boot, and back online after the boot", async () => {
        await h.client.api3("ResetInstance", { InstanceId: "ins-tat00002" });
        expect((await agents(["ins-tat00002"]))[0].AgentStatus).to.equal("Offline");
        h.emu.advance(100 + 29);
        expect((await agents(["ins-tat00002"]))[0].AgentStatus).to.equal("Offline");
        const refused = await h.client.tat("RunCommand", { Content: b64("true"), InstanceIds: ["ins-tat00002"] });
        expect(refused.Error.Code).to.equal("ResourceUnavailable.AgentStatusNotOnline");
        h.emu.advance(1);
        expect((await agents(["ins-tat00002"]))[0].AgentStatus).to.equal("Online");
    });

    it("runs a command: PENDING, RUNNING, then SUCCESS with exit code 0; output only with HideOutput false", async () => {
        const run = await h.client.tat("RunCommand", {
            Content: b64("systemctl is-active nginx"),
            CommandType: "SHELL",
            InstanceIds: ["ins-tat00001"],
        });
        expect(run.CommandId).to.match(/^cmd-[a-z0-9]{8}$/);
        expect(run.InvocationId).to.match(/^inv-[a-z0-9]{8}$/);
        expect((await tasksOf(run.InvocationId))[0]).to.include({ TaskStatus: "PENDING", InstanceId: "ins-tat00001" });
        h.emu.advance(1);
        expect((await tasksOf(run.InvocationId))[0].TaskStatus).to.equal("RUNNING");
        h.emu.advance(4);
        const [task] = await tasksOf(run.InvocationId);
        expect(task.TaskStatus).to.equal("SUCCESS");
        expect(task.InvocationTaskId).to.match(/^invt-[a-z0-9]{8}$/);
        expect(task.TaskResult).to.include({ ExitCode: 0, Output: "", Dropped: 0 });
        expect(task.CommandDocument).to.include({
            Content: b64("systemctl is-active nginx"),
            CommandType: "SHELL",
            Timeout: 60,
            WorkingDirectory: "/root",
            Username: "root",
        });
        expect(task.TaskResult.ExecEndTime).to.match(/Z$/);
    });

    it("answers the scripted exit code and output (admin POST /_admin/commands), FAILED for a non-zero code", async () => {
        expect(
            (
                await adminCall(h.emu.url, "POST", "commands", {
                    instanceId: "ins-tat00001",
                    contains: "curl",
                    exitCode: 7,
                    output: "connection refused\n",
                })
            ).status,
        ).to.equal(200);
        const run = await h.client
            .tat("RunCommand", {
                Content: b64("curl -fsS http://localhost/health"),
                InstanceIds: ["ins-tat00001", "ins-tatwin01"],
                CommandType: "SHELL",
            })
            .catch(() => undefined);
        expect(run.Error.Code).to.equal("InvalidParameterValue.AgentUnsupportedCommandType");
        const linux = await h.client.tat("RunCommand", {
            Content: b64("curl -fsS http://localhost/health"),
            InstanceIds: ["ins-tat00001"],
        });
        h.emu.advance(10);
        const [task] = await tasksOf(linux.InvocationId, false);
        expect(task.TaskStatus).to.equal("FAILED");
        expect(task.TaskResult.ExitCode).to.equal(7);
        expect(Buffer.from(task.TaskResult.Output, "base64").toString("utf8")).to.equal("connection refused\n");
        const other = await h.client.tat("RunCommand", { Content: b64("uptime"), InstanceIds: ["ins-tat00001"] });
        h.emu.advance(10);
        expect((await tasksOf(other.InvocationId))[0].TaskResult.ExitCode).to.equal(0);
        expect((await adminCall(h.emu.url, "GET", "commands")).json).to.have.length(1);
        await adminCall(h.emu.url, "DELETE", "commands");
    });

    it("ends a command that runs longer than its Timeout as TIMEOUT", async () => {
        h.emu.scriptCommand({ contains: "sleep", exitCode: 0, durationSeconds: 120 });
        const run = await h.client.tat("RunCommand", {
            Content: b64("sleep 120"),
            InstanceIds: ["ins-tat00001"],
            Timeout: 10,
        });
        h.emu.advance(11);
        expect((await tasksOf(run.InvocationId))[0].TaskStatus).to.equal("TIMEOUT");
        h.emu.clearCommandScripts();
    });

    for (const [what, body, code] of [
        [
            "content that is not base64",
            { Content: "not base64!", InstanceIds: ["ins-tat00001"] },
            "InvalidParameterValue.InvalidContent",
        ],
        [
            "a stopped instance",
            { Content: b64("true"), InstanceIds: ["ins-tatstop1"] },
            "ResourceUnavailable.InstanceStateNotRunning",
        ],
        [
            "an instance without the agent",
            { Content: b64("true"), InstanceIds: ["ins-tatold01"] },
            "ResourceUnavailable.AgentNotInstalled",
        ],
        [
            "an unknown instance",
            { Content: b64("true"), InstanceIds: ["ins-nothere1"] },
            "ResourceNotFound.InstanceNotFound",
        ],
        [
            "a malformed instance id",
            { Content: b64("true"), InstanceIds: ["i-1"] },
            "InvalidParameterValue.InvalidInstanceId",
        ],
        [
            "POWERSHELL on Linux",
            { Content: b64("Get-Date"), InstanceIds: ["ins-tat00001"], CommandType: "POWERSHELL" },
            "InvalidParameterValue.AgentUnsupportedCommandType",
        ],
        [
            "a Timeout of 0",
            { Content: b64("true"), InstanceIds: ["ins-tat00001"], Timeout: 0 },
            "InvalidParameterValue.Range",
        ],
        ["no Content", { InstanceIds: ["ins-tat00001"] }, "MissingParameter"],
    ] as const) {
        it(`RunCommand refuses ${what} with ${code}`, async () => {
            expect((await h.client.tat("RunCommand", body)).Error.Code).to.equal(code);
        });
    }

    it("refuses InstanceIds with Filters in DescribeAutomationAgentStatus, and TAT calls under the CVM version", async () => {
        const both = await h.client.tat("DescribeAutomationAgentStatus", {
            InstanceIds: ["ins-tat00001"],
            Filters: [{ Name: "agent-status", Values: ["Online"] }],
        });
        expect(both.Error.Code).to.equal("InvalidParameter.ConflictParameter");
        const wrongVersion = await h.client.api3(
            "RunCommand",
            { Content: b64("true"), InstanceIds: ["ins-tat00001"] },
            { service: "tat", version: "2017-03-12" },
        );
        expect(wrongVersion.Error.Code).to.equal("NoSuchVersion");
    });
});
