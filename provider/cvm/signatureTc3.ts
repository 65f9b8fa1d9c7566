/**
 * TC3-HMAC-SHA256 (signature v3), used by API 3.0 (official page
 * https://cloud.tencent.com/document/api/213/30654 and intlcloud-documents `API/API 3.0/存储/云硬盘/调用方式/接口鉴权 v3_intl.md`).
 *
 * CanonicalRequest = METHOD \n URI \n QUERY \n CanonicalHeaders \n SignedHeaders \n hex(sha256(payload)),
 * where CanonicalHeaders is `name:value\n` per signed header, name and value lower-cased and trimmed,
 * sorted by name. CredentialScope = `<UTC date of timestamp>/<service>/tc3_request`.
 * StringToSign = `TC3-HMAC-SHA256\n<timestamp>\n<scope>\n<hex sha256(CanonicalRequest)>`.
 * Keys: HMAC("TC3"+key, date) → HMAC(·, service) → HMAC(·, "tc3_request"); signature = lower hex.
 */
import { createHash, createHmac } from "node:crypto";

const TC3_ALGORITHM = "TC3-HMAC-SHA256";

/** What this client signs by default: the current official example signs `x-tc-action` too. */
const DEFAULT_TC3_SIGNED_HEADERS: readonly string[] = ["content-type", "host", "x-tc-action"];

export interface Tc3Input {
    method: string;
    /** Defaults to `/`. */
    path?: string;
    /** The URL-encoded query for GET; `""` for POST (default). */
    query?: string;
    /** Request headers (any case). Every signed header must be present. */
    headers: Readonly<Record<string, string>>;
    /** Lower-case header names to sign; defaults to {@link DEFAULT_TC3_SIGNED_HEADERS}. */
    signedHeaders?: readonly string[];
    /** The exact body bytes that are sent (`""` for GET). */
    payload: string | Buffer;
    /** Unix seconds, the value of `X-TC-Timestamp`. */
    timestamp: number;
    /** Product name from the host prefix: `cvm`. */
    service: string;
    secretId: string;
    secretKey: string;
}

export interface Tc3Signature {
    canonicalRequest: string;
    hashedCanonicalRequest: string;
    credentialScope: string;
    stringToSign: string;
    /** Lower-case hex. */
    signature: string;
    signedHeaders: string;
    /** The `Authorization` header value. */
    authorization: string;
}

/** `YYYY-MM-DD` of the timestamp in UTC (1551113065 → 2019-02-25, not the UTC+8 date). */
export function tc3Date(timestamp: number): string {
    return new Date(timestamp * 1000).toISOString().slice(0, 10);
}

export function sha256Hex(data: string | Buffer): string {
    return createHash("sha256").update(data).digest("hex");
}

/** The three derived keys (binary), chained as the official pseudocode does: key argument first. */
export function deriveTc3Keys(
    secretKey: string,
    date: string,
    service: string,
): { secretDate: Buffer; secretService: Buffer; secretSigning: Buffer } {
    const secretDate = hmac(`TC3${secretKey}`, date);
    const secretService = hmac(secretDate, service);
    const secretSigning = hmac(secretService, "tc3_request");
    return { secretDate, secretService, secretSigning };
}

/** Builds the canonical request; returns it with the `;`-joined signed header list. */
export function canonicalRequestTc3(input: Omit<Tc3Input, "timestamp" | "service" | "secretId" | "secretKey">): {
    canonicalRequest: string;
    signedHeaders: string;
} {
    const lowered = new Map<string, string>();
    for (const [name, value] of Object.entries(input.headers)) lowered.set(name.toLowerCase(), value);
    const names = [...(input.signedHeaders ?? DEFAULT_TC3_SIGNED_HEADERS)]
        .map((name) => name.toLowerCase())
        .sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    const canonicalHeaders = names
        .map((name) => {
            const value = lowered.get(name);
            if (value === undefined)
                throw new TypeError(`TC3: signed header "${name}" is not among the request headers`);
            return `${name}:${value.trim().toLowerCase()}\n`;
        })
        .join("");
    const signedHeaders = names.join(";");
    const canonicalRequest = [
        input.method.toUpperCase(),
        input.path ?? "/",
        input.query ?? "",
        canonicalHeaders,
        signedHeaders,
        sha256Hex(input.payload),
    ].join("\n");
    return { canonicalRequest, signedHeaders };
}

/** Signs one request. The result holds no key material, only the public pieces and the signature. */
export function signTc3(input: Tc3Input): Tc3Signature {
    const { canonicalRequest, signedHeaders } = canonicalRequestTc3(input);
    const date = tc3Date(input.timestamp);
    const credentialScope = `${date}/${input.service}/tc3_request`;
    const hashedCanonicalRequest = sha256Hex(canonicalRequest);
    const stringToSign = [TC3_ALGORITHM, String(input.timestamp), credentialScope, hashedCanonicalRequest].join("\n");
    const { secretSigning } = deriveTc3Keys(input.secretKey, date, input.service);
    const signature = hmac(secretSigning, stringToSign).toString("hex");
    const authorization =
        `${TC3_ALGORITHM} Credential=${input.secretId}/${credentialScope}, ` +
        `SignedHeaders=${signedHeaders}, Signature=${signature}`;
    return {
        canonicalRequest,
        hashedCanonicalRequest,
        credentialScope,
        stringToSign,
        signature,
        signedHeaders,
        authorization,
    };
}

function hmac(key: string | Buffer, data: string): Buffer {
    return createHmac("sha256", key).update(data, "utf8").digest();
}
