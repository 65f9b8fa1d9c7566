import { expect } from "chai";
import { connect } from "node:net";
import { type Emulator, startEmulator } from "../../emulator";
import { cvmClient, tatClient } from "./sdkClients";

function tcpOpen(host: string, port: number): Promise<boolean> {
    return new Promise((resolve) => {
        const socket = connect({ host, port });
        socket.setTimeout(1000, () => (socket.destroy(), resolve(false)));
        socket.once("connect", () => (socket.destroy(), resolve(true)));
        socket.once("error", () => resolve(false));
    });
}

async function until<T>(probe: () => Promise<T>, ok: (v: T) => boolean, withinMs: number): Promise<T> {
    const deadline = Date.now() + withinMs;
    let value = await probe();
    while (!ok(value) && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 50));
        value = await probe();
    }
    return value;
}

describe("conformance: a reinstall and its readiness checks, all through the official SDKs and real sockets", function () {
    this.timeout(30_000);
    let emu: Emulator;
    before(async () => {
        emu = await startEmulator({
            clockSpeed: 200,
            reinstallSeconds: 120,
            images: [
                {
                    imageId: "img-webapp02",
                    osName: "CentOS 7.9 64位 (web)",
                    platform: "linux",
                    tcpPorts: [22],
                    httpPort: 8080,
                    bootSeconds: 60,
                },
            ],
            instances: [{ instanceId: "ins-sdkflow1", imageId: "img-webapp02" }],
        });
    });
    after(() => emu?.close());

    it("ResetInstance, then SUCCESS, then the address DescribeInstances reports accepts TCP and the TAT agent runs a command with exit 0", async () => {
        const cvm = cvmClient(emu);
        const tat = tatClient(emu);
        const { RequestId } = await cvm.ResetInstance({
            InstanceId: "ins-sdkflow1",
            ImageId: "img-webapp02",
            HostName: "web-1",
        });
        const done = await until(
            async () => (await cvm.DescribeInstances({ InstanceIds: ["ins-sdkflow1"] })).InstanceSet![0],
            (i) => i.LatestOperationRequestId === RequestId && i.LatestOperationState === "SUCCESS",
            5000,
        );
        expect(done).to.include({ LatestOperationState: "SUCCESS", HostName: "web-1" });
        const address = done.PrivateIpAddresses![0];
        expect(
            await until(
                () => tcpOpen(address, 22),
                (open) => open,
                5000,
            ),
        ).to.equal(true);
        const agent = await until(
            async () =>
                (await tat.DescribeAutomationAgentStatus({ InstanceIds: ["ins-sdkflow1"] })).AutomationAgentSet![0]
                    .AgentStatus,
            (s) => s === "Online",
            5000,
        );
        expect(agent).to.equal("Online");
        const run = await tat.RunCommand({
            Content: Buffer.from("curl -fsS http://localhost:8080/").toString("base64"),
            InstanceIds: ["ins-sdkflow1"],
        });
        const task = await until(
            async () =>
                (
                    await tat.DescribeInvocationTasks({
                        Filters: [{ Name: "invocation-id", Values: [run.InvocationId!] }],
                    })
                ).InvocationTaskSet![0],
            (t) => t.TaskStatus === "SUCCESS" || t.TaskStatus === "FAILED",
            5000,
        );
        expect(task.TaskStatus).to.equal("SUCCESS");
        expect(task.TaskResult!.ExitCode).to.equal(0);
        expect(emu.record(["ins-sdkflow1"]).resets["ins-sdkflow1"].api3).to.equal(1);
    });
});
