// Request authentication with TC3-HMAC-SHA256 (https://www.tencentcloud.com/document/api/213/30654),
// rebuilt from the request exactly as it arrived. Returns API 3.0 error codes directly: TC3 only
// exists in that dialect.
//
// Two allowances follow what Tencent's official Node SDK (tencentcloud-sdk-nodejs) sends when its
// endpoint is overridden to an address such as 127.0.0.1:8080: it names the credential-scope
// service after the endpoint's first label ("127"), and it signs the host without the port
// (`host:127.0.0.1`) while the Host header carries it. So the scope may name a served service
// (cvm, tat, tag) or the first label of the Host header, and the signature may cover the Host
// header as sent or without its port.
import type { IncomingMessage } from "node:http";
import type { Cloud } from "./cloud";
import type { Credential } from "./credentials";
import { header, queryString } from "./httpIo";
import { parseTc3Authorization, tc3CanonicalRequest, tc3Date, tc3StringToSign, tc3Verify } from "./signatureTc3";

export type Tc3Result =
    | { ok: true; credential: Credential; service: string }
    | { ok: false; code: string; message: string };

export function verifyTc3(
    cloud: Cloud,
    req: IncomingMessage,
    body: Buffer,
    isService: (name: string) => boolean,
): Tc3Result {
    const fail = (code: string, message: string): Tc3Result => ({ ok: false, code, message });
    const auth = parseTc3Authorization(header(req, "authorization"));
    if (!auth) return fail("AuthFailure.InvalidAuthorization", "Authorization header is missing or malformed");

    const timestamp = header(req, "x-tc-timestamp");
    if (timestamp === undefined || !/^\d+$/.test(timestamp)) {
        return fail("MissingParameter", "X-TC-Timestamp must be a Unix time in seconds");
    }
    if (auth.date !== tc3Date(Number(timestamp))) {
        return fail(
            "AuthFailure.InvalidAuthorization",
            `credential scope date ${auth.date} is not the UTC date of X-TC-Timestamp`,
        );
    }
    const host = header(req, "host") ?? "";
    const firstLabel = host.split(".")[0];
    if (!isService(auth.service) && auth.service !== firstLabel) {
        return fail(
            "AuthFailure.InvalidAuthorization",
            `credential scope service must be cvm, tat or tag, got ${auth.service}`,
        );
    }
    for (const required of ["content-type", "host"]) {
        if (!auth.signedHeaders.includes(required)) {
            return fail("AuthFailure.InvalidAuthorization", `SignedHeaders must include ${required}`);
        }
    }

    const credential = cloud.credentials.find(auth.secretId);
    if (!credential) return fail("AuthFailure.SecretIdNotFound", "the SecretId does not exist or is disabled");

    const skewMs = Math.abs(Date.now() - Number(timestamp) * 1000);
    if (skewMs > cloud.options.maxSkewSeconds * 1000) {
        return fail(
            "AuthFailure.SignatureExpire",
            `X-TC-Timestamp is more than ${cloud.options.maxSkewSeconds} s away from server time`,
        );
    }

    const method = (req.method ?? "POST").toUpperCase();
    const query = method === "GET" ? queryString(req) : "";
    const verifies = (headers: IncomingMessage["headers"]) => {
        const canonical = tc3CanonicalRequest(method, query, headers, auth.signedHeaders, body);
        return tc3Verify(
            credential.secretKey,
            auth.date,
            auth.service,
            tc3StringToSign(timestamp, auth.date, auth.service, canonical),
            auth.signature,
        );
    };
    const portless = host.replace(/:\d+$/, "");
    if (!verifies(req.headers) && !(portless !== host && verifies({ ...req.headers, host: portless }))) {
        return fail("AuthFailure.SignatureFailure", "signature verification failed");
    }
    if (!cloud.credentials.tokenMatches(credential, header(req, "x-tc-token"))) {
        return fail("AuthFailure.TokenFailure", "X-TC-Token does not match the credential");
    }
    return { ok: true, credential, service: auth.service };
}
