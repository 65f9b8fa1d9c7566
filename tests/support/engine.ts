import * as pulumi from "@pulumi/pulumi";
import { HostCallError, type HostOptions, type PartialFailure, ProviderHost } from "./hostDriver";
import { DEMO_PROJECT } from "./paths";
import {
    annotateSecrets,
    isSecret,
    jsonClean,
    makeSecret,
    markSecretOutputs,
    type PropertyMap,
    secretKeys,
    stripSecrets,
    toCheckpoint,
} from "./secrets";

/**
 * An engine stand-in (https://www.pulumi.com/docs/iac/concepts/testing/unit/): runs a Pulumi program under
 * `pulumi.runtime.setMocks`, and forwards every dynamic resource to a REAL provider host, following
 * the engine's rules (checked against the real CLI, v3.248.0: tests/engine/probe.test.ts):
 *
 * - one host per run (as `pulumi up` starts the plugin per deployment), Configure first with the
 *   whole stack config (secret values wrapped; the host unwraps them);
 * - Check(olds = previous INPUTS, news); failures stop the deployment before any create;
 * - no prior state: Create (preview: nothing; the planned state is the inputs, outputs unknown);
 * - prior state: Diff(olds = previous OUTPUTS, news, oldInputs). DIFF_NONE → same (an update anyway
 *   when the old state has init errors, as `step_generator.go` does); DIFF_SOME with replaces →
 *   re-Check without olds, then delete-before-replace or create-before-delete; DIFF_SOME → Update;
 *   DIFF_UNKNOWN → compare old and new inputs including `__provider`;
 * - refresh: Read(outputs, inputs), then Diff(olds = the refreshed OUTPUTS, news = the recorded
 *   INPUTS, oldInputs = the refreshed inputs), as `RefreshStep.Apply` does; whether a change is
 *   pending shows as `diff` on the run's "read" ops. A Diff error fails that resource's refresh and
 *   leaves its state; a partial failure in Read keeps the resource with its init errors (the real
 *   engine only warns); a successful Read clears init errors;
 * - secrets stripped before every call (the host says acceptSecrets=false), outputs re-marked by
 *   `annotateSecrets` (against the inputs sent) and `additionalSecretOutputs` (read from the real
 *   RegisterResource request) — partial-failure properties included;
 * - a partial failure (ErrorResourceInitFailed) is kept as state with its properties as OUTPUTS and
 *   the reasons as init errors, and the run fails. In Create the new inputs are stored; in Update
 *   the PREVIOUS inputs are kept. A plain error leaves the old state;
 * - resources no longer declared are deleted at the end of a successful `up`.
 *
 * Known differences that remain (deliberately not modelled):
 * - `up` behaves like `pulumi up --skip-preview`: the real `up` without it runs a preview pass first,
 *   so Check and Diff are called twice per resource; likewise `refresh` behaves like
 *   `refresh --skip-preview` (the real one without it calls Read, and Diff, twice);
 * - the refresh Diff is inverted by the real engine for display only; here only DIFF_SOME/NONE is kept;
 * - no dependency graph or parallelism limit: resources are stepped as the program registers them;
 *   deletes run in reverse registration order, not dependency order;
 * - no protect, ignoreChanges, replaceOnChanges, retainOnDelete, aliases, imports or invokes;
 * - no Create/Update with preview=true (the Node dynamic-provider host does not support preview).
 *
 * State persists across runs in memory; `exportCheckpoint()` renders it the way a checkpoint stores
 * it, secrets as ciphertext placeholders, so tests can scan it for plaintext.
 */

export type Program = () => unknown;

export type OpKind = "create" | "update" | "same" | "replace" | "delete" | "read";

export interface StepRecord {
    urn: string;
    op: OpKind;
    /**
     * Refresh only ("read" ops): the Diff the engine runs after Read (olds = refreshed outputs,
     * news = recorded inputs) — "some" when the next `up` would change the resource.
     */
    diff?: "some" | "none";
}

export interface RunFailure {
    urn: string;
    step: "check" | "diff" | "create" | "update" | "delete" | "read" | "program";
    /** For check failures: the property the provider named. */
    property?: string;
    reason: string;
    /** True when the provider reported a partial failure (the resource was kept with init errors). */
    partial?: boolean;
}

