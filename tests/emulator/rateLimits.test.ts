import { expect } from "chai";
import { useEmulator, withEmulator } from "./harness";

describe("emulator: rate limits", () => {
    describe("legacy (per SecretId, sliding 60 s)", () => {
        const h = useEmulator({ legacyLimits: { perActionPerMinute: 3, perAccountPerMinute: 5 } });

        it("answers 4400 RequestLimitExceeded after perActionPerMinute calls of one action, and logs it", async () => {
            for (let i = 0; i < 3; i++) expect((await h.client.legacy("DescribeInstances", {})).code).to.equal(0);
            expect(await h.client.legacy("DescribeInstances", {})).to.include({
                code: 4400,
                codeDesc: "RequestLimitExceeded",
            });
            expect(h.emu.requests().at(-1)?.outcome).to.equal("RequestLimitExceeded");
        });

        it("counts other actions separately, up to perAccountPerMinute", async () => {
            expect((await h.client.legacy("DescribleTaskResult", { taskId: 1 })).code).to.equal(5000); // admitted, answered
            expect((await h.client.legacy("DescribleTaskResult", { taskId: 1 })).code).to.equal(5000); // 5th call of the account
            expect((await h.client.legacy("DescribleTaskResult", { taskId: 1 })).code).to.equal(4400); // account limit
        });
    });

    describe("API 3.0 (per action per second)", () => {
        const h = useEmulator({ api3Limits: { DescribeInstances: 2, ResetInstance: 1 } });

        it("answers RequestLimitExceeded after the per-second limit and recovers a second later", async function () {
            this.timeout(4000);
            expect((await h.client.api3("DescribeInstances", {})).Error).to.equal(undefined);
            expect((await h.client.api3("DescribeInstances", {})).Error).to.equal(undefined);
            expect((await h.client.api3("DescribeInstances", {})).Error.Code).to.equal("RequestLimitExceeded");
            expect((await h.client.api3("ResetInstance", { InstanceId: "ins-nothere1" })).Error.Code).to.equal(
                "InvalidInstanceId.NotFound",
            );
            expect((await h.client.api3("ResetInstance", { InstanceId: "ins-nothere1" })).Error.Code).to.equal(
                "RequestLimitExceeded",
            );
            await new Promise((r) => setTimeout(r, 1050));
            expect((await h.client.api3("DescribeInstances", {})).Error).to.equal(undefined);
        });
    });

    it("enforces the documented defaults (ResetInstance 10/s) when none are given", async () => {
        const { startEmulator, DEFAULT_CREDENTIALS } = await import("../../emulator");
        const { TestClient } = await import("./httpClient");
        const emu = await startEmulator();
        try {
            const client = new TestClient(emu.url, { ...DEFAULT_CREDENTIALS });
            const codes: string[] = [];
            for (let i = 0; i < 11; i++)
                codes.push((await client.api3("ResetInstance", { InstanceId: "ins-nothere1" })).Error.Code);
            expect(codes.slice(0, 10).every((c) => c === "InvalidInstanceId.NotFound")).to.equal(true);
            expect(codes[10]).to.equal("RequestLimitExceeded");
        } finally {
            await emu.close();
        }
    });

    it("keeps limits per SecretId", async () => {
        const creds = [
            { secretId: "AKIDONE", secretKey: "k1" },
            { secretId: "AKIDTWO", secretKey: "k2" },
        ];
        await withEmulator(
            { credentials: creds, legacyLimits: { perActionPerMinute: 1, perAccountPerMinute: 10 } },
            async (_emu, client) => {
                expect((await client.legacy("DescribeInstances", {}, { creds: creds[0] })).code).to.equal(0);
                expect((await client.legacy("DescribeInstances", {}, { creds: creds[0] })).code).to.equal(4400);
                expect((await client.legacy("DescribeInstances", {}, { creds: creds[1] })).code).to.equal(0);
            },
        );
    });
});
