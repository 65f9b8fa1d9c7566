// Request authentication with signature v1, shared by the legacy dialect (path /v2/index.php) and
// v1-signed API 3.0 calls (path /). Each dialect maps the failure kind to its own error codes.
import type { Cloud } from "./cloud";
import type { Credential } from "./credentials";
import { v1StringToSign, v1Verify } from "./signatureV1";

export type V1Failure = "missing" | "malformed" | "unknownSecretId" | "skew" | "signature" | "token" | "replay";

export type V1Result = { ok: true; credential: Credential } | { ok: false; failure: V1Failure; message: string };

const REQUIRED = ["Action", "SecretId", "Signature", "Timestamp", "Nonce"];

export function verifyV1(
    cloud: Cloud,
    method: string,
    host: string,
    path: string,
    params: Readonly<Record<string, string>>,
): V1Result {
    const missing = REQUIRED.filter((name) => params[name] === undefined || params[name] === "");
    if (missing.length > 0)
        return { ok: false, failure: "missing", message: `missing common parameter(s): ${missing.join(", ")}` };
    if (!/^\d+$/.test(params.Timestamp))
        return { ok: false, failure: "malformed", message: "Timestamp must be a Unix time in seconds" };
    if (!/^\d+$/.test(params.Nonce))
        return { ok: false, failure: "malformed", message: "Nonce must be a positive integer" };

    const credential = cloud.credentials.find(params.SecretId);
    if (!credential)
        return { ok: false, failure: "unknownSecretId", message: "the SecretId does not exist or is disabled" };

    const skewMs = Math.abs(Date.now() - Number(params.Timestamp) * 1000);
    if (skewMs > cloud.options.maxSkewSeconds * 1000) {
        return {
            ok: false,
            failure: "skew",
            message: `Timestamp is more than ${cloud.options.maxSkewSeconds} s away from server time`,
        };
    }

    const stringToSign = v1StringToSign(method, host, path, params);
    if (!v1Verify(credential.secretKey, stringToSign, params.SignatureMethod, params.Signature)) {
        // Never echo the string to sign: it holds raw parameter values such as the password.
        return { ok: false, failure: "signature", message: "signature verification failed" };
    }
    if (!cloud.credentials.tokenMatches(credential, params.Token)) {
        return { ok: false, failure: "token", message: "the Token does not match the credential" };
    }
    // Claimed only once the signature is proven, so garbage cannot burn someone else's nonce. A
    // replay repeats Timestamp and Nonce; the official SDKs draw Nonce from only 0..65535, so a
    // Nonce alone recurs in honest traffic and must not be refused under another Timestamp.
    if (!cloud.nonces.claim(credential.secretId, `${params.Timestamp}:${params.Nonce}`)) {
        return { ok: false, failure: "replay", message: "Nonce already used (replay)" };
    }
    return { ok: true, credential };
}