export interface RunResult {
    kind: "preview" | "up" | "refresh" | "destroy";
    ok: boolean;
    ops: StepRecord[];
    failures: RunFailure[];
    /** Stack outputs, secrets unwrapped (see `secretOutputs`). Unknown values appear as the UNKNOWN sentinel. */
    outputs: Record<string, unknown>;
    secretOutputs: string[];
    /** What the provider host printed during this run. */
    hostOutput: string;
    durationMs: number;
}

export interface ResourceState {
    urn: string;
    type: string;
    name: string;
    id: string;
    /** Checked inputs, secrets wrapped. */
    inputs: PropertyMap;
    /** Outputs, secrets wrapped. */
    outputs: PropertyMap;
    initErrors: string[];
    additionalSecretOutputs: string[];
    deleteBeforeReplace?: boolean;
}

export interface EngineOptions {
    project?: string;
    stack?: string;
    /** Options for each host the engine starts (env, cwd…). */
    host?: HostOptions;
    /** Keep one host across runs instead of one per run (faster, less faithful). */
    reuseHost?: boolean;
}

interface ConfigEntry {
    value: string;
    secret: boolean;
}

interface RegistrationOptions {
    additionalSecretOutputs: string[];
    deleteBeforeReplace?: boolean;
}

const DYNAMIC_PREFIX = "pulumi-nodejs:dynamic";

export class Engine {
    readonly project: string;
    readonly stack: string;
    private readonly config = new Map<string, ConfigEntry>();
    private state = new Map<string, ResourceState>();
    private stackOutputs: PropertyMap = {};
    private reusable: ProviderHost | undefined;
    private allHostOutput: string[] = [];
    /** Every run so far, oldest first. */
    readonly history: RunResult[] = [];

    constructor(private readonly opts: EngineOptions = {}) {
        this.project = opts.project ?? DEMO_PROJECT;
        this.stack = opts.stack ?? "dev";
    }

    // ---------- config ----------

    /** `pulumi config set [--secret] key value`; unqualified keys go under the project. */
    setConfig(key: string, value: string | number | boolean | object, opts: { secret?: boolean } = {}): this {
        const text = typeof value === "string" ? value : JSON.stringify(value);
        this.config.set(this.qualify(key), { value: text, secret: opts.secret ?? false });
        return this;
    }

    removeConfig(key: string): this {
        this.config.delete(this.qualify(key));
        return this;
    }

    private qualify(key: string): string {
        return key.includes(":") ? key : `${this.project}:${key}`;
    }

    // ---------- state ----------

    get resources(): ResourceState[] {
        return [...this.state.values()];
    }

    resource(name: string): ResourceState | undefined {
        return this.resources.find((r) => r.name === name);
    }

    /** The stack's state in checkpoint form: secrets replaced by ciphertext placeholders. */
    exportCheckpoint(): unknown {
        return {
            version: 3,
            checkpoint: {
                stack: `${this.project}/${this.stack}`,
                config: Object.fromEntries(
                    [...this.config].map(([k, e]) => [k, e.secret ? toCheckpoint(makeSecret(e.value)) : e.value]),
                ),
                latest: {
                    resources: this.resources.map((r) => ({
                        urn: r.urn,
                        custom: true,
                        id: r.id,
                        type: r.type,
                        inputs: toCheckpoint(r.inputs),
                        outputs: toCheckpoint(r.outputs),
                        initErrors: r.initErrors.length ? r.initErrors : undefined,
                        additionalSecretOutputs: r.additionalSecretOutputs,
                    })),
                    stackOutputs: toCheckpoint(this.stackOutputs),
                },
            },
        };
    }

    checkpointText(): string {
        return JSON.stringify(this.exportCheckpoint(), null, 2);
    }

    /** Everything every host of this engine printed so far. */
    hostOutputText(): string {
        return this.allHostOutput.join("\n");
    }

    /** Stops a reused host, if any. Call from `after`. */
    async close(): Promise<void> {
        const h = this.reusable;
        this.reusable = undefined;
        await h?.stop();
    }

    // ---------- runs ----------

    preview(program: Program): Promise<RunResult> {
        return this.deploy(program, true);
    }

    up(program: Program): Promise<RunResult> {
        return this.deploy(program, false);
    }

