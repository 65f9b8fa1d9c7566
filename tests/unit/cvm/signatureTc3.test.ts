import { expect } from "chai";
import { canonicalRequestTc3, deriveTc3Keys, sha256Hex, signTc3, tc3Date } from "../../../provider/cvm/signatureTc3";
import { TC3_GET_ERRATA_HOST, TC3_VECTORS } from "./vectors";

describe("signatureTc3", () => {
    for (const v of TC3_VECTORS) {
        describe(v.title, () => {
            const input = {
                method: v.method,
                query: v.query,
                headers: v.headers,
                signedHeaders: v.signedHeaders,
                payload: v.payload,
                timestamp: v.timestamp,
                service: "cvm",
                secretId: v.secretId,
                secretKey: v.secretKey,
            };

            it(`signs to ${v.signature.slice(0, 12)}… (${v.source})`, () => {
                expect(signTc3(input).signature).to.equal(v.signature);
            });
            if (v.hashedPayload) {
                it("hashes the exact payload bytes", () => expect(sha256Hex(v.payload)).to.equal(v.hashedPayload));
            }
            if (v.canonicalRequest) {
                it("builds the published canonical request byte for byte", () => {
                    expect(signTc3(input).canonicalRequest).to.equal(v.canonicalRequest);
                });
            }
            if (v.hashedCanonicalRequest) {
                it("hashes the canonical request to the published value", () => {
                    expect(signTc3(input).hashedCanonicalRequest).to.equal(v.hashedCanonicalRequest);
                });
            }
            if (v.stringToSign) {
                it("builds the published string to sign", () =>
                    expect(signTc3(input).stringToSign).to.equal(v.stringToSign));
            }
            if (v.derivedKeys) {
                it("derives the published SecretDate, SecretService and SecretSigning", () => {
                    const keys = deriveTc3Keys(v.secretKey, tc3Date(v.timestamp), "cvm");
                    expect(keys.secretDate.toString("hex")).to.equal(v.derivedKeys!.secretDate);
                    expect(keys.secretService.toString("hex")).to.equal(v.derivedKeys!.secretService);
                    expect(keys.secretSigning.toString("hex")).to.equal(v.derivedKeys!.secretSigning);
                });
            }
            if (v.authorization) {
                it("builds the published Authorization header", () =>
                    expect(signTc3(input).authorization).to.equal(v.authorization));
            }
        });
    }

    it("does not reproduce the GET example's signature with the host its canonical request prints (errata)", () => {
        const v = TC3_VECTORS.find((x) => x.method === "GET" && x.query !== "")!;
        const signed = signTc3({
            method: v.method,
            query: v.query,
            headers: { ...v.headers, Host: TC3_GET_ERRATA_HOST },
            signedHeaders: v.signedHeaders,
            payload: v.payload,
            timestamp: v.timestamp,
            service: "cvm",
            secretId: v.secretId,
            secretKey: v.secretKey,
        });
        expect(signed.signature).to.not.equal(v.signature);
    });

    it("takes the credential date in UTC: 1551113065 is 2019-02-25, not the UTC+8 2019-02-26", () => {
        expect(tc3Date(1551113065)).to.equal("2019-02-25");
        expect(tc3Date(1551139199)).to.equal("2019-02-25");
        expect(tc3Date(1551139200)).to.equal("2019-02-26");
    });

    it("signs content-type, host and x-tc-action by default, sorted, with lower-cased trimmed values", () => {
        const { canonicalRequest, signedHeaders } = canonicalRequestTc3({
            method: "post",
            headers: {
                "X-TC-Action": " ResetInstance ",
                host: "127.0.0.1:9000",
                "Content-Type": "application/json",
                "X-TC-Version": "2017-03-12",
            },
            payload: "{}",
        });
        expect(signedHeaders).to.equal("content-type;host;x-tc-action");
        expect(canonicalRequest.split("\n").slice(0, 7)).to.deep.equal([
            "POST",
            "/",
            "",
            "content-type:application/json",
            "host:127.0.0.1:9000",
            "x-tc-action:resetinstance",
            "",
        ]);
    });

    it("refuses to sign a header the request does not carry", () => {
        expect(() => canonicalRequestTc3({ method: "POST", headers: { Host: "h" }, payload: "" })).to.throw(
            TypeError,
            /content-type/,
        );
    });

    it("returns no key material, only the signature and its public pieces", () => {
        const signed = signTc3({ ...baseInput(), secretKey: "super-secret-key-1234" });
        expect(JSON.stringify(signed)).to.not.include("super-secret-key-1234");
        expect(Object.keys(signed)).to.not.include.members(["secretSigning", "secretKey"]);
    });
});

function baseInput() {
    return {
        method: "POST",
        headers: {
            "Content-Type": "application/json",
            Host: "cvm.tencentcloudapi.com",
            "X-TC-Action": "DescribeInstances",
        },
        payload: "{}",
        timestamp: 1700000000,
        service: "cvm",
        secretId: "AKIDtest",
        secretKey: "k",
    };
}
