import { type ChildProcess, spawn } from "node:child_process";
import * as path from "node:path";
import type * as grpcTypes from "@grpc/grpc-js";
import * as structproto from "google-protobuf/google/protobuf/struct_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import * as statusproto from "@pulumi/pulumi/proto/status_pb";
import { DEMO_PROJECT, repoRoot } from "./paths";
import { ensureSelfLink } from "./selfLink";
import { jsonClean, type PropertyMap } from "./secrets";
import { serializeProvider } from "./serializeProvider";

export { serializeProvider } from "./serializeProvider";

/**
 * Drives the REAL dynamic-provider host (`@pulumi/pulumi/cmd/dynamic-provider`) over gRPC the way the
 * engine does (https://github.com/pulumi/pulumi/blob/master/sdk/nodejs/cmd/dynamic-provider/index.ts): one argument (an engine address the host never dials), cwd = the
 * project directory, `PULUMI_NODEJS_PROJECT`/`PULUMI_PROJECT` in the environment, the port read from
 * the first stdout line. The process runs in its own process group; `stop()` kills the group.
 *
 * The driver is the wire layer only: it sends what it is given (after a JSON round trip, and with
 * `__provider` attached when missing) and decodes what comes back. Secret stripping and re-marking
 * are the engine's job: see `secrets.ts` and `engine.ts`.
 */

// The @grpc/grpc-js that @pulumi/pulumi resolves: a second copy would not match the generated stubs.
const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
const grpc: typeof grpcTypes = require(require.resolve("@grpc/grpc-js", { paths: [pulumiDir] }));
const { ResourceProviderClient } = require("@pulumi/pulumi/proto/provider_grpc_pb") as {
    ResourceProviderClient: new (
        address: string,
        credentials: grpcTypes.ChannelCredentials,
        options?: object,
    ) => grpcTypes.Client;
};

export const DiffChanges = provproto.DiffResponse.DiffChanges;

export interface HostOptions {
    /** The project directory (host cwd). Default: the repo root, with the self link ensured. */
    cwd?: string;
    /** Pulumi project name. Default `cvm-reinstall-demo`. */
    project?: string;
    /** Extra environment, merged over `process.env`; a value of `undefined` removes the variable. */
    env?: Record<string, string | undefined>;
    /** Host script; default: `@pulumi/pulumi/cmd/dynamic-provider` resolved from `cwd`, as the plugin wrapper does. */
    hostScript?: string;
    /** The `__provider` text to attach when a request has none. Default: {@link serializeProvider}. */
    providerText?: string;
    /** Deadline of each gRPC call (ms). Default 120 s. */
    callTimeoutMs?: number;
    /** Time allowed for the port line and channel readiness (ms). Default 20 s. */
    startTimeoutMs?: number;
}

export interface CheckFailure {
    property: string;
    reason: string;
}

export interface CheckResult {
    inputs: PropertyMap;
    failures: CheckFailure[];
}

export interface DiffResult {
    changes: "none" | "some" | "unknown";
    /** The raw `DiffChanges` enum value (DIFF_UNKNOWN 0, DIFF_NONE 1, DIFF_SOME 2). */
    code: number;
    replaces: string[];
    deleteBeforeReplace: boolean;
}

export interface CreateResult {
    id: string;
    properties: PropertyMap;
}

export interface ReadResult {
    /** Empty when the provider reported the resource gone. */
    id: string;
    properties: PropertyMap;
    inputs?: PropertyMap;
}

/** A Create/Update that was accepted but failed to finish: `ErrorResourceInitFailed`. */
export interface PartialFailure {
    id: string;
    properties: PropertyMap;
    reasons: string[];
    message: string;
}

/** A failed gRPC call; `partial` is set when the host sent `ErrorResourceInitFailed` details. */
export class HostCallError extends Error {
    constructor(
        readonly method: string,
        readonly code: number,
        readonly details: string,
        readonly partial?: PartialFailure,
    ) {
        super(`${method} failed (grpc ${code}): ${details}`);
        this.name = "HostCallError";
    }
}

export interface OutputLine {
    stream: "stdout" | "stderr";
    line: string;
    at: number;
}