    /**
     * `pulumi refresh`: Read every resource, then Diff it against its recorded inputs; drop those
     * the provider reports gone.
     */
    refresh(): Promise<RunResult> {
        return this.withHost("refresh", async (host, run) => {
            await Promise.all(
                this.resources.map(async (r) => {
                    let res: { id: string; properties: PropertyMap; inputs?: PropertyMap };
                    let initErrors: string[] = [];
                    try {
                        res = await host.read(r.id, r.urn, stripSecrets(r.outputs), stripSecrets(r.inputs));
                    } catch (e) {
                        const partial = partialOf(e);
                        if (!partial) {
                            run.failures.push({ urn: r.urn, step: "read", reason: errorText(e) });
                            return;
                        }
                        // The real engine does not fail a refresh on a partial failure: it warns and
                        // keeps the properties with the init errors, so the next `up` updates it.
                        res = { id: partial.id || r.id, properties: partial.properties };
                        initErrors = partial.reasons.length ? partial.reasons : [partial.message];
                    }
                    if (!res.id) {
                        this.state.delete(r.urn);
                        run.ops.push({ urn: r.urn, op: "delete" });
                        return;
                    }
                    const outputs = markSecretOutputs(
                        annotateSecrets(res.properties, r.outputs),
                        r.additionalSecretOutputs,
                    );
                    const inputs = res.inputs ? annotateSecrets(res.inputs, r.inputs) : r.inputs;
                    // The refresh diff: the refreshed state as the old side, the recorded inputs as the new.
                    let diff: "some" | "none";
                    try {
                        const d = await host.diff(
                            res.id,
                            r.urn,
                            stripSecrets(outputs),
                            stripSecrets(r.inputs),
                            stripSecrets(inputs),
                        );
                        diff = d.changes === "unknown" ? (sameInputs(inputs, r.inputs) ? "none" : "some") : d.changes;
                    } catch (e) {
                        run.failures.push({ urn: r.urn, step: "diff", reason: errorText(e) });
                        return;
                    }
                    this.state.set(r.urn, { ...r, id: res.id, outputs, inputs, initErrors });
                    run.ops.push({ urn: r.urn, op: "read", diff });
                }),
            );
        });
    }

    /** `pulumi destroy`: Delete every resource (reverse registration order) and empty the state. */
    destroy(): Promise<RunResult> {
        return this.withHost("destroy", async (host, run) => {
            for (const r of this.resources.reverse()) {
                try {
                    await host.delete(r.id, r.urn, stripSecrets(r.outputs), stripSecrets(r.inputs));
                    this.state.delete(r.urn);
                    run.ops.push({ urn: r.urn, op: "delete" });
                } catch (e) {
                    run.failures.push({ urn: r.urn, step: "delete", reason: errorText(e) });
                }
            }
            if (run.failures.length === 0) {
                this.stackOutputs = {};
            }
        });
    }

