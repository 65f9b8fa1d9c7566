// TC3-HMAC-SHA256 (https://www.tencentcloud.com/document/api/213/30654). The server side rebuilds the canonical request from what
// actually arrived: the listed signed headers (lower-cased names, trimmed lower-cased values) and
// the exact body bytes, so any re-serialisation on the client's side shows up as a mismatch.
import { createHash, createHmac, timingSafeEqual } from "node:crypto";

export interface Tc3Authorization {
    secretId: string;
    date: string;
    service: string;
    signedHeaders: string[];
    signature: string;
}

const AUTH_PATTERN =
    /^TC3-HMAC-SHA256 Credential=([^/\s,]+)\/(\d{4}-\d{2}-\d{2})\/([a-z0-9-]+)\/tc3_request,\s*SignedHeaders=([a-z0-9;-]+),\s*Signature=([0-9a-f]{64})$/;

export function parseTc3Authorization(header: string | undefined): Tc3Authorization | undefined {
    if (!header) return undefined;
    const m = AUTH_PATTERN.exec(header.trim());
    if (!m) return undefined;
    const signedHeaders = m[4].split(";");
    if (signedHeaders.some((h) => h === "")) return undefined;
    return { secretId: m[1], date: m[2], service: m[3], signedHeaders, signature: m[5] };
}

export function sha256Hex(data: string | Buffer): string {
    return createHash("sha256").update(data).digest("hex");
}

/** UTC date of a Unix timestamp: 1551113065 -> 2019-02-25 (not the UTC+8 date). */
export function tc3Date(timestampSeconds: number): string {
    return new Date(timestampSeconds * 1000).toISOString().slice(0, 10);
}

export function tc3CanonicalRequest(
    method: string,
    canonicalQuery: string,
    headers: Readonly<Record<string, string | string[] | undefined>>,
    signedHeaders: readonly string[],
    body: Buffer | string,
): string {
    const canonicalHeaders = signedHeaders
        .map((name) => {
            const raw = headers[name];
            const value = Array.isArray(raw) ? raw.join(",") : (raw ?? "");
            return `${name}:${value.trim().toLowerCase()}\n`;
        })
        .join("");
    return [method.toUpperCase(), "/", canonicalQuery, canonicalHeaders, signedHeaders.join(";"), sha256Hex(body)].join(
        "\n",
    );
}

export function tc3StringToSign(timestamp: string, date: string, service: string, canonicalRequest: string): string {
    return ["TC3-HMAC-SHA256", timestamp, `${date}/${service}/tc3_request`, sha256Hex(canonicalRequest)].join("\n");
}

export function tc3Signature(secretKey: string, date: string, service: string, stringToSign: string): string {
    const hmac = (key: string | Buffer, data: string) => createHmac("sha256", key).update(data, "utf8").digest();
    const signing = hmac(hmac(hmac(`TC3${secretKey}`, date), service), "tc3_request");
    return createHmac("sha256", signing).update(stringToSign, "utf8").digest("hex");
}

export function tc3Verify(
    secretKey: string,
    date: string,
    service: string,
    stringToSign: string,
    given: string,
): boolean {
    const expected = Buffer.from(tc3Signature(secretKey, date, service, stringToSign), "utf8");
    const actual = Buffer.from(given, "utf8");
    return expected.length === actual.length && timingSafeEqual(expected, actual);
}