const liveHosts = new Set<ProviderHost>();
let exitHookInstalled = false;

function installExitHook(): void {
    if (exitHookInstalled) {
        return;
    }
    exitHookInstalled = true;
    // Last resort: never leave a host behind if the test process exits without `after` hooks.
    process.on("exit", () => {
        for (const h of liveHosts) {
            h.killNow();
        }
    });
}

/** Collects the host's output lines and serves `waitForOutput`. */
class OutputSink {
    readonly lines: OutputLine[] = [];
    private readonly waiters: { re: RegExp; resolve: (l: OutputLine) => void }[] = [];

    push(stream: "stdout" | "stderr", line: string): void {
        const entry = { stream, line, at: Date.now() };
        this.lines.push(entry);
        for (let i = this.waiters.length - 1; i >= 0; i--) {
            if (this.waiters[i].re.test(line)) {
                this.waiters[i].resolve(entry);
                this.waiters.splice(i, 1);
            }
        }
    }

    wait(re: RegExp, timeoutMs: number): Promise<OutputLine> {
        const hit = this.lines.find((l) => re.test(l.line));
        if (hit) {
            return Promise.resolve(hit);
        }
        return new Promise((resolve, reject) => {
            const timer = setTimeout(
                () => reject(new Error(`no host output matched ${re} within ${timeoutMs} ms`)),
                timeoutMs,
            );
            this.waiters.push({
                re,
                resolve: (l) => {
                    clearTimeout(timer);
                    resolve(l);
                },
            });
        });
    }
}

export class ProviderHost {
    private exited = false;
    private exitInfo: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    private readonly exitPromise: Promise<void>;

    private constructor(
        readonly proc: ChildProcess,
        readonly port: number,
        private readonly client: grpcTypes.Client,
        readonly providerText: string,
        readonly cwd: string,
        /** The host script that runs (resolved from `cwd`, as the plugin wrapper resolves it). */
        readonly hostScript: string,
        private readonly callTimeoutMs: number,
        private readonly sink: OutputSink,
    ) {
        this.exitPromise = new Promise<void>((resolve) => {
            if (proc.exitCode !== null || proc.signalCode !== null) {
                resolve();
            } else {
                proc.once("exit", () => resolve());
            }
        }).then(() => {
            this.exited = true;
            this.exitInfo = { code: proc.exitCode, signal: proc.signalCode };
            liveHosts.delete(this);
        });
        liveHosts.add(this);
    }

    /** Spawns a host and waits until its gRPC channel is ready. */
    static async start(opts: HostOptions = {}): Promise<ProviderHost> {
        installExitHook();
        const cwd = opts.cwd ?? repoRoot();
        if (!opts.cwd) {
            ensureSelfLink(cwd);
        }
        const project = opts.project ?? DEMO_PROJECT;
        const providerText = opts.providerText ?? (await serializeProvider()).text;
        const hostScript = opts.hostScript ?? require.resolve("@pulumi/pulumi/cmd/dynamic-provider", { paths: [cwd] });
        const startTimeoutMs = opts.startTimeoutMs ?? 20_000;
        const env: NodeJS.ProcessEnv = { ...process.env, PULUMI_NODEJS_PROJECT: project, PULUMI_PROJECT: project };
        for (const [k, v] of Object.entries(opts.env ?? {})) {
            if (v === undefined) {
                delete env[k];
            } else {
                env[k] = v;
            }
        }
        const proc = spawn(process.execPath, [hostScript, "127.0.0.1:1"], {
            cwd,
            env,
            detached: true, // own process group: stop() kills the group
            stdio: ["ignore", "pipe", "pipe"],
        });
        const sink = new OutputSink();
        const killGroup = (): void => {
            try {
                process.kill(-proc.pid!, "SIGKILL");
            } catch {
                /* already gone */
            }
        };

        const port = await new Promise<number>((resolve, reject) => {
            let gotPort = false;
            const fail = (e: Error): void => {
                clearTimeout(timer);
                killGroup();
                reject(new Error(`${e.message}\n${sink.lines.map((l) => `[${l.stream}] ${l.line}`).join("\n")}`));
            };
            const timer = setTimeout(
                () => fail(new Error(`host did not print its port within ${startTimeoutMs} ms`)),
                startTimeoutMs,
            );
            const onLine = (stream: "stdout" | "stderr", line: string): void => {
                if (stream === "stdout" && !gotPort) {
                    // The engine reads the first stdout line, trims it and parses a port in 1..65535.
                    gotPort = true;
                    clearTimeout(timer);
                    const n = Number.parseInt(line.trim(), 10);
                    if (n >= 1 && n <= 65535) {
                        resolve(n);
                    } else {
                        fail(new Error(`host's first stdout line is not a port: ${JSON.stringify(line)}`));
                    }
                    return;
                }
                sink.push(stream, line);
            };
            splitLines(proc.stdout!, (l) => onLine("stdout", l));
            splitLines(proc.stderr!, (l) => onLine("stderr", l));
            proc.once("exit", (code, signal) => {
                if (!gotPort) {
                    fail(new Error(`host exited before printing its port (code ${code}, signal ${signal})`));
                }
            });
            proc.once("error", (e) => fail(e));
        });

        const client = new ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
        try {
            await new Promise<void>((resolve, reject) => {
                client.waitForReady(Date.now() + startTimeoutMs, (err) => (err ? reject(err) : resolve()));
            });
        } catch (e) {
            client.close();
            killGroup();
            throw e;
        }
        return new ProviderHost(proc, port, client, providerText, cwd, hostScript, opts.callTimeoutMs ?? 120_000, sink);
    }

