import { expect } from "chai";
import { rawRequest } from "./httpClient";
import { AUTH_SUITE_OPTIONS, TEMP_CREDENTIALS, useEmulator } from "./harness";
import { tc3Sign } from "./signing";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe("emulator: API 3.0 TC3-HMAC-SHA256 and common headers", () => {
    const h = useEmulator(AUTH_SUITE_OPTIONS);
    const temp = TEMP_CREDENTIALS;

    /** Sends a request whose headers the test controls completely. */
    async function send(headers: Record<string, string>, body: string) {
        const res = await rawRequest(h.client.baseUrl, {
            method: "POST",
            path: "/",
            headers: { "Content-Length": String(Buffer.byteLength(body)), ...headers },
            body,
        });
        expect(res.status).to.equal(200);
        return JSON.parse(res.text).Response;
    }

    function signedHeaders(
        body: string,
        over: { timestamp?: number; contentType?: string; authorization?: string } = {},
    ) {
        const timestamp = over.timestamp ?? Math.floor(Date.now() / 1000);
        const contentType = over.contentType ?? "application/json; charset=utf-8";
        const s = tc3Sign({ ...h.client.creds, timestamp, host: h.client.host, contentType, body });
        return {
            Host: h.client.host,
            "Content-Type": contentType,
            Authorization: over.authorization ?? s.authorization,
            "X-TC-Action": "DescribeInstances",
            "X-TC-Timestamp": String(timestamp),
            "X-TC-Version": "2017-03-12",
            "X-TC-Region": "ap-guangzhou",
        };
    }

    it("accepts a correctly signed JSON POST", async () => {
        const r = await h.client.api3("DescribeInstances", { InstanceIds: ["ins-aaaaaaa1"] });
        expect(r.Error).to.equal(undefined);
        expect(r.TotalCount).to.equal(1);
        expect(r.RequestId).to.match(UUID);
    });

    it("rejects a body changed after signing with AuthFailure.SignatureFailure", async () => {
        const r = await h.client.api3("DescribeInstances", { Limit: 5 }, { mutateBody: (b) => b.replace("5", "6") });
        expect(r.Error.Code).to.equal("AuthFailure.SignatureFailure");
    });

    it("hashes the exact body bytes: the same JSON re-serialised with spaces no longer verifies", async () => {
        const r = await h.client.api3("DescribeInstances", '{"Limit":5}', { mutateBody: () => '{"Limit": 5}' });
        expect(r.Error.Code).to.equal("AuthFailure.SignatureFailure");
    });

    it("signs the content-type actually sent (a different charset spelling fails)", async () => {
        const body = "{}";
        const headers = signedHeaders(body, { contentType: "application/json" });
        const r = await send({ ...headers, "Content-Type": "application/json; charset=utf-8" }, body);
        expect(r.Error.Code).to.equal("AuthFailure.SignatureFailure");
    });

    it("accepts header values in any case and with surrounding spaces (canonical values are trimmed, lower-cased)", async () => {
        const body = "{}";
        const headers = signedHeaders(body, { contentType: "Application/JSON" });
        const r = await send(headers, body);
        expect(r.Error).to.equal(undefined);
    });

    it("rejects an unknown SecretId with AuthFailure.SecretIdNotFound", async () => {
        const r = await h.client.api3("DescribeInstances", {}, { creds: { secretId: "AKIDNOBODY", secretKey: "x" } });
        expect(r.Error.Code).to.equal("AuthFailure.SecretIdNotFound");
    });

    it("rejects an X-TC-Timestamp beyond the skew with AuthFailure.SignatureExpire", async () => {
        const r = await h.client.api3("DescribeInstances", {}, { timestamp: Math.floor(Date.now() / 1000) - 3600 });
        expect(r.Error.Code).to.equal("AuthFailure.SignatureExpire");
    });

    it("rejects a malformed or missing Authorization with AuthFailure.InvalidAuthorization", async () => {
        const body = "{}";
        const headers = signedHeaders(body, { authorization: "TC3-HMAC-SHA256 Credential=x, Signature=y" });
        expect((await send(headers, body)).Error.Code).to.equal("AuthFailure.InvalidAuthorization");
        const { Authorization: _drop, ...noAuth } = signedHeaders(body);
        // Without Authorization the request is read as signature v1, which then lacks its parameters.
        expect((await send(noAuth, body)).Error.Code).to.equal("MissingParameter");
    });

    it("requires the credential scope date to be the UTC date of X-TC-Timestamp", async () => {
        const body = "{}";
        const ts = Math.floor(Date.now() / 1000);
        const good = signedHeaders(body, { timestamp: ts });
        const wrongDate = good.Authorization.replace(/\/\d{4}-\d{2}-\d{2}\//, "/2001-01-01/");
        expect((await send({ ...good, Authorization: wrongDate }, body)).Error.Code).to.equal(
            "AuthFailure.InvalidAuthorization",
        );
    });

    it("requires service cvm and content-type and host among the SignedHeaders", async () => {
        const body = "{}";
        const good = signedHeaders(body);
        const wrongService = good.Authorization.replace("/cvm/", "/cbs/");
        const noHost = good.Authorization.replace("SignedHeaders=content-type;host", "SignedHeaders=content-type");
        expect((await send({ ...good, Authorization: wrongService }, body)).Error.Code).to.equal(
            "AuthFailure.InvalidAuthorization",
        );
        expect((await send({ ...good, Authorization: noHost }, body)).Error.Code).to.equal(
            "AuthFailure.InvalidAuthorization",
        );
    });

    it("checks X-TC-Token against the credential (AuthFailure.TokenFailure)", async () => {
        expect((await h.client.api3("DescribeInstances", {}, { creds: temp })).Error).to.equal(undefined);
        expect((await h.client.api3("DescribeInstances", {}, { creds: temp, token: "nope" })).Error.Code).to.equal(
            "AuthFailure.TokenFailure",
        );
        expect(
            (await h.client.api3("DescribeInstances", {}, { creds: { ...temp, token: undefined } })).Error.Code,
        ).to.equal("AuthFailure.TokenFailure");
    });

    it("requires X-TC-Version 2017-03-12", async () => {
        expect((await h.client.api3("DescribeInstances", {}, { version: "2022-01-01" })).Error.Code).to.equal(
            "NoSuchVersion",
        );
    });

    it("accepts long region names only (UnsupportedRegion for gz), and an absent region", async () => {
        expect((await h.client.api3("DescribeInstances", {}, { region: "gz" })).Error.Code).to.equal(
            "UnsupportedRegion",
        );
        expect((await h.client.api3("DescribeInstances", {}, { region: null })).TotalCount).to.equal(1);
    });

    it("answers an unknown X-TC-Action with InvalidAction", async () => {
        expect((await h.client.api3("RunInstances", {})).Error.Code).to.equal("InvalidAction");
    });

    it("rejects a body that is not a JSON object with InvalidParameter (after verifying its signature)", async () => {
        expect((await h.client.api3("DescribeInstances", "[1,2]")).Error.Code).to.equal("InvalidParameter");
    });

    it("gives every response, error or not, a fresh uuid RequestId", async () => {
        const a = await h.client.api3("DescribeInstances", {});
        const b = await h.client.api3("DescribeInstances", {});
        const e = await h.client.api3("RunInstances", {});
        expect(a.RequestId).to.match(UUID);
        expect(e.RequestId).to.match(UUID);
        expect(new Set([a.RequestId, b.RequestId, e.RequestId]).size).to.equal(3);
    });
});
