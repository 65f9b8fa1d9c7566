import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { repoRoot } from "../support/paths";
import { ensureSelfLink } from "../support/selfLink";

/**
 * Runs the REAL `pulumi` CLI against a throwaway project: a temp directory holding the project
 * (Pulumi.yaml + an index.js that loads a compiled program), a local file backend, a PULUMI_HOME
 * and a passphrase secrets provider. Nothing reaches the network or the Pulumi Cloud.
 *
 * The project's `node_modules` is a link to the repository's, so the language host finds
 * `@pulumi/pulumi/cmd/run`, the dynamic-provider launcher finds `@pulumi/pulumi/cmd/dynamic-provider`,
 * and the serialized `__provider` resolves `pulumi-cvm-reinstall/provider` from the project
 * directory (through the repository's self link), as in a user's project.
 */

export interface RunOptions {
    allowFailure?: boolean;
    stackFlag?: boolean;
    timeoutMs?: number;
    env?: Record<string, string>;
}

export interface CliResult {
    args: string[];
    code: number;
    stdout: string;
    stderr: string;
    /** stdout + stderr, for assertions and failure messages. */
    output: string;
    ms: number;
}

const CLI_HINT =
    "the engine tests run the real Pulumi CLI; none was found on PATH nor in .tools/pulumi/bin. " +
    "Run `bash scripts/install-pulumi.sh` (it prints PULUMI_BIN=<dir>) and put that directory on PATH, " +
    "or set SKIP_ENGINE=1 for scripts/test.sh to skip this layer.";

/** The directory holding `pulumi` (and its plugins): PATH first, then the repository's .tools. */
export function findPulumiBin(): string {
    const candidates = [
        ...(process.env.PATH ?? "").split(path.delimiter).filter(Boolean),
        path.join(repoRoot(), ".tools", "pulumi", "bin"),
    ];
    for (const dir of candidates) {
        const exe = path.join(dir, "pulumi");
        try {
            fs.accessSync(exe, fs.constants.X_OK);
            if (fs.statSync(exe).isFile()) {
                return dir;
            }
        } catch {
            // not here
        }
    }
    throw new Error(`No Pulumi CLI: ${CLI_HINT}`);
}

export interface ProjectOptions {
    /** Directory with a Pulumi.yaml template (its `main` is replaced by the generated index.js). */
    template: string;
    /** Absolute path of the compiled program module the generated index.js re-exports. */
    program: string;
    stack?: string;
    /** Extra environment for every CLI run (e.g. CVM_REINSTALL_ENDPOINT). `undefined` removes a variable. */
    env?: Record<string, string | undefined>;
    passphrase?: string;
    /** Prefix of the temp directory name. */
    label?: string;
}

export const TEST_PASSPHRASE = "engine-test-passphrase";

/** A throwaway project + backend + stack, driven through the CLI. */
export class PulumiProject {
    readonly root: string;
    readonly projectDir: string;
    readonly backendDir: string;
    readonly homeDir: string;
    readonly stack: string;
    readonly projectName: string;
    readonly binDir: string;
    /** Every CLI run so far. */
    readonly runs: CliResult[] = [];
    private readonly env: NodeJS.ProcessEnv;

    private constructor(opts: ProjectOptions, binDir: string) {
        this.binDir = binDir;
        this.stack = opts.stack ?? "dev";
        this.root = fs.mkdtempSync(path.join(os.tmpdir(), `${opts.label ?? "cvm-engine"}-`));
        this.projectDir = path.join(this.root, "project");
        this.backendDir = path.join(this.root, "backend");
        this.homeDir = path.join(this.root, "home");
        for (const d of [this.projectDir, this.backendDir, this.homeDir]) fs.mkdirSync(d, { recursive: true });

        const yaml = fs.readFileSync(path.join(opts.template, "Pulumi.yaml"), "utf8");
        const name = /^name:\s*(\S+)\s*$/m.exec(yaml)?.[1];
        if (!name) throw new Error(`${opts.template}/Pulumi.yaml has no name`);
        this.projectName = name;
        fs.writeFileSync(
            path.join(this.projectDir, "Pulumi.yaml"),
            `${yaml.replace(/^main:.*$/m, "").trimEnd()}\nmain: index.js\n`,
        );
        // Without a package.json the runner warns on every run ("Could not find a package.json").
        fs.writeFileSync(
            path.join(this.projectDir, "package.json"),
            `${JSON.stringify({ name: name, private: true, main: "index.js" }, null, 2)}\n`,
        );
        fs.writeFileSync(
            path.join(this.projectDir, "index.js"),
            `module.exports = require(${JSON.stringify(opts.program)});\n`,
        );
        const root = repoRoot();
        ensureSelfLink(root);
        fs.symlinkSync(path.join(root, "node_modules"), path.join(this.projectDir, "node_modules"), "dir");

        const env: NodeJS.ProcessEnv = { ...process.env };
        // Nothing from the caller's cloud or Pulumi account may leak in.
        for (const k of Object.keys(env)) {
            if (/^(TENCENTCLOUD_|PULUMI_|CVM_REINSTALL_)/.test(k)) delete env[k];
        }
        Object.assign(env, {
            PATH: `${binDir}${path.delimiter}${process.env.PATH ?? ""}`,
            PULUMI_HOME: this.homeDir,
            PULUMI_BACKEND_URL: `file://${this.backendDir}`,
            PULUMI_CONFIG_PASSPHRASE: opts.passphrase ?? TEST_PASSPHRASE,
            PULUMI_SKIP_UPDATE_CHECK: "true",
            PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
            PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: "true",
            PULUMI_SKIP_CONFIRMATIONS: "true",
            NO_COLOR: "1",
        });
        for (const [k, v] of Object.entries(opts.env ?? {})) {
            if (v === undefined) delete env[k];
            else env[k] = v;
        }
        this.env = env;
    }

