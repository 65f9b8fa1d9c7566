import * as net from "node:net";

/**
 * One TCP connect to `host:port`, bounded by `timeoutMs`. Resolves `undefined` when the port
 * accepted the connection (closed again at once), else the reason (`ECONNREFUSED`, `timed out`).
 */
export function tcpProbe(host: string, port: number, timeoutMs: number): Promise<string | undefined> {
    return new Promise((resolve) => {
        const socket = net.connect({ host, port });
        let settled = false;
        const finish = (reason: string | undefined) => {
            if (settled) return;
            settled = true;
            clearTimeout(timer);
            socket.destroy();
            resolve(reason);
        };
        const timer = setTimeout(() => finish(`no answer within ${timeoutMs} ms`), timeoutMs);
        timer.unref();
        socket.once("connect", () => finish(undefined));
        socket.once("error", (e: NodeJS.ErrnoException) => finish(e.code ?? e.message));
    });
}
