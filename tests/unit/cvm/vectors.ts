/**
 * Signature known-answer vectors, transcribed from the official pages (and the official Node SDK's
 * tests) cited per vector. Every `expected` value below was published there; the tests recompute it
 * from the inputs with our signers. `notReproducible` entries are printed in official pages but are
 * not the signature of the inputs printed beside them: our signer must NOT produce them.
 */

/** Legacy / API 3.0 signature v1: string-to-sign from params, HMAC, Base64. */
export interface V1Vector {
    title: string;
    source: string;
    method: "GET" | "POST";
    host: string;
    path: string;
    params: Record<string, string | number>;
    secretKey: string;
    /** The string to sign as the page prints it. */
    stringToSign: string;
    expected: string;
}

/** The official legacy example keys (qcloud-documents, unmasked on the older pages). */
const LEGACY_ID = "AKIDz8krbsJ5yKBZQpn74WFkmLPx3gnPhESA";
const LEGACY_KEY = "Gu5t9xGARNpq86cd98joQYCN3Cozk1qA";

export const V1_VECTORS: readonly V1Vector[] = [
    {
        title: "legacy HmacSHA256, Region=gz",
        // tencentyun/qcloud-documents: api/API文档公用部分/调用方式/签名方法.md §2.4 (first example)
        source: "qcloud-documents api/API文档公用部分/调用方式/签名方法.md",
        method: "GET",
        host: "cvm.api.qcloud.com",
        path: "/v2/index.php",
        params: {
            Action: "DescribeInstances",
            SecretId: LEGACY_ID,
            Timestamp: 1465185768,
            Nonce: 11886,
            Region: "gz",
            SignatureMethod: "HmacSHA256",
            "instanceIds.0": "ins-09dx96dg",
            offset: 0,
            limit: 20,
        },
        secretKey: LEGACY_KEY,
        stringToSign:
            "GETcvm.api.qcloud.com/v2/index.php?Action=DescribeInstances&Nonce=11886&Region=gz&SecretId=AKIDz8krbsJ5yKBZQpn74WFkmLPx3gnPhESA&SignatureMethod=HmacSHA256&Timestamp=1465185768&instanceIds.0=ins-09dx96dg&limit=20&offset=0",
        expected: "PSWUwVv4TfW2sQP1FT9KbbLjIZ9bmK8f1cL6fbpf3KI=",
    },
    {
        title: "legacy HmacSHA1 (no SignatureMethod), Region=gz",
        // tencentyun/qcloud-documents: api/API文档公用部分/调用方式/签名方法.md §2.4 (second example)
        source: "qcloud-documents api/API文档公用部分/调用方式/签名方法.md",
        method: "GET",
        host: "cvm.api.qcloud.com",
        path: "/v2/index.php",
        params: {
            Action: "DescribeInstances",
            SecretId: LEGACY_ID,
            Timestamp: 1465185768,
            Nonce: 11886,
            Region: "gz",
            "instanceIds.0": "ins-09dx96dg",
            offset: 0,
            limit: 20,
        },
        secretKey: LEGACY_KEY,
        stringToSign:
            "GETcvm.api.qcloud.com/v2/index.php?Action=DescribeInstances&Nonce=11886&Region=gz&SecretId=AKIDz8krbsJ5yKBZQpn74WFkmLPx3gnPhESA&Timestamp=1465185768&instanceIds.0=ins-09dx96dg&limit=20&offset=0",
        expected: "NSI3UqqD99b/UJb4tbG/xZpRW64=",
    },
    {
        title: "legacy HmacSHA256, Region=ap-guangzhou",
        // tencentyun/qcloud-documents: api/API文档公用部分/调用方式/请求签名.md §4 (first example)
        source: "qcloud-documents api/API文档公用部分/调用方式/请求签名.md",
        method: "GET",
        host: "cvm.api.qcloud.com",
        path: "/v2/index.php",
        params: {
            Action: "DescribeInstances",
            SecretId: LEGACY_ID,
            Timestamp: 1465185768,
            Nonce: 11886,
            Region: "ap-guangzhou",
            SignatureMethod: "HmacSHA256",
            "InstanceIds.0": "ins-09dx96dg",
        },
        secretKey: LEGACY_KEY,
        stringToSign:
            "GETcvm.api.qcloud.com/v2/index.php?Action=DescribeInstances&InstanceIds.0=ins-09dx96dg&Nonce=11886&Region=ap-guangzhou&SecretId=AKIDz8krbsJ5yKBZQpn74WFkmLPx3gnPhESA&SignatureMethod=HmacSHA256&Timestamp=1465185768",
        expected: "0EEm/HtGRr/VJXTAD9tYMth1Bzm3lLHz5RCDv1GdM8s=",
    },
    {
        title: "legacy HmacSHA1 (SignatureMethod=HmacSHA1), Region=ap-guangzhou",
        // tencentyun/qcloud-documents: api/API文档公用部分/调用方式/请求签名.md §4 (second example)
        source: "qcloud-documents api/API文档公用部分/调用方式/请求签名.md",
        method: "GET",
        host: "cvm.api.qcloud.com",
        path: "/v2/index.php",
        params: {
            Action: "DescribeInstances",
            SecretId: LEGACY_ID,
            Timestamp: 1465185768,
            Nonce: 11886,
            Region: "ap-guangzhou",
            SignatureMethod: "HmacSHA1",
            "InstanceIds.0": "ins-09dx96dg",
        },
        secretKey: LEGACY_KEY,
        stringToSign:
            "GETcvm.api.qcloud.com/v2/index.php?Action=DescribeInstances&InstanceIds.0=ins-09dx96dg&Nonce=11886&Region=ap-guangzhou&SecretId=AKIDz8krbsJ5yKBZQpn74WFkmLPx3gnPhESA&SignatureMethod=HmacSHA1&Timestamp=1465185768",
        expected: "nPVnY6njQmwQ8ciqbPl5Qe+Oru4=",
    },
    {
        title: "API 3.0 signature v1 (HmacSHA1), host cvm.tencentcloudapi.com, path /",
        // tencentyun/intlcloud-documents: an API 3.0 "接口鉴权" page (intl, English); the same string and
        // value on the Japanese and Korean mirrors and in the CBS page API/API 3.0/存储/云硬盘/调用方式/接口鉴权_intl.md
        source: "intlcloud-documents API 3.0 接口鉴权 (signature v1) pages",
        method: "GET",
        host: "cvm.tencentcloudapi.com",
        path: "/",
        params: {
            Action: "DescribeInstances",
            SecretId: "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE",
            Timestamp: 1465185768,
            Nonce: 11886,
            Region: "ap-guangzhou",
            "InstanceIds.0": "ins-09dx96dg",
            Offset: 0,
            Limit: 20,
            Version: "2017-03-12",
        },
        secretKey: "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE",
        stringToSign:
            "GETcvm.tencentcloudapi.com/?Action=DescribeInstances&InstanceIds.0=ins-09dx96dg&Limit=20&Nonce=11886&Offset=0&Region=ap-guangzhou&SecretId=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE&Timestamp=1465185768&Version=2017-03-12",
        expected: "EliP9YW3pW28FpsEdkXt/+WcGeI=",
    },
];

