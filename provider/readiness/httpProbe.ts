import * as http from "node:http";
import * as https from "node:https";

/**
 * One GET of `url`, bounded by `timeoutMs` (connect and answer). Resolves `undefined` on a 2xx
 * answer, else the reason (`HTTP 503`, `ECONNREFUSED`, `timed out`). Uses no keep-alive agent, so
 * every probe is a fresh connection to the freshly booted instance, and reads no more of the body
 * than it must.
 */
export function httpProbe(url: string, timeoutMs: number): Promise<string | undefined> {
    return new Promise((resolve) => {
        let settled = false;
        const finish = (reason: string | undefined) => {
            if (settled) return;
            settled = true;
            clearTimeout(timer);
            req.destroy();
            resolve(reason);
        };
        const get = url.startsWith("https:") ? https.get : http.get;
        const req = get(url, { agent: false, headers: { "user-agent": "pulumi-cvm-reinstall readiness" } }, (res) => {
            const status = res.statusCode ?? 0;
            res.resume();
            finish(status >= 200 && status < 300 ? undefined : `HTTP ${status}`);
        });
        const timer = setTimeout(() => finish(`no answer within ${timeoutMs} ms`), timeoutMs);
        timer.unref();
        req.once("error", (e: NodeJS.ErrnoException) => finish(e.code ?? e.message));
    });
}