    get pid(): number {
        return this.proc.pid!;
    }

    get isRunning(): boolean {
        return !this.exited;
    }

    get exit(): { code: number | null; signal: NodeJS.Signals | null } | undefined {
        return this.exitInfo;
    }

    // ---------- captured output ----------

    /** Every line the host wrote after its port line (the provider's console output and logs). */
    output(): OutputLine[] {
        return [...this.sink.lines];
    }

    /** The captured output as one text, for `includes`/regex assertions. */
    outputText(): string {
        return this.sink.lines.map((l) => `[${l.stream}] ${l.line}`).join("\n");
    }

    clearOutput(): void {
        this.sink.lines.length = 0;
    }

    /** Resolves with the first (past or future) line matching `re`. */
    waitForOutput(re: RegExp, timeoutMs = 10_000): Promise<OutputLine> {
        return this.sink.wait(re, timeoutMs);
    }

    // ---------- RPCs ----------

    /** `Configure`; `config` is the stack config map (`"ns:key": value`; secret values may be wrapped). */
    async configure(
        config: PropertyMap,
    ): Promise<{ acceptSecrets: boolean; supportsPreview: boolean; acceptResources: boolean }> {
        const req = new provproto.ConfigureRequest();
        req.setArgs(toStruct(config));
        const vars = req.getVariablesMap();
        for (const [k, v] of Object.entries(config)) {
            vars.set(k, typeof v === "string" ? v : JSON.stringify(v));
        }
        req.setAcceptsecrets(true);
        req.setAcceptresources(true);
        const resp = await this.call<provproto.ConfigureResponse>("configure", req);
        return {
            acceptSecrets: resp.getAcceptsecrets(),
            supportsPreview: resp.getSupportspreview(),
            acceptResources: resp.getAcceptresources(),
        };
    }

    async check(urn: string, olds: PropertyMap, news: PropertyMap): Promise<CheckResult> {
        const req = new provproto.CheckRequest();
        req.setUrn(urn);
        setNameType(req, urn);
        req.setOlds(toStruct(olds ?? {}));
        req.setNews(toStruct(this.withProvider(news)));
        const resp = await this.call<provproto.CheckResponse>("check", req);
        return {
            inputs: (resp.getInputs()?.toJavaScript() ?? {}) as PropertyMap,
            failures: resp.getFailuresList().map((f) => ({ property: f.getProperty(), reason: f.getReason() })),
        };
    }