/** Published values that are NOT the signature of the inputs printed with them (documentation errata). */
export const V1_NOT_REPRODUCIBLE: readonly (Omit<V1Vector, "expected" | "stringToSign"> & {
    published: string;
    why: string;
})[] = [
    {
        title: "API 3.0 signature v1 value on one CVM page revision",
        // tencentyun/intlcloud-documents: CVM API 3.0 接口鉴权 (English) — same inputs as EliP9YW…, prints v9MVG3fopp…
        source: "intlcloud-documents CVM API 3.0 接口鉴权 page (English revision)",
        why: "same inputs as the EliP9YW3pW28FpsEdkXt/+WcGeI= vector; the value cannot be reproduced",
        method: "GET",
        host: "cvm.tencentcloudapi.com",
        path: "/",
        params: V1_VECTORS[4]!.params,
        secretKey: "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE",
        published: "v9MVG3fopp/gCsLSZ4gMFeYGgDU=",
    },
    {
        title: "legacy HmacSHA1 value printed for a string that still says SignatureMethod=HmacSHA256",
        // tencentyun/intlcloud-documents, the legacy CVM signature page (intl mirror): RVSD1I… is HMAC-SHA1 over the
        // HmacSHA256 example's string, which the server would verify with SHA-256
        source: "legacy CVM signature page (intl mirror)",
        why: "SignatureMethod=HmacSHA256 selects SHA-256, so the SHA-1 value is never the signature of these params",
        method: "GET",
        host: "cvm.api.qcloud.com",
        path: "/v2/index.php",
        params: V1_VECTORS[2]!.params,
        secretKey: LEGACY_KEY,
        published: "RVSD1I6ip2Zo56I2HdqRVrt+1TE=",
    },
    {
        title: "legacy intl page signs a masked SecretId but prints the unmasked example's value",
        // tencentyun/intlcloud-documents: product/计算/云服务器/API 文档/云服务器API（旧版）/调用方式/签名方法_intl.md and 接口鉴权.md
        source: "intlcloud-documents product/计算/云服务器/API 文档/云服务器API（旧版）/调用方式/签名方法_intl.md",
        why: "the printed string has SecretId=AKID****…0123456789 but the value is that of AKIDz8krbs…",
        method: "GET",
        host: "cvm.api.qcloud.com",
        path: "/v2/index.php",
        params: { ...V1_VECTORS[1]!.params, SecretId: "AKID**********************0123456789" },
        secretKey: LEGACY_KEY,
        published: "NSI3UqqD99b/UJb4tbG/xZpRW64=",
    },
];

