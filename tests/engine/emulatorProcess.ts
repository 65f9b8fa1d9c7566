import { type ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { repoRoot } from "../support/paths";

/**
 * The CVM emulator as its own process (`dist/emulator/cli.js`), driven through its HTTP admin API:
 * the provider host that `pulumi` starts talks to it over loopback like to the real cloud, and the
 * tests read its redacted request log and instances from outside.
 */

export interface EmulatorRequest {
    seq?: number;
    action: string;
    dialect: string;
    instanceIds?: string[];
    params?: Record<string, unknown>;
    outcome: string;
}

export interface EmulatorInstance {
    instanceId: string;
    imageId?: string;
    rootSize?: number;
    state?: string;
    reinstalling?: boolean;
    latestOperationRequestId?: string | null;
    [k: string]: unknown;
}

export interface EmulatorStartOptions {
    fleet: number;
    clockSpeed?: number;
    reinstallSeconds?: number;
    extraArgs?: string[];
}

/** The emulator's documented, non-secret default account (emulator/credentials.ts). */
export const EMULATOR_SECRET_ID = "AKIDEMULATOR00000000000000000000000";
export const EMULATOR_SECRET_KEY = "emulator-secret-key-0000000000000";

export class EmulatorProcess {
    private output = "";

    private constructor(
        private readonly child: ChildProcess,
        readonly url: string,
    ) {
        child.stdout?.on("data", (b: Buffer) => (this.output += b.toString()));
        child.stderr?.on("data", (b: Buffer) => (this.output += b.toString()));
    }

    static async start(opts: EmulatorStartOptions): Promise<EmulatorProcess> {
        const cli = path.join(repoRoot(), "dist", "emulator", "cli.js");
        if (!fs.existsSync(cli))
            throw new Error(`${cli} does not exist: build the emulator first (npx tsc -p tsconfig.json)`);
        const args = [cli, "--port", "0", "--fleet", String(opts.fleet)];
        if (opts.clockSpeed !== undefined) args.push("--clock-speed", String(opts.clockSpeed));
        if (opts.reinstallSeconds !== undefined) args.push("--reinstall-seconds", String(opts.reinstallSeconds));
        args.push(...(opts.extraArgs ?? []));
        const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
        const url = await new Promise<string>((resolve, reject) => {
            let seen = "";
            const timer = setTimeout(
                () => reject(new Error(`emulator did not announce its URL within 15 s; output:\n${seen}`)),
                15_000,
            );
            const onData = (b: Buffer) => {
                seen += b.toString();
                const m = /CVM emulator listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(seen);
                if (m) {
                    clearTimeout(timer);
                    child.stdout!.off("data", onData);
                    resolve(m[1]);
                }
            };
            child.stdout!.on("data", onData);
            child.stderr!.on("data", (b: Buffer) => (seen += b.toString()));
            child.on("exit", (code) => {
                clearTimeout(timer);
                reject(new Error(`emulator exited (${code}) before listening; output:\n${seen}`));
            });
        });
        return new EmulatorProcess(child, url);
    }

    private async admin<T>(method: "GET" | "POST" | "DELETE", route: string, body?: unknown): Promise<T> {
        const res = await fetch(`${this.url}/_admin/${route}`, {
            method,
            headers: body === undefined ? undefined : { "Content-Type": "application/json" },
            body: body === undefined ? undefined : JSON.stringify(body),
        });
        const text = await res.text();
        if (!res.ok) throw new Error(`emulator ${method} /_admin/${route}: HTTP ${res.status} ${text}`);
        return (text ? JSON.parse(text) : undefined) as T;
    }

    /** The redacted request log (API calls only; admin calls are left out). */
    async requests(): Promise<EmulatorRequest[]> {
        const body = await this.admin<unknown>("GET", "requests");
        const list = (
            Array.isArray(body) ? body : ((body as { requests?: unknown[] }).requests ?? [])
        ) as EmulatorRequest[];
        return list.filter((r) => r.dialect !== "admin");
    }

    async instances(): Promise<EmulatorInstance[]> {
        const body = await this.admin<unknown>("GET", "instances");
        return (
            Array.isArray(body) ? body : ((body as { instances?: unknown[] }).instances ?? [])
        ) as EmulatorInstance[];
    }

    async instance(id: string): Promise<EmulatorInstance> {
        const found = (await this.instances()).find((i) => i.instanceId === id);
        if (!found) throw new Error(`emulator has no instance ${id}`);
        return found;
    }

    /** Reinstalls behind the provider's back (console, another tool): drift for refresh to find. */
    async reinstallOutOfBand(instanceId: string, imageId: string, rootSize?: number): Promise<void> {
        await this.admin(
            "POST",
            "reinstall",
            rootSize === undefined ? { instanceId, imageId } : { instanceId, imageId, rootSize },
        );
    }

    /** Arms a fault (emulator/faults.ts), e.g. `{ kind: "throttle", action: "DescribeInstances", times: 50 }`. */
    async injectFault(spec: {
        kind: string;
        action?: string;
        instanceId?: string;
        times?: number;
        delayMs?: number;
    }): Promise<void> {
        await this.admin("POST", "faults", spec);
    }

    /** Moves the emulator clock forward (tasks end, boots finish). */
    async advance(seconds: number): Promise<void> {
        await this.admin("POST", "clock", { advanceSeconds: seconds });
    }

    /** Accepted resets per instance since the record was last reset (the emulator's own count). */
    async resetCounts(): Promise<Record<string, number>> {
        const view = await this.admin<{ resets: Record<string, { total: number }> }>("GET", "record");
        return Object.fromEntries(Object.entries(view.resets).map(([id, c]) => [id, c.total]));
    }

    /** Starts the reset record afresh. */
    async resetRecordAfresh(): Promise<void> {
        await this.admin("DELETE", "record");
    }

    async clearFaults(): Promise<void> {
        await this.admin("DELETE", "faults");
    }

    /** Everything the emulator printed. */
    log(): string {
        return this.output;
    }

    async stop(): Promise<void> {
        if (this.child.exitCode !== null || this.child.signalCode !== null) return;
        await new Promise<void>((resolve) => {
            this.child.once("exit", () => resolve());
            this.child.kill("SIGTERM");
            setTimeout(() => this.child.kill("SIGKILL"), 3_000).unref();
        });
    }
}

/** A cursor over the request log: what arrived since the last `mark()`. */
export class RequestCursor {
    private seen = 0;

    constructor(private readonly emu: EmulatorProcess) {}

    async mark(): Promise<void> {
        this.seen = (await this.emu.requests()).length;
    }

    /** Requests since the last mark, leaving the mark where it is. */
    async peek(): Promise<EmulatorRequest[]> {
        return (await this.emu.requests()).slice(this.seen);
    }

    /** Requests since the last mark (and moves the mark). */
    async take(): Promise<EmulatorRequest[]> {
        const all = await this.emu.requests();
        const fresh = all.slice(this.seen);
        this.seen = all.length;
        return fresh;
    }
}

/** `{ action: count }` over requests. */
export function countByAction(requests: readonly EmulatorRequest[]): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const r of requests) counts[r.action] = (counts[r.action] ?? 0) + 1;
    return counts;
}

/** How many times each instance was named by an `action` request that the emulator accepted. */
export function acceptedPerInstance(requests: readonly EmulatorRequest[], action: string): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const r of requests) {
        if (r.action !== action || r.outcome !== "ok") continue;
        for (const id of r.instanceIds ?? []) counts[id] = (counts[id] ?? 0) + 1;
    }
    return counts;
}