    /** `olds` are the previous OUTPUTS (as the engine sends them); `oldInputs` optional. */
    async diff(
        id: string,
        urn: string,
        olds: PropertyMap,
        news: PropertyMap,
        oldInputs?: PropertyMap,
    ): Promise<DiffResult> {
        const req = new provproto.DiffRequest();
        req.setId(id);
        req.setUrn(urn);
        setNameType(req, urn);
        req.setOlds(toStruct(this.withProvider(olds)));
        req.setNews(toStruct(this.withProvider(news)));
        if (oldInputs) {
            req.setOldInputs(toStruct(this.withProvider(oldInputs)));
        }
        const resp = await this.call<provproto.DiffResponse>("diff", req);
        const code = resp.getChanges();
        return {
            code,
            changes: code === DiffChanges.DIFF_SOME ? "some" : code === DiffChanges.DIFF_NONE ? "none" : "unknown",
            replaces: resp.getReplacesList(),
            deleteBeforeReplace: resp.getDeletebeforereplace(),
        };
    }

    async create(
        urn: string,
        props: PropertyMap,
        opts: { preview?: boolean; timeout?: number } = {},
    ): Promise<CreateResult> {
        const req = new provproto.CreateRequest();
        req.setUrn(urn);
        setNameType(req, urn);
        req.setProperties(toStruct(this.withProvider(props)));
        req.setPreview(opts.preview ?? false);
        req.setTimeout(opts.timeout ?? 0);
        const resp = await this.call<provproto.CreateResponse>("create", req);
        return { id: resp.getId(), properties: (resp.getProperties()?.toJavaScript() ?? {}) as PropertyMap };
    }

    /** `olds` are the previous OUTPUTS. */
    async update(
        id: string,
        urn: string,
        olds: PropertyMap,
        news: PropertyMap,
        opts: { preview?: boolean; timeout?: number; oldInputs?: PropertyMap } = {},
    ): Promise<{ properties: PropertyMap }> {
        const req = new provproto.UpdateRequest();
        req.setId(id);
        req.setUrn(urn);
        setNameType(req, urn);
        req.setOlds(toStruct(this.withProvider(olds)));
        req.setNews(toStruct(this.withProvider(news)));
        req.setPreview(opts.preview ?? false);
        req.setTimeout(opts.timeout ?? 0);
        if (opts.oldInputs) {
            req.setOldInputs(toStruct(this.withProvider(opts.oldInputs)));
        }
        const resp = await this.call<provproto.UpdateResponse>("update", req);
        return { properties: (resp.getProperties()?.toJavaScript() ?? {}) as PropertyMap };
    }

    /** `props` are the stored outputs, `inputs` the stored inputs. */
    async read(id: string, urn: string, props: PropertyMap, inputs?: PropertyMap): Promise<ReadResult> {
        const req = new provproto.ReadRequest();
        req.setId(id);
        req.setUrn(urn);
        setNameType(req, urn);
        req.setProperties(toStruct(this.withProvider(props)));
        if (inputs) {
            req.setInputs(toStruct(this.withProvider(inputs)));
        }
        const resp = await this.call<provproto.ReadResponse>("read", req);
        const respInputs = resp.getInputs();
        return {
            id: resp.getId(),
            properties: (resp.getProperties()?.toJavaScript() ?? {}) as PropertyMap,
            inputs: respInputs ? (respInputs.toJavaScript() as PropertyMap) : undefined,
        };
    }

    /** `props` are the stored outputs. */
    async delete(id: string, urn: string, props: PropertyMap, oldInputs?: PropertyMap): Promise<void> {
        const req = new provproto.DeleteRequest();
        req.setId(id);
        req.setUrn(urn);
        setNameType(req, urn);
        req.setProperties(toStruct(this.withProvider(props)));
        if (oldInputs) {
            req.setOldInputs(toStruct(this.withProvider(oldInputs)));
        }
        await this.call("delete", req);
    }

    async getPluginInfo(): Promise<string> {
        const empty = new (require("google-protobuf/google/protobuf/empty_pb").Empty)();
        const resp = await this.call<{ getVersion(): string }>("getPluginInfo", empty);
        return resp.getVersion();
    }

    /** Closes the channel and kills the host's process group (TERM, then KILL after 3 s). */
    async stop(): Promise<void> {
        this.client.close();
        if (!this.exited) {
            this.signal("SIGTERM");
            const killed = await Promise.race([
                this.exitPromise.then(() => true),
                new Promise<boolean>((r) => setTimeout(() => r(false), 3000).unref()),
            ]);
            if (!killed) {
                this.signal("SIGKILL");
                await this.exitPromise;
            }
        }
        liveHosts.delete(this);
    }

