import { expect } from "chai";
import { canonicalQueryV1, hmacBase64, signV1, stringToSignV1 } from "../../../provider/cvm/signatureV1";
import { RAW_HMAC_VECTORS, V1_NOT_REPRODUCIBLE, V1_VECTORS } from "./vectors";

describe("signatureV1", () => {
    describe("official worked examples", () => {
        for (const v of V1_VECTORS) {
            it(`signs the official ${v.title} example to ${v.expected}`, () => {
                const input = { method: v.method, host: v.host, path: v.path, params: v.params };
                expect(stringToSignV1(input)).to.equal(v.stringToSign);
                expect(signV1({ ...input, secretKey: v.secretKey })).to.equal(v.expected);
            });
        }
        for (const v of RAW_HMAC_VECTORS) {
            it(`computes the ${v.title} vector ${v.expected}`, () => {
                expect(hmacBase64(v.signatureMethod, v.key, v.text)).to.equal(v.expected);
            });
        }
    });

    describe("documented but not reproducible values", () => {
        for (const v of V1_NOT_REPRODUCIBLE) {
            it(`does not produce ${v.published} (${v.title})`, () => {
                const sig = signV1({
                    method: v.method,
                    host: v.host,
                    path: v.path,
                    params: v.params,
                    secretKey: v.secretKey,
                });
                expect(sig).to.not.equal(v.published);
            });
        }
    });

    describe("canonical string", () => {
        it("replaces _ with . in names but not in values", () => {
            expect(canonicalQueryV1({ Placement_Zone: "CN_GUANGZHOU" })).to.equal("Placement.Zone=CN_GUANGZHOU");
        });

        it("sorts by byte order: upper case first, InstanceIds.12 before InstanceIds.2", () => {
            const q = canonicalQueryV1({
                "instanceIds.0": "a",
                Timestamp: 1,
                "InstanceIds.2": "c",
                "InstanceIds.12": "b",
                Action: "X",
            });
            expect(q).to.equal("Action=X&InstanceIds.12=b&InstanceIds.2=c&Timestamp=1&instanceIds.0=a");
        });

        it("drops Signature and keeps raw, unencoded values", () => {
            const q = canonicalQueryV1({ Signature: "abc=", password: "a b&c/+=", Action: "X" });
            expect(q).to.equal("Action=X&password=a b&c/+=");
        });

        it("signs UTF-8 values as UTF-8 bytes", () => {
            const params = { Action: "X", instanceName: "未命名" };
            const sig = signV1({ method: "POST", host: "h", path: "/v2/index.php", params, secretKey: "k" });
            expect(sig).to.equal(hmacBase64("HmacSHA1", "k", "POSTh/v2/index.php?Action=X&instanceName=未命名"));
        });

        it("refuses two names that sign the same (a_b and a.b)", () => {
            expect(() => canonicalQueryV1({ a_b: 1, "a.b": 2 })).to.throw(TypeError, /a\.b/);
        });
    });

    describe("method and algorithm", () => {
        const base = { host: "cvm.api.qcloud.com", path: "/v2/index.php", secretKey: "key" };

        it("puts the upper-cased method first, so GET and POST sign differently", () => {
            const params = { Action: "DescribeInstances", SignatureMethod: "HmacSHA256" };
            expect(stringToSignV1({ ...base, method: "post", params })).to.match(
                /^POSTcvm\.api\.qcloud\.com\/v2\/index\.php\?/,
            );
            expect(signV1({ ...base, method: "GET", params })).to.not.equal(
                signV1({ ...base, method: "POST", params }),
            );
        });

        it("uses HmacSHA256 only for exactly SignatureMethod=HmacSHA256", () => {
            const sha256 = signV1({ ...base, method: "GET", params: { A: 1, SignatureMethod: "HmacSHA256" } });
            const lower = signV1({ ...base, method: "GET", params: { A: 1, SignatureMethod: "hmacsha256" } });
            expect(Buffer.from(sha256, "base64")).to.have.length(32);
            expect(Buffer.from(lower, "base64")).to.have.length(20);
        });

        it("lets an explicit signatureMethod override the parameter", () => {
            const params = { A: 1, SignatureMethod: "HmacSHA256" };
            const sig = signV1({ ...base, method: "GET", params, signatureMethod: "HmacSHA1" });
            expect(sig).to.equal(hmacBase64("HmacSHA1", "key", stringToSignV1({ ...base, method: "GET", params })));
        });

        it("signs the host with its port when the port is not the default", () => {
            const s = stringToSignV1({
                method: "POST",
                host: "127.0.0.1:8080",
                path: "/v2/index.php",
                params: { A: 1 },
            });
            expect(s).to.equal("POST127.0.0.1:8080/v2/index.php?A=1");
        });
    });
});
