// Real-socket probes of the emulator's simulated guests (TCP connect, HTTP GET), for the tests.
import { request } from "node:http";
import { connect } from "node:net";

/** Resolves "open" when a TCP connection succeeds, else the error code (ECONNREFUSED…). */
export function tcpProbe(host: string, port: number, timeoutMs = 1000): Promise<string> {
    return new Promise((resolve) => {
        const socket = connect({ host, port });
        const done = (result: string) => {
            socket.destroy();
            resolve(result);
        };
        socket.setTimeout(timeoutMs, () => done("ETIMEDOUT"));
        socket.once("connect", () => done("open"));
        socket.once("error", (err: NodeJS.ErrnoException) => done(err.code ?? err.message));
    });
}

/** The HTTP status of GET http://host:port/, or the error code. */
export function httpProbe(host: string, port: number, timeoutMs = 1000): Promise<number | string> {
    return new Promise((resolve) => {
        const req = request({ host, port, path: "/", method: "GET", agent: false, timeout: timeoutMs }, (res) => {
            res.resume();
            res.on("end", () => resolve(res.statusCode ?? 0));
        });
        req.on("timeout", () => req.destroy(Object.assign(new Error("timeout"), { code: "ETIMEDOUT" })));
        req.on("error", (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
        req.end();
    });
}

/** Polls `probe` until it returns `want` (listeners open asynchronously after a boot ends). */
export async function eventually<T>(probe: () => Promise<T>, want: T, withinMs = 2000): Promise<T> {
    const deadline = Date.now() + withinMs;
    let last = await probe();
    while (last !== want && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 20));
        last = await probe();
    }
    return last;
}
