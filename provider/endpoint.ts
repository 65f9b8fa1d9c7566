import { isLoopbackHost } from "./cvm/transport";


/**
 * Why `value` is not a usable endpoint, or undefined. An endpoint is a base URL: scheme and host
 * with an optional port, no path, query or credentials; the dialect appends its own path.
 */
export function endpointViolation(value: string): string | undefined {
    let url: URL;
    try {
        url = new URL(value);
    } catch {
        return `is not a URL; use a base URL such as https://cvm.api.qcloud.com or http://127.0.0.1:8080`;
    }
    if (url.protocol !== "https:" && url.protocol !== "http:") return `must use https:// (or http:// to a loopback address)`;
    if (url.username || url.password) return `must not contain credentials; use tencentcloud:secretId/secretKey`;
    if ((url.pathname !== "/" && url.pathname !== "") || url.search || url.hash) {
        return `must be a base URL without a path or query (the API's own path is added for you), e.g. ${url.protocol}//${url.host}`;
    }
    if (url.protocol === "http:" && !isLoopbackHost(url.hostname)) {
        return `uses plain http:// to ${url.hostname}; plain http is only allowed to loopback (127.0.0.1, localhost, [::1]), use https://`;
    }
    return undefined;
}

/** `https://host:port` without a trailing slash. */
export function normaliseEndpoint(value: string): string {
    const url = new URL(value);
    return `${url.protocol}//${url.host}`;
}