/** Raw HMAC vectors from the official Node SDK's unit test (string in, Base64 out). */
export const RAW_HMAC_VECTORS: readonly {
    title: string;
    source: string;
    signatureMethod: string;
    key: string;
    text: string;
    expected: string;
}[] = [
    {
        title: "Node SDK Sign.sign HmacSHA1",
        // TencentCloud/tencentcloud-sdk-nodejs: test/common/sign.test.ts ("should generate HmacSHA1 signature correctly")
        source: "tencentcloud-sdk-nodejs test/common/sign.test.ts",
        signatureMethod: "HmacSHA1",
        key: "test-secret-key",
        text: "test-sign-string",
        expected: "XjwGF9U5zdo93uMrX2b1ZDwoFOo=",
    },
    {
        title: "Node SDK Sign.sign HmacSHA256",
        // TencentCloud/tencentcloud-sdk-nodejs: test/common/sign.test.ts ("should generate HmacSHA256 signature correctly")
        source: "tencentcloud-sdk-nodejs test/common/sign.test.ts",
        signatureMethod: "HmacSHA256",
        key: "test-secret-key",
        text: "test-sign-string",
        expected: "6c+oFbRDL8wKcVPPwa4KtGMOzMuJTQDwV+8tMMPf7oM=",
    },
];

/** TC3-HMAC-SHA256 vectors. Optional fields are checked when the source publishes them. */
export interface Tc3Vector {
    title: string;
    source: string;
    method: "GET" | "POST";
    query: string;
    headers: Record<string, string>;
    signedHeaders: string[];
    payload: string;
    timestamp: number;
    secretId: string;
    secretKey: string;
    hashedPayload?: string;
    canonicalRequest?: string;
    hashedCanonicalRequest?: string;
    stringToSign?: string;
    derivedKeys?: { secretDate: string; secretService: string; secretSigning: string };
    signature: string;
    authorization?: string;
}

/** The official example body: escapes are hashed literally. */
export const TC3_DOC_PAYLOAD =
    '{"Limit": 1, "Filters": [{"Values": ["\\u672a\\u547d\\u540d"], "Name": "instance-name"}]}';
const DOC_HEADERS = {
    "Content-Type": "application/json; charset=utf-8",
    Host: "cvm.tencentcloudapi.com",
    "X-TC-Action": "DescribeInstances",
};

