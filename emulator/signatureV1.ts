// Signature v1 (HmacSHA1 / HmacSHA256), https://www.tencentcloud.com/document/api/213/31575: all params except Signature, `_` -> `.` in
// names, byte-order sort, raw (decoded) values, METHOD + host + path + "?" + joined.
import { createHmac, timingSafeEqual } from "node:crypto";

export function v1StringToSign(
    method: string,
    host: string,
    path: string,
    params: Readonly<Record<string, string>>,
): string {
    const pairs = Object.keys(params)
        .filter((name) => name !== "Signature")
        .map((name) => [name.replace(/_/g, "."), params[name]] as const)
        .sort((a, b) => Buffer.compare(Buffer.from(a[0], "utf8"), Buffer.from(b[0], "utf8")));
    return `${method.toUpperCase()}${host}${path}?${pairs.map(([k, v]) => `${k}=${v}`).join("&")}`;
}

/** Only the exact value "HmacSHA256" selects SHA-256; anything else (or nothing) means HmacSHA1. */
export function v1Algorithm(signatureMethod: string | undefined): "sha256" | "sha1" {
    return signatureMethod === "HmacSHA256" ? "sha256" : "sha1";
}

export function v1Sign(secretKey: string, stringToSign: string, signatureMethod?: string): string {
    return createHmac(v1Algorithm(signatureMethod), secretKey).update(stringToSign, "utf8").digest("base64");
}

/** Constant-time comparison so that the emulator does not leak how much of a guess was right. */
export function v1Verify(
    secretKey: string,
    stringToSign: string,
    signatureMethod: string | undefined,
    given: string,
): boolean {
    const expected = Buffer.from(v1Sign(secretKey, stringToSign, signatureMethod), "utf8");
    const actual = Buffer.from(given, "utf8");
    return expected.length === actual.length && timingSafeEqual(expected, actual);
}