    /** Sets (or with `undefined` removes) a variable of every later CLI run's environment. */
    setEnv(key: string, value: string | undefined): void {
        if (value === undefined) delete this.env[key];
        else this.env[key] = value;
    }

    /** Creates the project and `pulumi stack init`s it with the passphrase secrets provider. */
    static async create(opts: ProjectOptions): Promise<PulumiProject> {
        const p = new PulumiProject(opts, findPulumiBin());
        try {
            await p.run(["stack", "init", p.stack, "--secrets-provider", "passphrase"], { stackFlag: false });
        } catch (e) {
            p.dispose();
            throw e;
        }
        return p;
    }

    /**
     * `pulumi <args> --non-interactive --color never [--stack S]` in the project directory.
     * Throws with the full output when the exit code is not 0, unless `allowFailure`.
     */
    async run(args: string[], opts: RunOptions = {}): Promise<CliResult> {
        return this.start(args, opts).result;
    }

    /**
     * Starts `pulumi <args> --non-interactive --color never [--stack S]` in the project directory
     * without waiting: `signal` sends a signal to its whole process group (SIGKILL: the CLI, its
     * language host and provider hosts die at once, as on a lost CI runner). `result` throws with
     * the full output when the exit code is not 0, unless `allowFailure`.
     */
    start(
        args: string[],
        opts: RunOptions = {},
    ): { signal(sig: NodeJS.Signals, group?: boolean): void; output(): string; result: Promise<CliResult> } {
        const flags = [
            "--non-interactive",
            "--color",
            "never",
            ...(opts.stackFlag === false ? [] : ["--stack", this.stack]),
        ];
        // Flags go before a `--` (after it everything is a positional value).
        const dashes = args.indexOf("--");
        const full = dashes < 0 ? [...args, ...flags] : [...args.slice(0, dashes), ...flags, ...args.slice(dashes)];
        const started = Date.now();
        const child = spawn(path.join(this.binDir, "pulumi"), full, {
            cwd: this.projectDir,
            env: { ...this.env, ...opts.env },
            stdio: ["ignore", "pipe", "pipe"],
            detached: true,
        });
        const out: Buffer[] = [];
        const err: Buffer[] = [];
        child.stdout.on("data", (b: Buffer) => out.push(b));
        child.stderr.on("data", (b: Buffer) => err.push(b));
        const signal = (sig: NodeJS.Signals, group = true): void => {
            try {
                process.kill(group ? -child.pid! : child.pid!, sig);
            } catch {
                // already gone
            }
        };
        const result = new Promise<CliResult>((resolve, reject) => {
            const timer = setTimeout(() => signal("SIGKILL"), opts.timeoutMs ?? 15 * 60_000);
            child.on("error", (e) => {
                clearTimeout(timer);
                reject(e);
            });
            child.on("close", (code, sig) => {
                clearTimeout(timer);
                const stdout = Buffer.concat(out).toString("utf8");
                const stderr = Buffer.concat(err).toString("utf8");
                resolve({
                    args: full,
                    code: code ?? (sig ? 128 : 1),
                    stdout,
                    stderr,
                    output: `${stdout}\n${stderr}`,
                    ms: Date.now() - started,
                });
            });
        }).then((res) => {
            this.runs.push(res);
            // A transcript for inspection (KEEP_ENGINE_TMP=1 keeps the temp tree).
            const shown =
                full.includes("--secret") && dashes >= 0
                    ? [...full.slice(0, full.indexOf("--") + 1), "[secret]"]
                    : full;
            fs.appendFileSync(
                path.join(this.root, "cli.log"),
                `\n$ pulumi ${shown.join(" ")}   # exit ${res.code}, ${res.ms} ms\n${res.stdout}${res.stderr}`,
            );
            if (res.code !== 0 && !opts.allowFailure) {
                throw new Error(`pulumi ${full.join(" ")} exited ${res.code}:\n${res.output}`);
            }
            return res;
        });
        return {
            signal,
            output: () => `${Buffer.concat(out).toString("utf8")}\n${Buffer.concat(err).toString("utf8")}`,
            result,
        };
    }

