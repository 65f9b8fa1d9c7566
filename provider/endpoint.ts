/**
 * Why `value` is not a usable endpoint, or undefined. An endpoint is a base URL: scheme and host
 * with an optional port, no path, query or credentials; the dialect appends its own path.
 */
export function endpointViolation(value: string): string | undefined {
    let url: URL;
    try {
        url = new URL(value);
    } catch {
        return `is not a URL; use a base URL such as https://cvm.tencentcloudapi.com or http://127.0.0.1:8080`;
    }
    if (url.protocol !== "https:" && url.protocol !== "http:")
        return `must use https:// (or http:// to a loopback address)`;
    if (url.username || url.password) return `must not contain credentials; use tencentcloud:secretId/secretKey`;
    if ((url.pathname !== "/" && url.pathname !== "") || url.search || url.hash) {
        return `must be a base URL without a path or query (the API's own path is added for you), e.g. ${url.protocol}//${url.host}`;
    }
    if (url.protocol === "http:" && !isLiteralLoopback(url.hostname)) {
        return (
            `uses plain http:// to ${url.hostname}; plain http is only allowed to a loopback address ` +
            `(127.0.0.0/8 such as 127.0.0.1, [::1], or exactly localhost); use https://`
        );
    }
    return undefined;
}

/**
 * A literal loopback address (127.0.0.0/8, ::1) or exactly `localhost`. Names that merely resolve
 * to loopback (`*.localhost`, `localhost.`) are refused: a resolver can point them anywhere, and
 * plain http would then carry signed requests off the machine.
 */
export function isLiteralLoopback(hostname: string): boolean {
    const host = hostname.toLowerCase();
    if (host === "localhost" || host === "[::1]" || host === "::1") return true;
    const octets = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
    return octets === null ? false : octets.slice(1).every((o) => Number(o) <= 255);
}

/** `https://host:port` without a trailing slash. */
export function normaliseEndpoint(value: string): string {
    const url = new URL(value);
    return `${url.protocol}//${url.host}`;
}
