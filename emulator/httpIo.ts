// Small HTTP helpers shared by the dialects and the admin API (node:http only).
import type { IncomingMessage, ServerResponse } from "node:http";

export class BodyTooLarge extends Error {}

export function readBody(req: IncomingMessage, limitBytes: number): Promise<Buffer> {
    return new Promise((resolve, reject) => {
        const chunks: Buffer[] = [];
        let size = 0;
        req.on("data", (chunk: Buffer) => {
            size += chunk.length;
            if (size > limitBytes) {
                reject(new BodyTooLarge(`request body larger than ${limitBytes} bytes`));
                req.destroy();
                return;
            }
            chunks.push(chunk);
        });
        req.on("end", () => resolve(Buffer.concat(chunks)));
        req.on("error", reject);
    });
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
    if (res.destroyed || res.writableEnded) return; // the client may have gone (slow fault)
    const text = JSON.stringify(body);
    res.writeHead(status, {
        "Content-Type": "application/json; charset=utf-8",
        "Content-Length": Buffer.byteLength(text),
    });
    res.end(text);
}

/** What a gateway in front of the API answers when the backend fails: not JSON at all. */
export function sendBadGateway(res: ServerResponse): void {
    if (res.destroyed || res.writableEnded) return;
    const html =
        "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n" +
        "<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";
    res.writeHead(502, { "Content-Type": "text/html", "Content-Length": Buffer.byteLength(html) });
    res.end(html);
}

/** Ends the exchange without any response bytes, as a dropped connection would. */
export function dropConnection(res: ServerResponse): void {
    res.socket?.destroy();
}

/** Single header value as a string (duplicates joined as Node would for unknown headers). */
export function header(req: IncomingMessage, name: string): string | undefined {
    const v = req.headers[name.toLowerCase()];
    return Array.isArray(v) ? v.join(",") : v;
}

/** Query or form string to a plain record; for a repeated name the last value wins (as in PHP). */
export function formToRecord(text: string): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [k, v] of new URLSearchParams(text)) out[k] = v;
    return out;
}

export function queryString(req: IncomingMessage): string {
    const url = req.url ?? "/";
    const q = url.indexOf("?");
    return q < 0 ? "" : url.slice(q + 1);
}

export function pathOf(req: IncomingMessage): string {
    const url = req.url ?? "/";
    const q = url.indexOf("?");
    return q < 0 ? url : url.slice(0, q);
}
