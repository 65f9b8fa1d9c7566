/**
 * The HTTP transport: the only module that knows got. One `send` per call, no retries here
 * (`retry: 0`; retrying is {@link withRetries}' job), every HTTP status returned rather than thrown
 * (`throwHttpErrors: false`), and every failure mapped to a {@link CvmTransportError} that says
 * whether the request may have been applied (`ambiguous`).
 *
 * Each transport has its own agents with keep-alive off: a reused idle socket that the server has
 * just closed fails with ECONNRESET, which would make a perfectly safe reset look ambiguous.
 */
import http from "node:http";
import https from "node:https";
import got from "got";
import { CvmTransportError, scrub } from "./errors";

export const DEFAULT_TIMEOUT_MS = 30_000;

export interface HttpRequest {
    method: "GET" | "POST";
    url: URL;
    /** Sent as given; `Host` is set by the caller to {@link hostHeaderOf}. */
    headers: Readonly<Record<string, string>>;
    body?: string;
    /** Overrides the transport's timeout for this request. */
    timeoutMs?: number;
}

/** What errors may name: the action and instance, and what they must never contain. */
export interface RequestContext {
    action: string;
    instanceId?: string;
    secrets?: readonly (string | undefined)[];
}

export interface Transport {
    /** Sends one request and returns the parsed JSON body of a 2xx answer. */
    send(request: HttpRequest, context: RequestContext): Promise<unknown>;
}

/** Errors where nothing reached the server, so the call was certainly not applied. */
const NOT_SENT_CODES: ReadonlySet<string> = new Set([
    "ECONNREFUSED",
    "ENOTFOUND",
    "EAI_AGAIN",
    "ENETUNREACH",
    "EHOSTUNREACH",
]);
/** Timeout phases before any byte of the request left. */
const NOT_SENT_TIMEOUT_EVENTS: ReadonlySet<string> = new Set(["lookup", "connect", "secureConnect"]);

/** The `Host` header (and the host that is signed): hostname, plus the port when not the scheme's default. */
export function hostHeaderOf(url: URL): string {
    return url.host; // WHATWG URL drops a default port (443 for https:, 80 for http:) and keeps others.
}

/** 127.0.0.0/8, `localhost` (and `*.localhost`), `[::1]`. */
export function isLoopbackHost(hostname: string): boolean {
    const host = hostname.toLowerCase().replace(/^\[|\]$/g, "");
    if (host === "localhost" || host.endsWith(".localhost")) return true;
    if (host === "::1") return true;
    return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** Parses a base URL and refuses plain `http:` to anything but loopback. */
export function parseEndpoint(endpoint: string, action = "configure"): URL {
    let url: URL;
    try {
        url = new URL(endpoint);
    } catch {
        throw new CvmTransportError({
            code: "INVALID_ENDPOINT",
            ambiguous: false,
            action,
            detail: `endpoint "${endpoint}" is not a URL such as https://cvm.tencentcloudapi.com`,
        });
    }
    if (url.protocol === "https:") return url;
    if (url.protocol === "http:" && isLoopbackHost(url.hostname)) return url;
    throw new CvmTransportError({
        code: "INSECURE_ENDPOINT",
        ambiguous: false,
        action,
        detail:
            url.protocol === "http:"
                ? `plain http:// is only allowed to loopback (127.0.0.1, localhost, [::1]); use https:// for ${url.host}`
                : `unsupported scheme ${url.protocol} in endpoint; use https://`,
    });
}

export function createTransport(options: { timeoutMs?: number } = {}): Transport {
    const defaultTimeout = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const agent = { http: new http.Agent({ keepAlive: false }), https: new https.Agent({ keepAlive: false }) };

    return {
        async send(request, context) {
            parseEndpoint(request.url.origin, context.action);
            const base = { action: context.action, ...(context.instanceId ? { instanceId: context.instanceId } : {}) };
            let response;
            try {
                response = await got(request.url.toString(), {
                    method: request.method,
                    headers: { ...request.headers },
                    ...(request.body !== undefined ? { body: request.body } : {}),
                    timeout: { request: request.timeoutMs ?? defaultTimeout },
                    retry: 0,
                    throwHttpErrors: false,
                    followRedirect: false,
                    responseType: "text",
                    agent,
                });
            } catch (error) {
                throw mapGotError(error, base, context.secrets);
            }
            if (response.statusCode < 200 || response.statusCode > 299) {
                throw new CvmTransportError({
                    ...base,
                    code: `HTTP_${response.statusCode}`,
                    ambiguous: true,
                    httpStatus: response.statusCode,
                    detail: `HTTP ${response.statusCode} from ${request.url.host}`,
                });
            }
            try {
                return JSON.parse(response.body) as unknown;
            } catch {
                throw new CvmTransportError({
                    ...base,
                    code: "BAD_RESPONSE",
                    ambiguous: true,
                    detail: `the ${response.body.length}-byte answer from ${request.url.host} is not JSON`,
                });
            }
        },
    };
}

/** got error → {@link CvmTransportError}; keeps only the code and a scrubbed message, never the request. */
function mapGotError(
    error: unknown,
    base: { action: string; instanceId?: string },
    secrets: readonly (string | undefined)[] = [],
): CvmTransportError {
    type GotLike = { code?: unknown; name?: unknown; event?: unknown; message?: unknown };
    const record = (typeof error === "object" && error !== null ? error : {}) as GotLike;
    const code = typeof record.code === "string" && record.code ? record.code : "ERR_TRANSPORT";
    const timeoutEvent = record.name === "TimeoutError" && typeof record.event === "string" ? record.event : undefined;
    const notSent = timeoutEvent !== undefined ? NOT_SENT_TIMEOUT_EVENTS.has(timeoutEvent) : NOT_SENT_CODES.has(code);
    const message = typeof record.message === "string" ? scrub(stripUrls(record.message), secrets) : "";
    return new CvmTransportError({ ...base, code, ambiguous: !notSent, ...(message ? { detail: message } : {}) });
}

/** got and Node sometimes quote URLs; a GET URL carries the signed query, so drop query strings. */
function stripUrls(text: string): string {
    return text.replace(/(https?:\/\/[^\s?'"]*)\?[^\s'"]*/g, "$1?…");
}
