import { expect } from "chai";
import * as path from "node:path";
import { repoRoot } from "../support/paths";
import { EMULATOR_SECRET_ID, EMULATOR_SECRET_KEY, EmulatorProcess, RequestCursor } from "./emulatorProcess";
import { type Deployment, plaintextHits, PulumiProject, type StateResource } from "./pulumiCli";

export const RESOURCE_TYPE = "pulumi-nodejs:dynamic/cvm:InstanceReinstall";
export const SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** The engine-test program (tests/engine/programs/<name>): its Pulumi.yaml and compiled entry. */
export function engineProgram(name: string): { template: string; program: string } {
    return {
        template: path.join(repoRoot(), "tests", "engine", "programs", name),
        program: path.join(repoRoot(), "dist", "tests", "engine", "programs", name, "index.js"),
    };
}

/** The repository's example (root Pulumi.yaml, compiled examples/basic). */
export function exampleProgram(): { template: string; program: string } {
    return { template: repoRoot(), program: path.join(repoRoot(), "dist", "examples", "basic", "index.js") };
}

/** Environment of every CLI run against `emu`: the endpoint by env var, fast polls, nothing else. */
export function emulatorEnv(emu: EmulatorProcess): Record<string, string> {
    return { CVM_REINSTALL_ENDPOINT: emu.url, CVM_REINSTALL_POLL_MAX_MS: "100" };
}

/** A one-instance stack of the `reinstall` engine program against its own emulator process. */
export interface OneInstanceStack {
    emu: EmulatorProcess;
    project: PulumiProject;
    cursor: RequestCursor;
    dispose(): Promise<void>;
}

/**
 * Starts an emulator with `ins-00000001` and a stack declaring it with `imageId`, a secret
 * `password` and any further `config`; credentials as stack config.
 */
export async function oneInstanceStack(o: {
    label: string;
    reinstallSeconds: number;
    pollMaxMs: number;
    imageId: string;
    password: string;
    config?: Record<string, string>;
}): Promise<OneInstanceStack> {
    const emu = await EmulatorProcess.start({ fleet: 1, clockSpeed: 1, reinstallSeconds: o.reinstallSeconds });
    const project = await PulumiProject.create({
        ...engineProgram("reinstall"),
        env: { ...emulatorEnv(emu), CVM_REINSTALL_POLL_MAX_MS: String(o.pollMaxMs) },
        label: o.label,
    });
    await setCloudConfig(project);
    await project.setConfigs({ instanceIds: JSON.stringify(["ins-00000001"]), imageId: o.imageId, ...o.config });
    await project.setConfig("password", o.password, { secret: true });
    return {
        emu,
        project,
        cursor: new RequestCursor(emu),
        async dispose() {
            await emu.stop();
            if (process.env.KEEP_ENGINE_TMP) console.log(`      kept ${project.root}`);
            else project.dispose();
        },
    };
}

/** Credentials and region as stack config (the key as a secret), as a user sets them. */
export async function setCloudConfig(project: PulumiProject, region = "ap-guangzhou"): Promise<void> {
    await project.setConfig("tencentcloud:secretId", EMULATOR_SECRET_ID);
    await project.setConfig("tencentcloud:secretKey", EMULATOR_SECRET_KEY, { secret: true });
    await project.setConfig("tencentcloud:region", region);
}

export function reinstallResources(d: Deployment): StateResource[] {
    return (d.deployment.resources ?? []).filter((r) => r.type === RESOURCE_TYPE);
}

export function isCiphertext(v: unknown): boolean {
    return (
        !!v &&
        typeof v === "object" &&
        (v as Record<string, unknown>)[SIG_KEY] === SECRET_SIG &&
        typeof (v as Record<string, unknown>).ciphertext === "string"
    );
}

/**
 * The secrets audit run after every step: `pulumi stack export`, every file of the backend (and the
 * stack's config file) and every CLI output so far (except `--show-secrets` runs) hold none of
 * `secrets` in plaintext; stored passwords are ciphertext; and, while the stack has resources,
 * `pulumi stack output --show-secrets` shows `password`.
 */
export async function auditSecrets(
    project: PulumiProject,
    secrets: readonly string[],
    opts: { password?: string; stage: string },
): Promise<Deployment> {
    const { text, deployment } = await project.exportState();
    expect(plaintextHits(text, secrets), `${opts.stage}: plaintext secret in \`pulumi stack export\``).to.deep.equal(
        [],
    );
    for (const f of project.persistedFiles()) {
        expect(plaintextHits(f.text, secrets), `${opts.stage}: plaintext secret in ${f.file}`).to.deep.equal([]);
    }
    for (const run of project.runs) {
        if (run.args.includes("--show-secrets")) continue;
        expect(
            plaintextHits(run.output, secrets),
            `${opts.stage}: plaintext secret in the output of pulumi ${run.args.join(" ")}`,
        ).to.deep.equal([]);
    }
    for (const r of reinstallResources(deployment)) {
        for (const where of ["inputs", "outputs"] as const) {
            const pw = r[where]?.password;
            if (pw !== undefined)
                expect(
                    isCiphertext(pw),
                    `${opts.stage}: ${r.urn} ${where}.password is stored as ${JSON.stringify(pw)}`,
                ).to.equal(true);
        }
    }
    if (opts.password !== undefined) {
        const shown = await project.outputs(true);
        expect(shown.password, `${opts.stage}: pulumi stack output --show-secrets`).to.equal(opts.password);
        const hidden = await project.outputs(false);
        expect(hidden.password, `${opts.stage}: pulumi stack output (no --show-secrets)`).to.equal("[secret]");
    }
    return deployment;
}

/** The lines the provider host wrote (prefixed `cvm-reinstall:`), as they appear in the CLI output. */
export function providerLines(output: string): string[] {
    return output.split("\n").filter((l) => l.includes("cvm-reinstall:"));
}