export const TC3_VECTORS: readonly Tc3Vector[] = [
    {
        title: "current official example, signs x-tc-action, published derived keys",
        // cloud.tencent.com/document/api/213/30654 (签名方法 v3, CVM), stored copy read via the code index; the page
        // masks the keys as 32 '*' and the published values are those of the literal masked strings
        source: "cloud.tencent.com/document/api/213/30654",
        method: "POST",
        query: "",
        headers: DOC_HEADERS,
        signedHeaders: ["content-type", "host", "x-tc-action"],
        payload: TC3_DOC_PAYLOAD,
        timestamp: 1551113065,
        secretId: `AKID${"*".repeat(32)}`,
        secretKey: "*".repeat(32),
        hashedPayload: "35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064",
        canonicalRequest: [
            "POST",
            "/",
            "",
            "content-type:application/json; charset=utf-8",
            "host:cvm.tencentcloudapi.com",
            "x-tc-action:describeinstances",
            "",
            "content-type;host;x-tc-action",
            "35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064",
        ].join("\n"),
        hashedCanonicalRequest: "7019a55be8395899b900fb5564e4200d984910f34794a27cb3fb7d10ff6a1e84",
        stringToSign:
            "TC3-HMAC-SHA256\n1551113065\n2019-02-25/cvm/tc3_request\n7019a55be8395899b900fb5564e4200d984910f34794a27cb3fb7d10ff6a1e84",
        derivedKeys: {
            secretDate: "da98fb70dcf6b112dc21038d1eeeb3a95c74b4dcb12c1131f864f6066bd02be0",
            secretService: "8d70cbefb03939f929db64d32dc2ba89b1095620119fe3e050e2b18c5bd2752f",
            secretSigning: "b596b923aad85185e2d1f6659d2a062e0a86731226e021e61bfe06f7ed05f5af",
        },
        signature: "10b1a37a7301a02ca19a647ad722d5e43b4b3cff309d421d85b46093f6ab6c4f",
        authorization:
            "TC3-HMAC-SHA256 Credential=AKID********************************/2019-02-25/cvm/tc3_request, " +
            "SignedHeaders=content-type;host;x-tc-action, Signature=10b1a37a7301a02ca19a647ad722d5e43b4b3cff309d421d85b46093f6ab6c4f",
    },
    {
        title: "intl official example (content-type;host)",
        // tencentyun/intlcloud-documents: API/API 3.0/存储/云硬盘/调用方式/接口鉴权 v3_intl.md (steps 1–4)
        source: "intlcloud-documents API/API 3.0/存储/云硬盘/调用方式/接口鉴权 v3_intl.md",
        method: "POST",
        query: "",
        headers: DOC_HEADERS,
        signedHeaders: ["content-type", "host"],
        payload: TC3_DOC_PAYLOAD,
        timestamp: 1551113065,
        secretId: "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE",
        secretKey: "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE",
        hashedPayload: "35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064",
        canonicalRequest:
            "POST\n/\n\ncontent-type:application/json; charset=utf-8\nhost:cvm.tencentcloudapi.com\n\ncontent-type;host\n" +
            "35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064",
        hashedCanonicalRequest: "5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031",
        stringToSign:
            "TC3-HMAC-SHA256\n1551113065\n2019-02-25/cvm/tc3_request\n5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031",
        signature: "72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168",
        authorization:
            "TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/tc3_request, " +
            "SignedHeaders=content-type;host, Signature=72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168",
    },
    {
        title: "earlier CN revision (partly masked key, content-type;host)",
        // provenance secondary: the CN page revision is quoted by several public test suites
        // (e.g. Go/Dart/Ruby TC3 signers) that pin 2230eefd… for key "Gu5t9xGARNpq86cd98joQYCN3*******"
        source: "secondary copies of the 2019 CN 签名方法 v3 page",
        method: "POST",
        query: "",
        headers: DOC_HEADERS,
        signedHeaders: ["content-type", "host"],
        payload: TC3_DOC_PAYLOAD,
        timestamp: 1551113065,
        secretId: "AKIDz8krbsJ5yKBZQpn74WFkmLPx3*******",
        secretKey: "Gu5t9xGARNpq86cd98joQYCN3*******",
        hashedCanonicalRequest: "5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031",
        signature: "2230eefd229f582d8b1b891af7107b91597240707d778ab3738f756258d7652c",
        authorization:
            "TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3*******/2019-02-25/cvm/tc3_request, " +
            "SignedHeaders=content-type;host, Signature=2230eefd229f582d8b1b891af7107b91597240707d778ab3738f756258d7652c",
    },
    {
        title: "official GET example (host errata: signed with cvm.tencentcloudapi.com)",
        // tencentyun/intlcloud-documents: older English API 3.0 "接口鉴权 v3" page, GET Limit=10&Offset=0 at 1539084154;
        // its canonical request prints host:cvm.api.tencentyun.com but hash and signature use cvm.tencentcloudapi.com
        source: "intlcloud-documents API 3.0 接口鉴权 v3 (GET example, X-TC-Timestamp 1539084154)",
        method: "GET",
        query: "Limit=10&Offset=0",
        headers: { "Content-Type": "application/x-www-form-urlencoded", Host: "cvm.tencentcloudapi.com" },
        signedHeaders: ["content-type", "host"],
        payload: "",
        timestamp: 1539084154,
        secretId: "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE",
        secretKey: "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE",
        hashedPayload: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        hashedCanonicalRequest: "91c9c192c14460df6c1ffc69e34e6c5e90708de2a6d282cccf957dbf1aa7f3a7",
        stringToSign:
            "TC3-HMAC-SHA256\n1539084154\n2018-10-09/cvm/tc3_request\n91c9c192c14460df6c1ffc69e34e6c5e90708de2a6d282cccf957dbf1aa7f3a7",
        signature: "5da7a33f6993f0614b047e5df4582db9e9bf4672ba50567dba16c6ccf174c474",
    },
    {
        title: "Node SDK sign3 POST",
        // TencentCloud/tencentcloud-sdk-nodejs: test/common/sign.test.ts ("should generate sign3 signature correctly");
        // the SDK hashes JSON.stringify(payload)
        source: "tencentcloud-sdk-nodejs test/common/sign.test.ts",
        method: "POST",
        query: "",
        headers: { "Content-Type": "application/json", Host: "cvm.tencentcloudapi.com" },
        signedHeaders: ["content-type", "host"],
        payload: '{"Action":"DescribeInstances","Version":"2017-03-12"}',
        timestamp: 1640995200,
        secretId: "test-secret-id",
        secretKey: "test-secret-key",
        signature: "96473b50fe407833672a5d6d067238d88bb44c8abcc39ef83baa3132afbfadd3",
        authorization:
            "TC3-HMAC-SHA256 Credential=test-secret-id/2022-01-01/cvm/tc3_request, SignedHeaders=content-type;host, " +
            "Signature=96473b50fe407833672a5d6d067238d88bb44c8abcc39ef83baa3132afbfadd3",
    },
    {
        title: "Node SDK sign3 GET (the SDK hashes the JSON payload even for GET)",
        // TencentCloud/tencentcloud-sdk-nodejs: test/common/sign.test.ts ("should handle GET requests correctly")
        source: "tencentcloud-sdk-nodejs test/common/sign.test.ts",
        method: "GET",
        query: "",
        headers: { "Content-Type": "application/x-www-form-urlencoded", Host: "cvm.tencentcloudapi.com" },
        signedHeaders: ["content-type", "host"],
        payload: '{"Action":"DescribeInstances","Version":"2017-03-12"}',
        timestamp: 1640995200,
        secretId: "test-secret-id",
        secretKey: "test-secret-key",
        signature: "39ce411ac32014b7d814118b33f82d3445be566f67e1f4b369ccdc3791ce9a13",
    },
];

/** The GET example's printed canonical request (wrong host): must NOT reproduce the published signature. */
export const TC3_GET_ERRATA_HOST = "cvm.api.tencentyun.com";
