// The HTTP front door on 127.0.0.1: routes to the admin API, the legacy dialect or API 3.0.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { type Admin, ADMIN_PREFIX, handleAdmin } from "./admin";
import { handleApi3 } from "./api3";
import type { Cloud } from "./cloud";
import { BodyTooLarge, pathOf, readBody, sendJson } from "./httpIo";
import { handleLegacy, LEGACY_PATH } from "./legacyApi";

export const HOST = "127.0.0.1";
const MAX_BODY_BYTES = 10 * 1024 * 1024; // API 3.0 accepts up to 10 MB

export interface RunningServer {
    server: Server;
    url: string;
    close(): Promise<void>;
}

export async function startServer(cloud: Cloud, admin: Admin, port: number): Promise<RunningServer> {
    const server = createServer((req, res) => {
        route(cloud, admin, req, res).catch((err: unknown) => {
            if (!res.headersSent && !res.destroyed)
                sendJson(res, 500, { error: err instanceof Error ? err.message : String(err) });
        });
    });
    await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, HOST, () => {
            server.off("error", reject);
            resolve();
        });
    });
    const { port: actual } = server.address() as AddressInfo;
    return {
        server,
        url: `http://${HOST}:${actual}`,
        close: async () => {
            const closed = new Promise<void>((resolve) => server.close(() => resolve()));
            server.closeAllConnections(); // keep-alive and held (hangAfterApply) sockets would otherwise hold close() open
            await Promise.all([closed, cloud.close()]);
        },
    };
}

async function route(cloud: Cloud, admin: Admin, req: IncomingMessage, res: ServerResponse): Promise<void> {
    let body: Buffer;
    try {
        body = await readBody(req, MAX_BODY_BYTES);
    } catch (err) {
        if (err instanceof BodyTooLarge) return sendJson(res, 413, { error: err.message });
        throw err;
    }
    const path = pathOf(req);
    if (path.startsWith(ADMIN_PREFIX)) return handleAdmin(admin, req, res, body);
    if (path === LEGACY_PATH) return handleLegacy(cloud, req, res, body);
    if (path === "/") return handleApi3(cloud, req, res, body);
    sendJson(res, 404, { error: `nothing at ${path}: use ${LEGACY_PATH} (legacy), / (API 3.0) or ${ADMIN_PREFIX}` });
}
