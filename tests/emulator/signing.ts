// A deliberately small, independent signer for the emulator tests (it must not share code with
// emulator/ or provider/, so a misreading of the API cannot hide in both).
import { createHash, createHmac } from "node:crypto";

/** Signature v1: names with "_" read as ".", byte-order sort, raw values. */
export function v1StringToSign(method: string, host: string, path: string, params: Record<string, string>): string {
    const joined = Object.entries(params)
        .filter(([name]) => name !== "Signature")
        .map(([name, value]) => [name.replace(/_/g, "."), value])
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([name, value]) => `${name}=${value}`)
        .join("&");
    return `${method}${host}${path}?${joined}`;
}

export function v1Sign(secretKey: string, stringToSign: string, signatureMethod?: string): string {
    return createHmac(signatureMethod === "HmacSHA256" ? "sha256" : "sha1", secretKey)
        .update(stringToSign)
        .digest("base64");
}

export interface Tc3Input {
    secretId: string;
    secretKey: string;
    timestamp: number;
    host: string;
    contentType: string;
    body: string;
    method?: string;
    query?: string;
    /** Also sign x-tc-action (the current official example does). */
    action?: string;
    service?: string;
}

export interface Tc3Output {
    hashedPayload: string;
    canonicalRequest: string;
    stringToSign: string;
    signature: string;
    authorization: string;
}

export function tc3Sign(input: Tc3Input): Tc3Output {
    const sha = (s: string) => createHash("sha256").update(s).digest("hex");
    const hmac = (key: string | Buffer, s: string) => createHmac("sha256", key).update(s).digest();
    const service = input.service ?? "cvm";
    const date = new Date(input.timestamp * 1000).toISOString().slice(0, 10);
    const headers: [string, string][] = [
        ["content-type", input.contentType.toLowerCase()],
        ["host", input.host.toLowerCase()],
    ];
    if (input.action !== undefined) headers.push(["x-tc-action", input.action.toLowerCase()]);
    const signedHeaders = headers.map(([n]) => n).join(";");
    const hashedPayload = sha(input.body);
    const canonicalRequest = [
        input.method ?? "POST",
        "/",
        input.query ?? "",
        headers.map(([n, v]) => `${n}:${v}\n`).join(""),
        signedHeaders,
        hashedPayload,
    ].join("\n");
    const scope = `${date}/${service}/tc3_request`;
    const stringToSign = ["TC3-HMAC-SHA256", String(input.timestamp), scope, sha(canonicalRequest)].join("\n");
    const signing = hmac(hmac(hmac(`TC3${input.secretKey}`, date), service), "tc3_request");
    const signature = createHmac("sha256", signing).update(stringToSign).digest("hex");
    return {
        hashedPayload,
        canonicalRequest,
        stringToSign,
        signature,
        authorization: `TC3-HMAC-SHA256 Credential=${input.secretId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`,
    };
}
