// Official worked examples from Tencent's signature documentation (the exact inputs and outputs were
// taken from the documentation pages themselves: legacy CVM "签名方法" (intl + CN mirrors), API 3.0
// "签名方法 v1" https://www.tencentcloud.com/document/api/213/31575 and "签名方法 v3"
// https://www.tencentcloud.com/document/api/213/30654).
import { expect } from "chai";
import { v1Sign as emuV1Sign, v1StringToSign as emuV1StringToSign } from "../../emulator/signatureV1";
import { sha256Hex, tc3CanonicalRequest, tc3Date, tc3Signature, tc3StringToSign } from "../../emulator/signatureTc3";
import { rawRequest } from "./httpClient";
import { withEmulator } from "./harness";
import { tc3Sign, v1Sign, v1StringToSign } from "./signing";

const LEGACY_ID = "AKIDz8krbsJ5yKBZQpn74WFkmLPx3gnPhESA";
const LEGACY_KEY = "Gu5t9xGARNpq86cd98joQYCN3Cozk1qA";
const API3_V1_ID = "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE";
const API3_V1_KEY = "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE";

interface V1Vector {
    name: string;
    method: string;
    host: string;
    path: string;
    params: Record<string, string>;
    key: string;
    signature: string;
    stringToSign: string;
}

const V1_VECTORS: V1Vector[] = [
    {
        name: "legacy HmacSHA1, Region=gz, lower-case action params",
        method: "GET",
        host: "cvm.api.qcloud.com",
        path: "/v2/index.php",
        params: {
            Action: "DescribeInstances",
            Nonce: "11886",
            Region: "gz",
            SecretId: LEGACY_ID,
            Timestamp: "1465185768",
            "instanceIds.0": "ins-09dx96dg",
            limit: "20",
            offset: "0",
        },
        key: LEGACY_KEY,
        stringToSign:
            "GETcvm.api.qcloud.com/v2/index.php?Action=DescribeInstances&Nonce=11886&Region=gz&SecretId=AKIDz8krbsJ5yKBZQpn74WFkmLPx3gnPhESA&Timestamp=1465185768&instanceIds.0=ins-09dx96dg&limit=20&offset=0",
        signature: "NSI3UqqD99b/UJb4tbG/xZpRW64=",
    },
    {
        name: "legacy HmacSHA256, Region=ap-guangzhou",
        method: "GET",
        host: "cvm.api.qcloud.com",
        path: "/v2/index.php",
        params: {
            Action: "DescribeInstances",
            "InstanceIds.0": "ins-09dx96dg",
            Nonce: "11886",
            Region: "ap-guangzhou",
            SecretId: LEGACY_ID,
            SignatureMethod: "HmacSHA256",
            Timestamp: "1465185768",
        },
        key: LEGACY_KEY,
        stringToSign:
            "GETcvm.api.qcloud.com/v2/index.php?Action=DescribeInstances&InstanceIds.0=ins-09dx96dg&Nonce=11886&Region=ap-guangzhou&SecretId=AKIDz8krbsJ5yKBZQpn74WFkmLPx3gnPhESA&SignatureMethod=HmacSHA256&Timestamp=1465185768",
        signature: "0EEm/HtGRr/VJXTAD9tYMth1Bzm3lLHz5RCDv1GdM8s=",
    },
    {
        name: "legacy HmacSHA1 with SignatureMethod=HmacSHA1, Region=ap-guangzhou",
        method: "GET",
        host: "cvm.api.qcloud.com",
        path: "/v2/index.php",
        params: {
            Action: "DescribeInstances",
            "InstanceIds.0": "ins-09dx96dg",
            Nonce: "11886",
            Region: "ap-guangzhou",
            SecretId: LEGACY_ID,
            SignatureMethod: "HmacSHA1",
            Timestamp: "1465185768",
        },
        key: LEGACY_KEY,
        stringToSign:
            "GETcvm.api.qcloud.com/v2/index.php?Action=DescribeInstances&InstanceIds.0=ins-09dx96dg&Nonce=11886&Region=ap-guangzhou&SecretId=AKIDz8krbsJ5yKBZQpn74WFkmLPx3gnPhESA&SignatureMethod=HmacSHA1&Timestamp=1465185768",
        signature: "nPVnY6njQmwQ8ciqbPl5Qe+Oru4=",
    },
    {
        name: "API 3.0 signature v1 (HmacSHA1, path /, Version signed)",
        method: "GET",
        host: "cvm.tencentcloudapi.com",
        path: "/",
        params: {
            Action: "DescribeInstances",
            "InstanceIds.0": "ins-09dx96dg",
            Limit: "20",
            Nonce: "11886",
            Offset: "0",
            Region: "ap-guangzhou",
            SecretId: API3_V1_ID,
            Timestamp: "1465185768",
            Version: "2017-03-12",
        },
        key: API3_V1_KEY,
        stringToSign:
            "GETcvm.tencentcloudapi.com/?Action=DescribeInstances&InstanceIds.0=ins-09dx96dg&Limit=20&Nonce=11886&Offset=0&Region=ap-guangzhou&SecretId=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE&Timestamp=1465185768&Version=2017-03-12",
        signature: "EliP9YW3pW28FpsEdkXt/+WcGeI=",
    },
];

