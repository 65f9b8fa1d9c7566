// Real listeners for booted guests: on the instance's private and public loopback addresses, a
// TCP listener per declared port and an HTTP server answering the configured status. Listeners
// close when the guest goes down (reinstall, stop, vanish) and when the emulator closes; every
// accepted socket is tracked so that none outlives its listener.
import { createServer as createHttpServer, type Server as HttpServer } from "node:http";
import { createServer as createTcpServer, type Server as TcpServer, type Socket } from "node:net";
import { instanceAddresses, type Instance } from "../instance";
import type { EffectiveGuest } from "./guestConfig";

interface Listening {
    servers: (TcpServer | HttpServer)[];
    sockets: Set<Socket>;
    listening: string[];
    errors: string[];
}

export interface GuestListeners {
    /** "127.10.0.1:22" etc., once bound. */
    listening: string[];
    /** Bind failures (EADDRINUSE, EACCES…), e.g. "127.10.0.1:22: EACCES". */
    errors: string[];
}

const IDLE_SOCKET_MS = 30_000;
/** At most this many guest listeners at once, so a huge fleet cannot starve the API port of file descriptors. */
export const MAX_GUEST_LISTENERS = 8192;

export class GuestNetwork {
    private readonly open = new Map<string, Listening>();
    private servers = 0;

    constructor(
        private readonly enabled: boolean,
        private readonly settings: (inst: Instance) => EffectiveGuest,
    ) {}

    up(inst: Instance): void {
        if (!this.enabled) return;
        this.down(inst.instanceId);
        const guest = this.settings(inst);
        const entry: Listening = { servers: [], sockets: new Set(), listening: [], errors: [] };
        this.open.set(inst.instanceId, entry);
        const { lanIp, wanIp } = instanceAddresses(inst);
        for (const address of [lanIp, wanIp]) {
            for (const port of guest.tcpPorts) {
                if (port === guest.httpPort) continue;
                const server = createTcpServer((socket) => {
                    this.track(entry, socket);
                    if (port === 22) socket.write("SSH-2.0-OpenSSH_8.0 cvm-emulator\r\n");
                });
                this.listen(entry, server, address, port);
            }
            if (guest.httpPort !== null) {
                const server = createHttpServer((req, res) => {
                    // Read at request time, so an admin change of httpStatus applies to a running guest.
                    const status = this.settings(inst).httpStatus;
                    const body = JSON.stringify({ instanceId: inst.instanceId, status });
                    res.writeHead(status, {
                        "Content-Type": "application/json",
                        "Content-Length": Buffer.byteLength(body),
                        Connection: "close",
                    });
                    res.end(body);
                    req.resume();
                });
                server.on("connection", (socket: Socket) => this.track(entry, socket));
                this.listen(entry, server, address, guest.httpPort);
            }
        }
    }

    down(instanceId: string): void {
        const entry = this.open.get(instanceId);
        if (!entry) return;
        this.open.delete(instanceId);
        this.servers -= entry.servers.length;
        for (const server of entry.servers) server.close();
        for (const socket of entry.sockets) socket.destroy();
        entry.sockets.clear();
    }

    listeners(instanceId: string): GuestListeners {
        const entry = this.open.get(instanceId);
        return { listening: entry ? [...entry.listening] : [], errors: entry ? [...entry.errors] : [] };
    }

    /** Every listener and socket closed; resolves once the servers have let go of their ports. */
    async closeAll(): Promise<void> {
        const servers = [...this.open.values()].flatMap((e) => e.servers);
        for (const id of [...this.open.keys()]) this.down(id);
        await Promise.all(
            servers.map((s) => new Promise<void>((resolve) => (s.listening ? s.close(() => resolve()) : resolve()))),
        );
    }

    private track(entry: Listening, socket: Socket): void {
        entry.sockets.add(socket);
        socket.setTimeout(IDLE_SOCKET_MS, () => socket.destroy());
        socket.on("error", () => socket.destroy());
        socket.on("close", () => entry.sockets.delete(socket));
        if (!this.isOpen(entry)) socket.destroy(); // accepted while the guest was going down
    }

    private listen(entry: Listening, server: TcpServer | HttpServer, address: string, port: number): void {
        const where = `${address}:${port}`;
        if (this.servers >= MAX_GUEST_LISTENERS) {
            entry.errors.push(
                `${where}: not opened, the emulator already holds ${MAX_GUEST_LISTENERS} guest listeners`,
            );
            return;
        }
        this.servers += 1;
        entry.servers.push(server);
        server.once("error", (err: NodeJS.ErrnoException) => entry.errors.push(`${where}: ${err.code ?? err.message}`));
        server.listen({ host: address, port, exclusive: true }, () => {
            if (this.isOpen(entry)) entry.listening.push(where);
            else server.close();
        });
    }

    private isOpen(entry: Listening): boolean {
        for (const e of this.open.values()) if (e === entry) return true;
        return false;
    }
}