    async setConfig(key: string, value: string, opts: { secret?: boolean } = {}): Promise<void> {
        // `--` so values starting with "-" are not flags; the value is an argument, never logged by us.
        await this.run(["config", "set", ...(opts.secret ? ["--secret"] : ["--plaintext"]), key, "--", value]);
    }

    async setConfigs(entries: Record<string, string>): Promise<void> {
        for (const [k, v] of Object.entries(entries)) await this.setConfig(k, v);
    }

    async removeConfig(key: string): Promise<void> {
        await this.run(["config", "rm", key]);
    }

    /** `pulumi stack output --json [--show-secrets]`. */
    async outputs(showSecrets = false): Promise<Record<string, unknown>> {
        const r = await this.run(["stack", "output", "--json", ...(showSecrets ? ["--show-secrets"] : [])]);
        return JSON.parse(r.stdout || "{}") as Record<string, unknown>;
    }

    /** `pulumi stack export` (secrets stay encrypted): the raw text and the parsed deployment. */
    async exportState(): Promise<{ text: string; deployment: Deployment }> {
        const r = await this.run(["stack", "export"]);
        return { text: r.stdout, deployment: JSON.parse(r.stdout) as Deployment };
    }

    /** The last entry of `pulumi stack history --json` (the latest update/preview-less operation). */
    async lastHistory(): Promise<HistoryEntry> {
        const r = await this.run(["stack", "history", "--json"]);
        const entries = JSON.parse(r.stdout || "[]") as HistoryEntry[];
        if (entries.length === 0) throw new Error("stack history is empty");
        // Newest first.
        return entries[0];
    }

    /** Every regular file under the backend folder (and the project's stack config), with its text. */
    persistedFiles(): { file: string; text: string }[] {
        const files: { file: string; text: string }[] = [];
        const walk = (dir: string) => {
            for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
                const p = path.join(dir, e.name);
                if (e.isDirectory()) walk(p);
                else if (e.isFile()) files.push({ file: p, text: fs.readFileSync(p, "latin1") });
            }
        };
        walk(this.backendDir);
        const stackConfig = path.join(this.projectDir, `Pulumi.${this.stack}.yaml`);
        if (fs.existsSync(stackConfig)) files.push({ file: stackConfig, text: fs.readFileSync(stackConfig, "utf8") });
        return files;
    }

    /** Removes the whole temp tree (project, backend, home). */
    dispose(): void {
        fs.rmSync(this.root, { recursive: true, force: true });
    }
}

export interface StateResource {
    urn: string;
    type: string;
    id?: string;
    custom?: boolean;
    inputs?: Record<string, unknown>;
    outputs?: Record<string, unknown>;
    initErrors?: string[];
    additionalSecretOutputs?: string[];
}

export interface Deployment {
    version: number;
    deployment: {
        resources?: StateResource[];
        pending_operations?: unknown[];
        secrets_providers?: unknown;
    };
}

export interface HistoryEntry {
    kind: string;
    result: string;
    resourceChanges?: Record<string, number>;
    startTime?: string;
    endTime?: string;
}

/** Which of `needles` occur in `haystack`. */
export function plaintextHits(haystack: string, needles: readonly string[]): string[] {
    return needles.filter((n) => n.length > 0 && haystack.includes(n));
}

/**
 * Lines of CLI output that report throttling as an error (the user must never see one). The
 * provider's own progress lines about a retried throttle ("…got CvmThrottledError (4400); retry 1
 * in 2s") are not errors.
 */
export function throttlingErrorLines(output: string): string[] {
    return output.split("\n").filter((l) => /\b4400\b|RequestLimitExceeded/.test(l) && /\berror:|failed/i.test(l));
}
