import { expect } from "chai";
import { adminCall } from "./httpClient";
import { useEmulator } from "./harness";

const PASSWORD = "Sup3r$ecretPw!";
const SECRET_KEY = "emulator-secret-key-0000000000000";

describe("emulator: request log", () => {
    const h = useEmulator({
        credentials: [
            { secretId: "AKIDEMULATOR00000000000000000000000", secretKey: SECRET_KEY },
            { secretId: "AKIDTEMPORARY000000000000000000000", secretKey: "temporary-key", token: "session-token-xyz" },
        ],
        instances: [
            { instanceId: "ins-logged01" },
            { instanceId: "ins-logged02" },
            { instanceId: "ins-logged03" },
            { instanceId: "ins-logged04" },
        ],
    });
    beforeEach(() => h.emu.clearRequests());

    it("records each API call in order with dialect, method, action, region, instance ids and outcome", async () => {
        await h.client.legacy("DescribeInstances", { "instanceIds.0": "ins-logged01" });
        await h.client.api3("ResetInstance", { InstanceId: "ins-nothere1" });
        const log = h.emu.requests();
        expect(log).to.have.length(2);
        expect(log[0]).to.include({
            dialect: "legacy",
            method: "GET",
            action: "DescribeInstances",
            region: "gz",
            outcome: "ok",
        });
        expect(log[0].instanceIds).to.deep.equal(["ins-logged01"]);
        expect(log[1]).to.include({
            dialect: "2017-03-12",
            method: "POST",
            action: "ResetInstance",
            region: "ap-guangzhou",
            outcome: "InvalidInstanceId.NotFound",
        });
        expect(log[1].seq).to.be.greaterThan(log[0].seq);
        expect(Date.parse(log[0].time)).to.be.a("number").and.not.NaN;
    });

    it("never stores a password, signature, token, user data or anything derived from the secret key", async () => {
        const temp = {
            secretId: "AKIDTEMPORARY000000000000000000000",
            secretKey: "temporary-key",
            token: "session-token-xyz",
        };
        const userData = Buffer.from("#!/bin/sh\necho top-secret-user-data\n").toString("base64");
        await h.client.legacy("ResetInstances", { instanceId: "ins-logged01", password: PASSWORD }, { creds: temp });
        await h.client.legacy("ResetInstances", { instanceId: "ins-logged02", password: PASSWORD }, { method: "POST" });
        await h.client.api3(
            "ResetInstance",
            { InstanceId: "ins-logged03", LoginSettings: { Password: PASSWORD }, UserData: userData },
            { creds: temp },
        );
        await h.client.legacy("ResetInstances", { instanceId: "ins-logged04", password: "shrt9" }); // rejected, still logged

        const log = h.emu.requests();
        expect(log).to.have.length(4);
        const text = JSON.stringify(log);
        for (const secret of [
            PASSWORD,
            "shrt9",
            "session-token-xyz",
            "temporary-key",
            SECRET_KEY,
            userData,
            "top-secret",
        ]) {
            expect(text, secret).to.not.include(secret);
        }
        expect(log[0].params).to.include({
            password: "***",
            Signature: "***",
            Token: "***",
            instanceId: "ins-logged01",
        });
        expect(log[2].params).to.deep.include({
            LoginSettings: { Password: "***" },
            UserData: "***",
            InstanceId: "ins-logged03",
        });
        expect(log[2].headers?.authorization).to.match(/Credential=AKIDTEMPORARY.*Signature=\*\*\*$/);
        expect(log[2].headers?.["x-tc-token"]).to.equal("***");
        expect(log[3].outcome).to.equal("InvalidParameter.PasswordNotConformSpecs");
        // and the same through the HTTP admin API
        expect(JSON.stringify((await adminCall(h.emu.url, "GET", "requests")).json)).to.not.include(PASSWORD);
    });

    it("does not log admin calls, and clearRequests empties the log", async () => {
        await adminCall(h.emu.url, "GET", "instances");
        await adminCall(h.emu.url, "POST", "clock", { advanceSeconds: 1 });
        expect(h.emu.requests()).to.have.length(0);
        await h.client.legacy("DescribeInstances", {});
        expect(h.emu.requests()).to.have.length(1);
        h.emu.clearRequests();
        expect(h.emu.requests()).to.have.length(0);
    });

    it("hands out copies: changing a returned entry does not change the log", async () => {
        await h.client.legacy("DescribeInstances", {});
        h.emu.requests()[0].outcome = "tampered";
        expect(h.emu.requests()[0].outcome).to.equal("ok");
    });
});
