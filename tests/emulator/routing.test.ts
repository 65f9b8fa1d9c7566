import { expect } from "chai";
import { rawRequest } from "./httpClient";
import { useEmulator } from "./harness";
import { tc3Sign, v1Sign, v1StringToSign } from "./signing";

describe("emulator: one port for cvm, tat and tag (routing by credential scope and version)", () => {
    const h = useEmulator({ guestNetwork: false, instances: [{ instanceId: "ins-route001" }] });

    it("routes a TC3 request whose scope is the Host's first label (an SDK pointed at an address) by its version", async () => {
        const firstLabel = h.client.host.split(".")[0]; // "127"
        const tat = await h.client.api3(
            "DescribeAutomationAgentStatus",
            { InstanceIds: ["ins-route001"] },
            { service: firstLabel, version: "2020-10-28" },
        );
        expect(tat.AutomationAgentSet).to.have.length(1);
        const cvm = await h.client.api3(
            "DescribeInstances",
            { InstanceIds: ["ins-route001"] },
            { service: firstLabel },
        );
        expect(cvm.TotalCount).to.equal(1);
    });

    it("refuses a scope that is neither a served service nor the Host's first label", async () => {
        const r = await h.client.api3("DescribeInstances", {}, { service: "cvmx" });
        expect(r.Error.Code).to.equal("AuthFailure.InvalidAuthorization");
    });

    it("answers NoSuchVersion for a version no service has, and InvalidAction for an action the service lacks", async () => {
        expect((await h.client.api3("DescribeInstances", {}, { version: "2099-01-01" })).Error.Code).to.equal(
            "NoSuchVersion",
        );
        expect((await h.client.api3("RunInstances", {})).Error.Code).to.equal("InvalidAction");
        expect(
            (await h.client.api3("ResetInstance", {}, { service: "tat", version: "2020-10-28" })).Error.Code,
        ).to.equal("InvalidAction");
    });

    it("accepts a TC3 signature over the host without its port (as the official Node SDK signs)", async () => {
        const body = JSON.stringify({ InstanceIds: ["ins-route001"] });
        const timestamp = Math.floor(Date.now() / 1000);
        const hostname = h.client.host.replace(/:\d+$/, "");
        const signed = tc3Sign({
            secretId: h.client.creds.secretId,
            secretKey: h.client.creds.secretKey,
            timestamp,
            host: hostname,
            contentType: "application/json",
            body,
        });
        const res = await rawRequest(h.emu.url, {
            method: "POST",
            path: "/",
            headers: {
                Host: h.client.host,
                "Content-Type": "application/json",
                Authorization: signed.authorization,
                "X-TC-Action": "DescribeInstances",
                "X-TC-Timestamp": String(timestamp),
                "X-TC-Version": "2017-03-12",
                "X-TC-TraceId": "trace-123",
            },
            body,
        });
        expect(JSON.parse(res.text).Response.TotalCount).to.equal(1);
        expect(res.headers["x-tc-traceid"]).to.equal("trace-123");
    });

    it("routes a v1-signed request by its Version (tag 2018-08-13 needs no Region) and accepts RequestClient and Language", async () => {
        const params: Record<string, string> = {
            Action: "DescribeResourceTagsByResourceIds",
            Version: "2018-08-13",
            SecretId: h.client.creds.secretId,
            Timestamp: String(Math.floor(Date.now() / 1000)),
            Nonce: "4711",
            SignatureMethod: "HmacSHA256",
            RequestClient: "SDK_NODEJS_4.1.313",
            Language: "en-US",
            ServiceType: "cvm",
            ResourcePrefix: "instance",
            ResourceRegion: "ap-guangzhou",
            "ResourceIds.0": "ins-route001",
        };
        params.Signature = v1Sign(
            h.client.creds.secretKey,
            v1StringToSign("POST", h.client.host, "/", params),
            "HmacSHA256",
        );
        const form = new URLSearchParams(params).toString();
        const res = await rawRequest(h.emu.url, {
            method: "POST",
            path: "/",
            headers: { Host: h.client.host, "Content-Type": "application/x-www-form-urlencoded" },
            body: form,
        });
        const r = JSON.parse(res.text).Response;
        expect(r.Error).to.equal(undefined);
        expect(r.TotalCount).to.equal(0);
    });

    it("refuses a Language other than zh-CN or en-US, and a method other than GET or POST with UnsupportedProtocol", async () => {
        expect(
            (await h.client.api3("DescribeInstances", {}, { headers: { "X-TC-Language": "fr-FR" } })).Error.Code,
        ).to.equal("InvalidParameterValue");
        const put = await rawRequest(h.emu.url, { method: "PUT", path: "/", headers: { Authorization: "x" } });
        expect(JSON.parse(put.text).Response.Error.Code).to.equal("UnsupportedProtocol");
    });
});