    /** @internal Synchronous kill for the process-exit hook. */
    killNow(): void {
        this.signal("SIGKILL");
    }

    private signal(sig: NodeJS.Signals): void {
        try {
            process.kill(-this.proc.pid!, sig);
        } catch {
            /* group already gone */
        }
    }

    private withProvider(props: PropertyMap): PropertyMap {
        const p = jsonClean(props ?? {});
        if (p.__provider === undefined) {
            p.__provider = this.providerText;
        }
        return p;
    }

    private call<T>(method: string, req: unknown): Promise<T> {
        return new Promise<T>((resolve, reject) => {
            const fn = (this.client as unknown as Record<string, Function>)[method];
            fn.call(
                this.client,
                req,
                new grpc.Metadata(),
                { deadline: Date.now() + this.callTimeoutMs },
                (err: grpcTypes.ServiceError | null, resp: T) => {
                    if (err) {
                        reject(decodeError(method, err));
                    } else {
                        resolve(resp);
                    }
                },
            );
        });
    }
}

function setNameType(req: { setName(v: string): unknown; setType(v: string): unknown }, urn: string): void {
    const parts = urn.split("::");
    if (parts.length >= 4) {
        req.setType(parts[2].split("$").pop()!);
        req.setName(parts.slice(3).join("::"));
    }
}

function toStruct(v: PropertyMap): structproto.Struct {
    return structproto.Struct.fromJavaScript(jsonClean(v) as Record<string, structproto.JavaScriptValue>);
}

/** Turns a gRPC error into a {@link HostCallError}, decoding `ErrorResourceInitFailed` details. */
export function decodeError(method: string, err: grpcTypes.ServiceError): HostCallError {
    let partial: PartialFailure | undefined;
    const bins = err.metadata?.get("grpc-status-details-bin") ?? [];
    for (const bin of bins) {
        const status = statusproto.Status.deserializeBinary(new Uint8Array(bin as Buffer));
        for (const any of status.getDetailsList()) {
            if (any.getTypeName() === "pulumirpc.ErrorResourceInitFailed") {
                const detail = provproto.ErrorResourceInitFailed.deserializeBinary(any.getValue_asU8());
                partial = {
                    id: detail.getId(),
                    properties: (detail.getProperties()?.toJavaScript() ?? {}) as PropertyMap,
                    reasons: detail.getReasonsList(),
                    message: status.getMessage(),
                };
            }
        }
    }
    return new HostCallError(method, err.code, err.details ?? err.message, partial);
}

function splitLines(stream: NodeJS.ReadableStream, onLine: (line: string) => void): void {
    let buf = "";
    stream.setEncoding("utf8");
    stream.on("data", (chunk: string) => {
        buf += chunk;
        let i: number;
        while ((i = buf.indexOf("\n")) >= 0) {
            onLine(buf.slice(0, i).replace(/\r$/, ""));
            buf = buf.slice(i + 1);
        }
    });
    stream.on("end", () => {
        if (buf.length > 0) {
            onLine(buf);
            buf = "";
        }
    });
}

/** Awaits a promise that must fail with a partial failure, and returns it. */
export async function expectPartialFailure(p: Promise<unknown>): Promise<PartialFailure & { error: HostCallError }> {
    try {
        await p;
    } catch (e) {
        if (e instanceof HostCallError && e.partial) {
            return { ...e.partial, error: e };
        }
        throw new Error(`expected a partial failure (ErrorResourceInitFailed), got: ${(e as Error).message}`);
    }
    throw new Error("expected a partial failure (ErrorResourceInitFailed), but the call succeeded");
}

/** A URN like the engine builds for a stack's top-level resource. */
export function urnFor(name: string, opts: { stack?: string; project?: string; type?: string } = {}): string {
    return `urn:pulumi:${opts.stack ?? "test"}::${opts.project ?? DEMO_PROJECT}::${opts.type ?? "pulumi-nodejs:dynamic/cvm:InstanceReinstall"}::${name}`;
}