const TC3_BODY = '{"Limit": 1, "Filters": [{"Values": ["\\u672a\\u547d\\u540d"], "Name": "instance-name"}]}';

const TC3_VECTORS = [
    {
        name: "earlier doc revision (content-type;host, partly masked credentials)",
        secretId: "AKIDz8krbsJ5yKBZQpn74WFkmLPx3*******",
        secretKey: "Gu5t9xGARNpq86cd98joQYCN3*******",
        action: undefined as string | undefined,
        canonicalHash: "5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031",
        signature: "2230eefd229f582d8b1b891af7107b91597240707d778ab3738f756258d7652c",
    },
    {
        name: "current doc (content-type;host;x-tc-action, fully masked credentials)",
        secretId: `AKID${"*".repeat(32)}`,
        secretKey: "*".repeat(32),
        action: "DescribeInstances",
        canonicalHash: "7019a55be8395899b900fb5564e4200d984910f34794a27cb3fb7d10ff6a1e84",
        signature: "10b1a37a7301a02ca19a647ad722d5e43b4b3cff309d421d85b46093f6ab6c4f",
    },
];

describe("emulator: official signature vectors", () => {
    describe("signature v1 string to sign and HMAC", () => {
        for (const v of V1_VECTORS) {
            it(`reproduces the documented value: ${v.name}`, () => {
                expect(emuV1StringToSign(v.method, v.host, v.path, v.params)).to.equal(v.stringToSign);
                expect(emuV1Sign(v.key, v.stringToSign, v.params.SignatureMethod)).to.equal(v.signature);
                // and the tests' own independent signer agrees
                expect(v1StringToSign(v.method, v.host, v.path, v.params)).to.equal(v.stringToSign);
                expect(v1Sign(v.key, v.stringToSign, v.params.SignatureMethod)).to.equal(v.signature);
            });
        }

        it("reproduces the 2014 legacy page value HgIYOPcx… for its printed string (which omits the instanceIds it sends)", () => {
            const printed =
                "GETcvm.api.qcloud.com/v2/index.php?Action=DescribeInstances&Nonce=345122&Region=gz&SecretId=AKIDz8krbsJ5yKBZQpn74WFkmLPx3gnPhESA&Timestamp=1408704141";
            expect(emuV1Sign(LEGACY_KEY, printed)).to.equal("HgIYOPcx5lN6gz8JsCFBNAWp2oQ=");
        });

        it("treats only the exact value HmacSHA256 as SHA-256: RVSD1I… is HmacSHA1 of a string that says HmacSHA256", () => {
            const s = V1_VECTORS[1].stringToSign;
            expect(emuV1Sign(LEGACY_KEY, s, "HmacSHA1")).to.equal("RVSD1I6ip2Zo56I2HdqRVrt+1TE=");
            expect(emuV1Sign(LEGACY_KEY, s, "hmacsha256")).to.equal("RVSD1I6ip2Zo56I2HdqRVrt+1TE=");
            expect(emuV1Sign(LEGACY_KEY, s, "HmacSHA256")).to.equal("0EEm/HtGRr/VJXTAD9tYMth1Bzm3lLHz5RCDv1GdM8s=");
        });

        it("signs names with '_' as '.' and sorts upper-case before lower-case, InstanceIds.12 before InstanceIds.2", () => {
            const s = emuV1StringToSign("POST", "h", "/p", {
                b: "1",
                "InstanceIds.2": "x",
                "InstanceIds.12": "y",
                Placement_Zone: "CN_GUANGZHOU",
                Signature: "zzz",
            });
            expect(s).to.equal("POSTh/p?InstanceIds.12=y&InstanceIds.2=x&Placement.Zone=CN_GUANGZHOU&b=1");
        });
    });

    describe("TC3-HMAC-SHA256", () => {
        for (const v of TC3_VECTORS) {
            it(`reproduces the documented signature: ${v.name}`, () => {
                const headers: Record<string, string> = {
                    "content-type": "application/json; charset=utf-8",
                    host: "cvm.tencentcloudapi.com",
                };
                const signed = ["content-type", "host"];
                if (v.action) {
                    headers["x-tc-action"] = v.action;
                    signed.push("x-tc-action");
                }
                expect(sha256Hex(TC3_BODY)).to.equal(
                    "35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064",
                );
                const canonical = tc3CanonicalRequest("POST", "", headers, signed, Buffer.from(TC3_BODY));
                expect(sha256Hex(canonical)).to.equal(v.canonicalHash);
                expect(tc3Date(1551113065)).to.equal("2019-02-25");
                const sts = tc3StringToSign("1551113065", "2019-02-25", "cvm", canonical);
                expect(tc3Signature(v.secretKey, "2019-02-25", "cvm", sts)).to.equal(v.signature);
                const mine = tc3Sign({
                    secretId: v.secretId,
                    secretKey: v.secretKey,
                    timestamp: 1551113065,
                    host: "cvm.tencentcloudapi.com",
                    contentType: "application/json; charset=utf-8",
                    body: TC3_BODY,
                    action: v.action,
                });
                expect(mine.signature).to.equal(v.signature);
                expect(mine.authorization).to.equal(
                    `TC3-HMAC-SHA256 Credential=${v.secretId}/2019-02-25/cvm/tc3_request, SignedHeaders=${signed.join(";")}, Signature=${v.signature}`,
                );
            });
        }
    });

    describe("end to end: the emulator accepts the documented requests as sent", () => {
        // The documented timestamps are years old: these emulators tolerate any skew, and each vector
        // gets its own emulator because the examples reuse Nonce 11886 with one SecretId.
        const farSkew = 20 * 365 * 24 * 3600;

        for (const v of V1_VECTORS) {
            it(`verifies ${v.name} with the published signature and Host ${v.host}`, async () => {
                await withEmulator(
                    { credentials: [{ secretId: v.params.SecretId, secretKey: v.key }], maxSkewSeconds: farSkew },
                    async (emu) => {
                        const query = new URLSearchParams({ ...v.params, Signature: v.signature }).toString();
                        const res = await rawRequest(emu.url, {
                            method: "GET",
                            path: `${v.path}?${query}`,
                            headers: { Host: v.host },
                        });
                        const body = JSON.parse(res.text);
                        if (v.path === "/") {
                            expect(body.Response.Error, res.text).to.equal(undefined);
                            expect(body.Response.TotalCount).to.equal(0);
                        } else {
                            expect(body.code, res.text).to.equal(0);
                            expect(body.totalCount).to.equal(0);
                        }
                    },
                );
            });
        }

        it("rejects the non-reproducible RVSD1I… value with 4100", async () => {
            const v = V1_VECTORS[1];
            await withEmulator(
                { credentials: [{ secretId: LEGACY_ID, secretKey: LEGACY_KEY }], maxSkewSeconds: farSkew },
                async (emu) => {
                    const query = new URLSearchParams({
                        ...v.params,
                        Signature: "RVSD1I6ip2Zo56I2HdqRVrt+1TE=",
                    }).toString();
                    const res = await rawRequest(emu.url, {
                        method: "GET",
                        path: `/v2/index.php?${query}`,
                        headers: { Host: v.host },
                    });
                    expect(JSON.parse(res.text)).to.include({ code: 4100, codeDesc: "AuthFailure.SignatureFailure" });
                },
            );
        });

        it("rejects the 2014 example as actually sent (with instanceIds) and its printed signature HgIYOPcx…", async () => {
            await withEmulator(
                { credentials: [{ secretId: LEGACY_ID, secretKey: LEGACY_KEY }], maxSkewSeconds: farSkew },
                async (emu) => {
                    const params = {
                        Action: "DescribeInstances",
                        Nonce: "345122",
                        Region: "gz",
                        SecretId: LEGACY_ID,
                        Timestamp: "1408704141",
                        "instanceIds.0": "qcvm12345",
                        "instanceIds.1": "qcvm56789",
                        Signature: "HgIYOPcx5lN6gz8JsCFBNAWp2oQ=",
                    };
                    const res = await rawRequest(emu.url, {
                        method: "GET",
                        path: `/v2/index.php?${new URLSearchParams(params)}`,
                        headers: { Host: "cvm.api.qcloud.com" },
                    });
                    expect(JSON.parse(res.text).code).to.equal(4100);
                },
            );
        });

        for (const v of TC3_VECTORS) {
            it(`verifies the TC3 request of the ${v.name}`, async () => {
                await withEmulator(
                    {
                        credentials: [{ secretId: v.secretId, secretKey: v.secretKey }],
                        maxSkewSeconds: farSkew,
                        instances: [{ instanceId: "ins-09dx96dg" }],
                    },
                    async (emu) => {
                        const signedHeaders = v.action ? "content-type;host;x-tc-action" : "content-type;host";
                        const res = await rawRequest(emu.url, {
                            method: "POST",
                            path: "/",
                            headers: {
                                Host: "cvm.tencentcloudapi.com",
                                "Content-Type": "application/json; charset=utf-8",
                                Authorization: `TC3-HMAC-SHA256 Credential=${v.secretId}/2019-02-25/cvm/tc3_request, SignedHeaders=${signedHeaders}, Signature=${v.signature}`,
                                "X-TC-Action": "DescribeInstances",
                                "X-TC-Timestamp": "1551113065",
                                "X-TC-Version": "2017-03-12",
                                "X-TC-Region": "ap-guangzhou",
                            },
                            body: TC3_BODY,
                        });
                        const body = JSON.parse(res.text).Response;
                        expect(body.Error, res.text).to.equal(undefined);
                        // The example filters on instance-name "未命名", Tencent's default name (and ours).
                        expect(body.TotalCount).to.equal(1);
                        expect(body.InstanceSet[0].InstanceId).to.equal("ins-09dx96dg");
                    },
                );
            });
        }
    });
});
