// HTTP helpers for the emulator tests: raw requests (node:http) and signed calls in both dialects.
import { request } from "node:http";
import { tc3Sign, v1Sign, v1StringToSign } from "./signing";

export interface RawResponse {
    status: number;
    headers: Record<string, string | string[] | undefined>;
    text: string;
}

export function rawRequest(
    baseUrl: string,
    opts: { method: string; path: string; headers?: Record<string, string>; body?: string },
): Promise<RawResponse> {
    const url = new URL(baseUrl);
    return new Promise((resolve, reject) => {
        const req = request(
            {
                host: url.hostname,
                port: url.port,
                method: opts.method,
                path: opts.path,
                headers: opts.headers,
                agent: false,
            },
            (res) => {
                const chunks: Buffer[] = [];
                res.on("data", (c: Buffer) => chunks.push(c));
                res.on("end", () =>
                    resolve({
                        status: res.statusCode ?? 0,
                        headers: res.headers,
                        text: Buffer.concat(chunks).toString("utf8"),
                    }),
                );
                res.on("error", reject);
            },
        );
        req.on("error", reject);
        if (opts.body !== undefined) req.write(opts.body);
        req.end();
    });
}

export async function adminCall(
    baseUrl: string,
    method: string,
    path: string,
    body?: unknown,
): Promise<{ status: number; json: any }> {
    const text = body === undefined ? undefined : JSON.stringify(body);
    const res = await rawRequest(baseUrl, {
        method,
        path: `/_admin/${path}`,
        headers:
            text === undefined
                ? {}
                : { "Content-Type": "application/json", "Content-Length": String(Buffer.byteLength(text)) },
        body: text,
    });
    return { status: res.status, json: JSON.parse(res.text) };
}

export interface Creds {
    secretId: string;
    secretKey: string;
    token?: string;
}

let nonceCounter = Math.floor(Math.random() * 1_000_000);
export function freshNonce(): string {
    nonceCounter += 1;
    return String(nonceCounter);
}

export const now = () => Math.floor(Date.now() / 1000);

export interface LegacyOptions {
    method?: "GET" | "POST";
    region?: string | null;
    nonce?: string;
    timestamp?: number;
    signatureMethod?: string;
    token?: string;
    /** Host used in the string to sign (default: the Host header actually sent). */
    signHost?: string;
    /** Change params after signing (tampering). */
    afterSign?: (params: Record<string, string>) => void;
    creds?: Creds;
}

export class TestClient {
    constructor(
        readonly baseUrl: string,
        readonly creds: Creds,
    ) {}

    get host(): string {
        return new URL(this.baseUrl).host;
    }

    legacyParams(
        action: string,
        params: Record<string, string | number>,
        opts: LegacyOptions = {},
    ): Record<string, string> {
        const creds = opts.creds ?? this.creds;
        const method = opts.method ?? "GET";
        const all: Record<string, string> = {
            Action: action,
            SecretId: creds.secretId,
            Timestamp: String(opts.timestamp ?? now()),
            Nonce: opts.nonce ?? freshNonce(),
        };
        if (opts.region !== null) all.Region = opts.region ?? "gz";
        if (opts.signatureMethod !== undefined) all.SignatureMethod = opts.signatureMethod;
        const token = opts.token ?? creds.token;
        if (token !== undefined) all.Token = token;
        for (const [k, v] of Object.entries(params)) all[k] = String(v);
        all.Signature = v1Sign(
            creds.secretKey,
            v1StringToSign(method, opts.signHost ?? this.host, "/v2/index.php", all),
            opts.signatureMethod,
        );
        opts.afterSign?.(all);
        return all;
    }

    async legacyRaw(
        action: string,
        params: Record<string, string | number>,
        opts: LegacyOptions = {},
    ): Promise<RawResponse> {
        const method = opts.method ?? "GET";
        const all = this.legacyParams(action, params, opts);
        const encoded = new URLSearchParams(all).toString();
        if (method === "GET")
            return rawRequest(this.baseUrl, { method, path: `/v2/index.php?${encoded}`, headers: { Host: this.host } });
        return rawRequest(this.baseUrl, {
            method,
            path: "/v2/index.php",
            headers: {
                Host: this.host,
                "Content-Type": "application/x-www-form-urlencoded",
                "Content-Length": String(Buffer.byteLength(encoded)),
            },
            body: encoded,
        });
    }

    async legacy(action: string, params: Record<string, string | number> = {}, opts: LegacyOptions = {}): Promise<any> {
        const res = await this.legacyRaw(action, params, opts);
        if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${res.text}`);
        return JSON.parse(res.text);
    }

    async api3Raw(
        action: string,
        body: unknown,
        opts: {
            region?: string | null;
            timestamp?: number;
            token?: string;
            version?: string;
            /** Credential-scope service, default cvm. */
            service?: string;
            contentType?: string;
            mutateBody?: (b: string) => string;
            creds?: Creds;
            headers?: Record<string, string>;
        } = {},
    ): Promise<RawResponse> {
        const creds = opts.creds ?? this.creds;
        const text = typeof body === "string" ? body : JSON.stringify(body);
        const contentType = opts.contentType ?? "application/json";
        const timestamp = opts.timestamp ?? now();
        const signed = tc3Sign({
            secretId: creds.secretId,
            secretKey: creds.secretKey,
            timestamp,
            host: this.host,
            contentType,
            body: text,
            service: opts.service,
        });
        const sent = opts.mutateBody ? opts.mutateBody(text) : text;
        const headers: Record<string, string> = {
            Host: this.host,
            "Content-Type": contentType,
            "Content-Length": String(Buffer.byteLength(sent)),
            Authorization: signed.authorization,
            "X-TC-Action": action,
            "X-TC-Timestamp": String(timestamp),
            "X-TC-Version": opts.version ?? "2017-03-12",
        };
        if (opts.region !== null) headers["X-TC-Region"] = opts.region ?? "ap-guangzhou";
        const token = opts.token ?? creds.token;
        if (token !== undefined) headers["X-TC-Token"] = token;
        Object.assign(headers, opts.headers);
        return rawRequest(this.baseUrl, { method: "POST", path: "/", headers, body: sent });
    }

    async api3(action: string, body: unknown = {}, opts: Parameters<TestClient["api3Raw"]>[2] = {}): Promise<any> {
        const res = await this.api3Raw(action, body, opts);
        if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${res.text}`);
        return JSON.parse(res.text).Response;
    }

    /** Tag API call (service tag, 2018-08-13, no region). */
    tag(action: string, body: unknown = {}): Promise<any> {
        return this.api3(action, body, { service: "tag", version: "2018-08-13", region: null });
    }

    /** TAT call (service tat, 2020-10-28). */
    tat(action: string, body: unknown = {}): Promise<any> {
        return this.api3(action, body, { service: "tat", version: "2020-10-28" });
    }
}