    private async deploy(program: Program, preview: boolean): Promise<RunResult> {
        return this.withHost(preview ? "preview" : "up", async (host, run) => {
            const seen = new Set<string>();
            const pending = new Set<Promise<unknown>>();
            const registrations = new Map<string, RegistrationOptions>();
            const pendingDeletes: ResourceState[] = [];
            let aborted = false;
            let stackUrn: string | undefined;
            let capturedOutputs: PropertyMap | undefined;

            const handle = async (
                args: pulumi.runtime.MockResourceArgs,
            ): Promise<{ id: string | undefined; state: PropertyMap }> => {
                if (!args.custom || !args.type.startsWith(DYNAMIC_PREFIX)) {
                    if (args.type === "pulumi:pulumi:Stack") {
                        stackUrn = `${args.type}::${args.name}`;
                    }
                    return { id: undefined, state: args.inputs as PropertyMap };
                }
                const urn = `urn:pulumi:${this.stack}::${this.project}::${args.type}::${args.name}`;
                if (seen.has(urn)) {
                    throw new Error(`Duplicate resource URN '${urn}'`);
                }
                seen.add(urn);
                if (aborted) {
                    throw new Error("deployment stopped after an earlier error");
                }
                const regOpts = registrations.get(`${args.type}::${args.name}`) ?? { additionalSecretOutputs: [] };
                const news = args.inputs as PropertyMap;
                const old = this.state.get(urn);

                // Check: olds are the previous INPUTS.
                let checked: PropertyMap;
                try {
                    checked = await this.check(host, urn, old ? old.inputs : {}, news, run);
                } catch (e) {
                    aborted = true;
                    throw e;
                }

                if (!old) {
                    if (preview) {
                        run.ops.push({ urn, op: "create" });
                        return { id: undefined, state: checked };
                    }
                    const created = await this.create(host, urn, args, checked, regOpts, run);
                    run.ops.push({ urn, op: "create" });
                    return { id: created.id, state: created.outputs };
                }

                // Diff: olds are the previous OUTPUTS.
                let diff;
                try {
                    diff = await host.diff(
                        old.id,
                        urn,
                        stripSecrets(old.outputs),
                        stripSecrets(checked),
                        stripSecrets(old.inputs),
                    );
                } catch (e) {
                    run.failures.push({ urn, step: "diff", reason: errorText(e) });
                    aborted = true;
                    throw e;
                }
                let changes = diff.changes;
                if (changes === "unknown") {
                    // The engine's fallback: compare all inputs, __provider included.
                    changes = sameInputs(old.inputs, checked) ? "none" : "some";
                }

                if (changes === "some" && diff.replaces.length > 0) {
                    // Replacement: the engine re-checks the new inputs without olds.
                    const rechecked = await this.check(host, urn, {}, news, run);
                    if (preview) {
                        run.ops.push({ urn, op: "replace" });
                        return { id: undefined, state: rechecked };
                    }
                    const dbr = regOpts.deleteBeforeReplace ?? diff.deleteBeforeReplace;
                    if (dbr) {
                        try {
                            await host.delete(old.id, urn, stripSecrets(old.outputs), stripSecrets(old.inputs));
                        } catch (e) {
                            run.failures.push({ urn, step: "delete", reason: errorText(e) });
                            throw e;
                        }
                        this.state.delete(urn);
                    } else {
                        pendingDeletes.push(old);
                    }
                    const created = await this.create(host, urn, args, rechecked, regOpts, run);
                    run.ops.push({ urn, op: "replace" });
                    return { id: created.id, state: created.outputs };
                }

                if (changes === "some" || old.initErrors.length > 0) {
                    if (preview) {
                        run.ops.push({ urn, op: "update" });
                        return { id: old.id, state: checked };
                    }
                    const outputs = await this.update(host, urn, old, checked, regOpts, run);
                    run.ops.push({ urn, op: "update" });
                    return { id: old.id, state: outputs };
                }

                // Same: new inputs, old outputs.
                if (!preview) {
                    this.state.set(urn, {
                        ...old,
                        inputs: checked,
                        additionalSecretOutputs: regOpts.additionalSecretOutputs,
                    });
                }
                run.ops.push({ urn, op: "same" });
                return { id: old.id, state: old.outputs };
            };

            const mocks: pulumi.runtime.Mocks = {
                newResource: (args) => {
                    const p = handle(args);
                    pending.add(p);
                    p.catch(() => undefined).finally(() => pending.delete(p));
                    return p as Promise<{ id: string | undefined; state: Record<string, unknown> }>;
                },
                call: (args) => {
                    throw new Error(`invoke ${args.token} is not supported by the engine stand-in`);
                },
            };

            await pulumi.runtime.setMocks(mocks, this.project, this.stack, preview);
            pulumi.runtime.setAllConfig(
                Object.fromEntries([...this.config].map(([k, e]) => [k, e.value])),
                [...this.config].filter(([, e]) => e.secret).map(([k]) => k),
            );
            // Resource options are not visible to mocks; read them from the real RegisterResource request.
            const monitor = (pulumi.runtime as unknown as { getMonitor(): MonitorLike }).getMonitor();
            const register = monitor.registerResource.bind(monitor);
            monitor.registerResource = (req, cb) => {
                registrations.set(`${req.getType()}::${req.getName()}`, {
                    additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
                    deleteBeforeReplace: req.getDeletebeforereplacedefined() ? req.getDeletebeforereplace() : undefined,
                });
                return register(req, cb);
            };
            const registerOutputs = monitor.registerResourceOutputs.bind(monitor);
            monitor.registerResourceOutputs = (req, cb) => {
                if (req.getUrn().split("::")[2] === "pulumi:pulumi:Stack") {
                    capturedOutputs = (req.getOutputs()?.toJavaScript() ?? {}) as PropertyMap;
                }
                return registerOutputs(req, cb);
            };

            try {
                await pulumi.runtime.runInPulumiStack(async () => program());
            } catch (e) {
                if (run.failures.length === 0) {
                    run.failures.push({ urn: stackUrn ?? "stack", step: "program", reason: errorText(e) });
                }
            }
            const waitForRPCs = (pulumi.runtime as unknown as { waitForRPCs?: () => Promise<void> }).waitForRPCs;
            await waitForRPCs?.().catch(() => undefined);
            while (pending.size > 0) {
                await Promise.allSettled([...pending]);
            }

            if (!preview && run.failures.length === 0) {
                // Resources no longer declared, then the old halves of create-before-delete replacements.
                const gone = this.resources.filter((r) => !seen.has(r.urn)).reverse();
                for (const r of [...gone, ...pendingDeletes]) {
                    try {
                        await host.delete(r.id, r.urn, stripSecrets(r.outputs), stripSecrets(r.inputs));
                        if (!seen.has(r.urn)) {
                            this.state.delete(r.urn);
                            run.ops.push({ urn: r.urn, op: "delete" });
                        }
                    } catch (e) {
                        run.failures.push({ urn: r.urn, step: "delete", reason: errorText(e) });
                    }
                }
            }
            if (!preview && capturedOutputs && run.failures.length === 0) {
                this.stackOutputs = capturedOutputs;
            }
            const outs = capturedOutputs ?? {};
            run.outputs = stripSecrets(outs) as Record<string, unknown>;
            run.secretOutputs = secretKeys(outs);
        });
    }

