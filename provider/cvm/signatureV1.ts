/**
 * Legacy signature v1 (HmacSHA1 / HmacSHA256), used by the legacy v2 API (`/v2/index.php`).
 *
 * Algorithm (official page, tencentyun/qcloud-documents
 * `api/API文档公用部分/调用方式/签名方法.md` and `请求签名.md`):
 * 1. every parameter except `Signature`, raw (not URL-encoded) values;
 * 2. `_` → `.` in names (PHP turns `.` into `_` on the way in; the server converts back);
 * 3. sort names by byte (ASCII) order: upper-case before lower-case, `InstanceIds.12` < `InstanceIds.2`;
 * 4. join `name=value` with `&`;
 * 5. string to sign = `METHOD` + host + path + `?` + joined;
 * 6. HMAC-SHA256 only when `SignatureMethod` is exactly `HmacSHA256`, otherwise HMAC-SHA1; Base64.
 */
import { createHmac } from "node:crypto";

/** A parameter value as it goes on the wire; numbers are written in decimal. */
export type ParamValue = string | number;

export interface StringToSignV1Input {
    /** `GET` or `POST`, whichever is used to send (upper-cased here). */
    method: string;
    /** The host exactly as sent in the `Host` header, with the port when it is not the default. */
    host: string;
    /** `/v2/index.php` for legacy, `/` for API 3.0 signature v1. */
    path: string;
    params: Readonly<Record<string, ParamValue>>;
}

export interface SignV1Input extends StringToSignV1Input {
    secretKey: string;
    /**
     * Selects the HMAC. Defaults to `params.SignatureMethod`. Only the exact value `HmacSHA256`
     * selects SHA-256; anything else (or nothing) means HmacSHA1, as the server does.
     */
    signatureMethod?: string;
}

/** The canonical `name=value&…` string: `Signature` dropped, `_` → `.` in names, byte-sorted, raw values. */
export function canonicalQueryV1(params: Readonly<Record<string, ParamValue>>): string {
    const entries: Array<[string, string]> = [];
    const seen = new Set<string>();
    for (const [rawName, value] of Object.entries(params)) {
        if (rawName === "Signature") continue;
        const name = rawName.replace(/_/g, ".");
        if (seen.has(name)) {
            throw new TypeError(`signature v1: parameters "${rawName}" and another name both sign as "${name}"`);
        }
        seen.add(name);
        entries.push([name, String(value)]);
    }
    entries.sort(([a], [b]) => Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8")));
    return entries.map(([name, value]) => `${name}=${value}`).join("&");
}

/** `METHOD` + host + path + `?` + {@link canonicalQueryV1}. */
export function stringToSignV1(input: StringToSignV1Input): string {
    return `${input.method.toUpperCase()}${input.host}${input.path}?${canonicalQueryV1(input.params)}`;
}

/** Base64 HMAC of `text` (UTF-8) keyed with `secretKey`; SHA-256 only for exactly `HmacSHA256`. */
export function hmacBase64(signatureMethod: string | undefined, secretKey: string, text: string): string {
    const algorithm = signatureMethod === "HmacSHA256" ? "sha256" : "sha1";
    return createHmac(algorithm, secretKey).update(text, "utf8").digest("base64");
}

/** The `Signature` parameter value (Base64, before URL encoding). */
export function signV1(input: SignV1Input): string {
    const method = input.signatureMethod ?? stringParam(input.params.SignatureMethod);
    return hmacBase64(method, input.secretKey, stringToSignV1(input));
}

function stringParam(value: ParamValue | undefined): string | undefined {
    return value === undefined ? undefined : String(value);
}
