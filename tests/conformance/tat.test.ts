import { expect } from "chai";
import { type Emulator, startEmulator } from "../../emulator";
import { isDocumented } from "./documentedErrors";
import { sdkError, tatClient } from "./sdkClients";
import { checkAgainstModel, readModels } from "./sdkModels";
import { TAT_MODELS } from "./sdkPaths";

const models = readModels(TAT_MODELS);
const conforms = (model: string, value: unknown) =>
    expect(checkAgainstModel(models, model, value), model).to.deep.equal([]);
const b64 = (s: string) => Buffer.from(s).toString("base64");

describe("conformance: the official TAT client (tencentcloud-sdk-nodejs, tat 2020-10-28) against the emulator", function () {
    this.timeout(30_000);
    let emu: Emulator;
    before(async () => {
        emu = await startEmulator({
            clockSpeed: 0,
            commandSeconds: 2,
            reinstallSeconds: 60,
            guestNetwork: false,
            instances: [{ instanceId: "ins-sdktat01" }, { instanceId: "ins-sdktat02" }],
        });
    });
    after(() => emu?.close());

    for (const signMethod of ["TC3-HMAC-SHA256", "HmacSHA256"] as const) {
        it(`DescribeAutomationAgentStatus (${signMethod}) answers the SDK's AutomationAgentInfo model`, async () => {
            const r = await tatClient(emu, { signMethod }).DescribeAutomationAgentStatus({
                InstanceIds: ["ins-sdktat01", "ins-sdktat02"],
            });
            conforms("DescribeAutomationAgentStatusResponse", r);
            expect(r.AutomationAgentSet!.map((a) => a.AgentStatus)).to.deep.equal(["Online", "Online"]);
        });
    }

    it("RunCommand and DescribeInvocationTasks (pending, then finished with HideOutput false) answer the SDK's models", async () => {
        emu.scriptCommand({ instanceId: "ins-sdktat02", exitCode: 3, output: "not ready\n" });
        const run = await tatClient(emu).RunCommand({
            Content: b64("test -f /var/run/app.ready"),
            InstanceIds: ["ins-sdktat01", "ins-sdktat02"],
            CommandType: "SHELL",
            Timeout: 30,
        });
        conforms("RunCommandResponse", run);
        const pending = await tatClient(emu).DescribeInvocationTasks({
            Filters: [{ Name: "invocation-id", Values: [run.InvocationId!] }],
        });
        conforms("DescribeInvocationTasksResponse", pending);
        expect(pending.InvocationTaskSet!.map((t) => t.TaskStatus)).to.deep.equal(["PENDING", "PENDING"]);
        emu.advance(3);
        const done = await tatClient(emu, { signMethod: "HmacSHA1" }).DescribeInvocationTasks({
            Filters: [{ Name: "invocation-id", Values: [run.InvocationId!] }],
            HideOutput: false,
        });
        conforms("DescribeInvocationTasksResponse", done);
        const byInstance = Object.fromEntries(done.InvocationTaskSet!.map((t) => [t.InstanceId, t]));
        expect(byInstance["ins-sdktat01"]).to.deep.include({ TaskStatus: "SUCCESS" });
        expect(byInstance["ins-sdktat01"].TaskResult!.ExitCode).to.equal(0);
        expect(byInstance["ins-sdktat02"].TaskStatus).to.equal("FAILED");
        expect(Buffer.from(byInstance["ins-sdktat02"].TaskResult!.Output!, "base64").toString()).to.equal(
            "not ready\n",
        );
    });

    it("a RunCommand on an instance whose agent is offline (reinstalling) raises ResourceUnavailable.AgentStatusNotOnline, a documented code", async () => {
        emu.seed([{ instanceId: "ins-sdktat03" }]);
        const { cvmClient } = await import("./sdkClients");
        await cvmClient(emu).ResetInstance({ InstanceId: "ins-sdktat03" });
        const err = await sdkError(tatClient(emu).RunCommand({ Content: b64("true"), InstanceIds: ["ins-sdktat03"] }));
        expect(err.code).to.equal("ResourceUnavailable.AgentStatusNotOnline");
        expect(isDocumented("RunCommand", err.code)).to.equal(true);
        const offline = await tatClient(emu).DescribeAutomationAgentStatus({ InstanceIds: ["ins-sdktat03"] });
        conforms("DescribeAutomationAgentStatusResponse", offline);
        expect(offline.AutomationAgentSet![0].AgentStatus).to.equal("Offline");
    });

    for (const [action, code, call] of [
        [
            "RunCommand",
            "InvalidParameterValue.InvalidContent",
            (c: ReturnType<typeof tatClient>) => c.RunCommand({ Content: "%%%", InstanceIds: ["ins-sdktat01"] }),
        ],
        [
            "RunCommand",
            "ResourceNotFound.InstanceNotFound",
            (c: ReturnType<typeof tatClient>) => c.RunCommand({ Content: b64("true"), InstanceIds: ["ins-nothere1"] }),
        ],
        [
            "DescribeInvocationTasks",
            "InvalidParameterValue.InvalidInvocationTaskId",
            (c: ReturnType<typeof tatClient>) => c.DescribeInvocationTasks({ InvocationTaskIds: ["task-1"] }),
        ],
        [
            "DescribeAutomationAgentStatus",
            "InvalidParameter.ConflictParameter",
            (c: ReturnType<typeof tatClient>) =>
                c.DescribeAutomationAgentStatus({
                    InstanceIds: ["ins-sdktat01"],
                    Filters: [{ Name: "agent-status", Values: ["Online"] }],
                }),
        ],
    ] as const) {
        it(`${action}: the SDK raises ${code}, documented for ${action}`, async () => {
            const err = await sdkError(call(tatClient(emu)));
            expect(err.code).to.equal(code);
            expect(isDocumented(action, err.code)).to.equal(true);
        });
    }
});