    // ---------- steps ----------

    private async check(
        host: ProviderHost,
        urn: string,
        olds: PropertyMap,
        news: PropertyMap,
        run: RunResult,
    ): Promise<PropertyMap> {
        let res;
        try {
            res = await host.check(urn, stripSecrets(olds), stripSecrets(news));
        } catch (e) {
            run.failures.push({ urn, step: "check", reason: errorText(e) });
            throw e;
        }
        if (res.failures.length > 0) {
            for (const f of res.failures) {
                run.failures.push({ urn, step: "check", property: f.property, reason: f.reason });
            }
            throw new Error(
                `resource ${urn} has check errors: ${res.failures.map((f) => `${f.property}: ${f.reason}`).join("; ")}`,
            );
        }
        return annotateSecrets(res.inputs, news);
    }

    private async create(
        host: ProviderHost,
        urn: string,
        args: pulumi.runtime.MockResourceArgs,
        inputs: PropertyMap,
        regOpts: RegistrationOptions,
        run: RunResult,
    ): Promise<ResourceState> {
        const base = {
            urn,
            type: args.type,
            name: args.name,
            inputs,
            additionalSecretOutputs: regOpts.additionalSecretOutputs,
        };
        try {
            const res = await host.create(urn, stripSecrets(inputs));
            const state: ResourceState = {
                ...base,
                id: res.id,
                outputs: this.secure(res.properties, inputs, regOpts),
                initErrors: [],
            };
            this.state.set(urn, state);
            return state;
        } catch (e) {
            const partial = partialOf(e);
            if (partial) {
                this.state.set(urn, {
                    ...base,
                    id: partial.id,
                    outputs: this.secure(partial.properties, inputs, regOpts),
                    initErrors: partial.reasons.length ? partial.reasons : [partial.message],
                });
            }
            run.failures.push({ urn, step: "create", reason: errorText(e), partial: !!partial });
            throw e;
        }
    }

    private async update(
        host: ProviderHost,
        urn: string,
        old: ResourceState,
        inputs: PropertyMap,
        regOpts: RegistrationOptions,
        run: RunResult,
    ): Promise<PropertyMap> {
        try {
            const res = await host.update(old.id, urn, stripSecrets(old.outputs), stripSecrets(inputs), {
                oldInputs: stripSecrets(old.inputs),
            });
            const outputs = this.secure(res.properties, inputs, regOpts);
            this.state.set(urn, {
                ...old,
                inputs,
                outputs,
                initErrors: [],
                additionalSecretOutputs: regOpts.additionalSecretOutputs,
            });
            return outputs;
        } catch (e) {
            const partial = partialOf(e);
            if (partial) {
                // The real engine stores the error's properties as the outputs (secrets re-marked
                // against the inputs it sent) but KEEPS THE PREVIOUS INPUTS, so the next Check and
                // Diff still see the change as pending.
                this.state.set(urn, {
                    ...old,
                    inputs: old.inputs,
                    outputs: this.secure(partial.properties, inputs, regOpts),
                    initErrors: partial.reasons.length ? partial.reasons : [partial.message],
                    additionalSecretOutputs: regOpts.additionalSecretOutputs,
                });
            }
            run.failures.push({ urn, step: "update", reason: errorText(e), partial: !!partial });
            throw e;
        }
    }

