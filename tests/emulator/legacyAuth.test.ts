import { expect } from "chai";
import { rawRequest } from "./httpClient";
import { AUTH_SUITE_OPTIONS, TEMP_CREDENTIALS, useEmulator } from "./harness";
import { v1Sign, v1StringToSign } from "./signing";

describe("emulator: legacy signature v1 and common parameters", () => {
    const h = useEmulator(AUTH_SUITE_OPTIONS);
    const temp = TEMP_CREDENTIALS;

    it("accepts a correctly signed GET", async () => {
        const body = await h.client.legacy("DescribeInstances", { "instanceIds.0": "ins-aaaaaaa1" });
        expect(body).to.include({ code: 0, message: "", codeDesc: "Success", totalCount: 1 });
    });

    it("accepts a correctly signed POST form body", async () => {
        const body = await h.client.legacy(
            "DescribeInstances",
            { "instanceIds.0": "ins-aaaaaaa1" },
            { method: "POST" },
        );
        expect(body).to.include({ code: 0, totalCount: 1 });
    });

    it("accepts HmacSHA256 when SignatureMethod is exactly HmacSHA256", async () => {
        expect((await h.client.legacy("DescribeInstances", {}, { signatureMethod: "HmacSHA256" })).code).to.equal(0);
    });

    it("uses HmacSHA1 for any other SignatureMethod value", async () => {
        expect((await h.client.legacy("DescribeInstances", {}, { signatureMethod: "hmacsha256" })).code).to.equal(0);
    });

    it("rejects a parameter changed after signing with 4100", async () => {
        const body = await h.client.legacy("DescribeInstances", { limit: 5 }, { afterSign: (p) => (p.limit = "6") });
        expect(body).to.include({ code: 4100, codeDesc: "AuthFailure.SignatureFailure" });
    });

    it("signs the Host header as received, port included", async () => {
        const body = await h.client.legacy("DescribeInstances", {}, { signHost: "127.0.0.1" });
        expect(body.code).to.equal(4100);
    });

    it("reads only the form body on POST (query parameters are not part of the request)", async () => {
        const params = h.client.legacyParams("DescribeInstances", {}, { method: "POST" });
        const res = await rawRequest(h.client.baseUrl, {
            method: "POST",
            path: `/v2/index.php?${new URLSearchParams(params)}`,
            headers: {
                Host: h.client.host,
                "Content-Type": "application/x-www-form-urlencoded",
                "Content-Length": "0",
            },
            body: "",
        });
        expect(JSON.parse(res.text)).to.include({ code: 4000, codeDesc: "InvalidParameter" });
    });

    it("accepts PHP-style names with '_' for '.' (instanceIds_0)", async () => {
        const body = await h.client.legacy("DescribeInstances", { instanceIds_0: "ins-aaaaaaa1" });
        expect(body).to.include({ code: 0, totalCount: 1 });
    });

    it("rejects an unknown SecretId with 4104", async () => {
        const body = await h.client.legacy(
            "DescribeInstances",
            {},
            { creds: { secretId: "AKIDNOBODY", secretKey: "x" } },
        );
        expect(body).to.include({ code: 4104, codeDesc: "AuthFailure.SecretIdNotFound" });
    });

    it("rejects a replayed Nonce (same Timestamp and Nonce) with 4500", async () => {
        const timestamp = Math.floor(Date.now() / 1000);
        const first = await h.client.legacy("DescribeInstances", {}, { nonce: "424242", timestamp });
        const again = await h.client.legacy("DescribeInstances", {}, { nonce: "424242", timestamp });
        expect(first.code).to.equal(0);
        expect(again).to.include({ code: 4500, codeDesc: "AuthFailure.ReplayAttack" });
    });

    it("accepts a Nonce again under another Timestamp (the official SDKs draw it from 0..65535)", async () => {
        const timestamp = Math.floor(Date.now() / 1000);
        const first = await h.client.legacy("DescribeInstances", {}, { nonce: "434343", timestamp: timestamp - 1 });
        const second = await h.client.legacy("DescribeInstances", {}, { nonce: "434343", timestamp });
        expect(first.code).to.equal(0);
        expect(second.code).to.equal(0);
    });

    it("does not burn a Nonce on a request whose signature is wrong", async () => {
        const timestamp = Math.floor(Date.now() / 1000);
        const bad = await h.client.legacy(
            "DescribeInstances",
            {},
            { nonce: "515151", timestamp, afterSign: (p) => (p.Signature = "AAAA") },
        );
        const good = await h.client.legacy("DescribeInstances", {}, { nonce: "515151", timestamp });
        expect(bad.code).to.equal(4100);
        expect(good.code).to.equal(0);
    });

    it("rejects a Timestamp beyond maxSkewSeconds (default 300) with 4500", async () => {
        const late = await h.client.legacy("DescribeInstances", {}, { timestamp: Math.floor(Date.now() / 1000) - 301 });
        const early = await h.client.legacy(
            "DescribeInstances",
            {},
            { timestamp: Math.floor(Date.now() / 1000) + 301 },
        );
        const edge = await h.client.legacy("DescribeInstances", {}, { timestamp: Math.floor(Date.now() / 1000) - 290 });
        expect(late).to.include({ code: 4500, codeDesc: "AuthFailure.SignatureExpire" });
        expect(early.code).to.equal(4500);
        expect(edge.code).to.equal(0);
    });

    it("rejects missing common parameters with 4000", async () => {
        const res = await rawRequest(h.client.baseUrl, {
            method: "GET",
            path: "/v2/index.php?Action=DescribeInstances&Region=gz",
            headers: {},
        });
        const body = JSON.parse(res.text);
        expect(res.status).to.equal(200);
        expect(body).to.include({ code: 4000 });
        expect(body.message).to.match(/SecretId/);
    });

    it("requires the session token of a temporary credential (4105 without or with a wrong one)", async () => {
        const ok = await h.client.legacy("DescribeInstances", {}, { creds: temp });
        const missing = await h.client.legacy("DescribeInstances", {}, { creds: { ...temp, token: undefined } });
        const wrong = await h.client.legacy("DescribeInstances", {}, { creds: temp, token: "other" });
        expect(ok.code).to.equal(0);
        expect(missing).to.include({ code: 4105, codeDesc: "AuthFailure.TokenFailure" });
        expect(wrong.code).to.equal(4105);
    });

    it("refuses a Token on a permanent credential with 4105", async () => {
        expect((await h.client.legacy("DescribeInstances", {}, { token: "unexpected" })).code).to.equal(4105);
    });

    it("accepts both Region forms (gz, ap-guangzhou) and rejects an unknown one with 4000", async () => {
        expect((await h.client.legacy("DescribeInstances", {}, { region: "gz" })).totalCount).to.equal(1);
        expect((await h.client.legacy("DescribeInstances", {}, { region: "ap-guangzhou" })).totalCount).to.equal(1);
        expect(await h.client.legacy("DescribeInstances", {}, { region: "mars" })).to.include({ code: 4000 });
        expect(await h.client.legacy("DescribeInstances", {}, { region: null })).to.include({ code: 4000 });
    });

    it("answers an unknown Action with a 4000 envelope", async () => {
        expect(await h.client.legacy("RebootEverything", {})).to.include({ code: 4000, codeDesc: "InvalidAction" });
    });

    it("answers every legacy error with HTTP 200 and JSON", async () => {
        const params = {
            Action: "DescribeInstances",
            Region: "gz",
            SecretId: "AKIDEMULATOR00000000000000000000000",
            Timestamp: "1",
            Nonce: "1",
        };
        const sig = v1Sign("wrong", v1StringToSign("GET", h.client.host, "/v2/index.php", params));
        const res = await rawRequest(h.client.baseUrl, {
            method: "GET",
            path: `/v2/index.php?${new URLSearchParams({ ...params, Signature: sig })}`,
        });
        expect(res.status).to.equal(200);
        expect(res.headers["content-type"]).to.match(/application\/json/);
    });
});