    private secure(outs: PropertyMap, inputs: PropertyMap, regOpts: RegistrationOptions): PropertyMap {
        return markSecretOutputs(annotateSecrets(jsonClean(outs), inputs), regOpts.additionalSecretOutputs);
    }

    // ---------- hosts ----------

    private async withHost(
        kind: RunResult["kind"],
        body: (host: ProviderHost, run: RunResult) => Promise<void>,
    ): Promise<RunResult> {
        const started = Date.now();
        const run: RunResult = {
            kind,
            ok: false,
            ops: [],
            failures: [],
            outputs: {},
            secretOutputs: [],
            hostOutput: "",
            durationMs: 0,
        };
        const host = await this.acquireHost();
        const mark = host.output().length;
        try {
            await host.configure(this.providerConfig());
            await body(host, run);
        } finally {
            // Let late host output (progress lines flushed after a response) arrive.
            await new Promise((r) => setTimeout(r, 20));
            run.hostOutput = host
                .output()
                .slice(mark)
                .map((l) => `[${l.stream}] ${l.line}`)
                .join("\n");
            this.allHostOutput.push(run.hostOutput);
            if (!this.opts.reuseHost) {
                await host.stop();
            }
        }
        run.ok = run.failures.length === 0;
        run.durationMs = Date.now() - started;
        this.history.push(run);
        return run;
    }

    private async acquireHost(): Promise<ProviderHost> {
        if (this.opts.reuseHost && this.reusable?.isRunning) {
            return this.reusable;
        }
        const plainConfig = Object.fromEntries([...this.config].map(([k, e]) => [k, e.value]));
        const host = await ProviderHost.start({
            ...this.opts.host,
            project: this.project,
            env: {
                ...(this.config.size ? { PULUMI_CONFIG: JSON.stringify(plainConfig) } : {}),
                ...this.opts.host?.env,
            },
        });
        if (this.opts.reuseHost) {
            this.reusable = host;
        }
        return host;
    }

    /** Configure args: the whole stack config, secret values wrapped as the engine sends them. */
    private providerConfig(): PropertyMap {
        return Object.fromEntries([...this.config].map(([k, e]) => [k, e.secret ? makeSecret(e.value) : e.value]));
    }
}

interface MonitorLike {
    registerResource(req: RegisterRequestLike, cb: (...a: unknown[]) => void): unknown;
    registerResourceOutputs(
        req: { getUrn(): string; getOutputs(): { toJavaScript(): unknown } | undefined },
        cb: (...a: unknown[]) => void,
    ): unknown;
}

interface RegisterRequestLike {
    getType(): string;
    getName(): string;
    getAdditionalsecretoutputsList(): string[];
    getDeletebeforereplace(): boolean;
    getDeletebeforereplacedefined(): boolean;
}

function partialOf(e: unknown): PartialFailure | undefined {
    return e instanceof HostCallError ? e.partial : undefined;
}

function errorText(e: unknown): string {
    if (e instanceof HostCallError) {
        return e.details;
    }
    return e instanceof Error ? e.message : String(e);
}

/** The engine's DIFF_UNKNOWN fallback: all inputs compared, secrets ignored. */
function sameInputs(a: PropertyMap, b: PropertyMap): boolean {
    return JSON.stringify(sortKeys(stripSecrets(a))) === JSON.stringify(sortKeys(stripSecrets(b)));
}

function sortKeys(v: unknown): unknown {
    if (Array.isArray(v)) {
        return v.map(sortKeys);
    }
    if (v && typeof v === "object" && !isSecret(v)) {
        return Object.fromEntries(
            Object.keys(v as object)
                .sort()
                .map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]),
        );
    }
    return v;
}
