import * as fs from "node:fs";
import * as pulumi from "@pulumi/pulumi";

/**
 * A recording dynamic provider: each method appends `{method, args}` as a JSON line to the file
 * named by ENGINE_PROBE_FILE (read in the provider host when the method runs) and prints one line
 * on stdout and one on stderr, so the engine test can compare what the real engine does with what
 * the in-repo engine stand-in (tests/support/engine.ts) assumes.
 *
 * Config (project `cvm-engine-probe`): `value`, `pw` (secret), `mode` ("ok" | "partial").
 * `mode: partial` makes create/update fail after "accepting" the change, returning properties that
 * hold the password in plain text under `pw` (a secret input) and `token` (only in
 * additionalSecretOutputs), plus `extra`.
 */
function record(method: string, args: unknown): void {
    const file = process.env.ENGINE_PROBE_FILE;
    if (file) fs.appendFileSync(file, `${JSON.stringify({ method, args })}\n`);
    process.stdout.write(`probe-stdout: ${method}\n`);
    process.stderr.write(`probe-stderr: ${method}\n`);
}

function partial(id: string, news: Record<string, unknown>): Error {
    const e = new Error("probe: accepted but not confirmed") as Error & {
        id: string;
        properties: unknown;
        reasons: string[];
    };
    e.id = id;
    e.properties = { ...news, token: `token-${String(news.pw)}`, extra: "kept-after-partial-failure" };
    e.reasons = ["probe partial failure"];
    return e;
}

const probeProvider: pulumi.dynamic.ResourceProvider = {
    async check(olds: any, news: any) {
        record("check", { olds, news });
        return { inputs: news };
    },
    async diff(id: string, olds: any, news: any) {
        record("diff", { id, olds, news });
        return { changes: olds.value !== news.value || olds.pw !== news.pw || olds.mode !== news.mode };
    },
    async create(inputs: any) {
        record("create", { inputs });
        if (inputs.mode === "partial") throw partial("probe-id", inputs);
        return { id: "probe-id", outs: { ...inputs, derived: `derived-${inputs.value}`, token: `token-${inputs.pw}` } };
    },
    async update(id: string, olds: any, news: any) {
        record("update", { id, olds, news });
        if (news.mode === "partial") throw partial(id, news);
        return { outs: { ...news, derived: `derived-${news.value}`, token: `token-${news.pw}` } };
    },
    async read(id: string, props: any) {
        record("read", { id, props });
        return { id, props };
    },
    async delete(id: string, props: any) {
        record("delete", { id, props });
    },
};

class Probe extends pulumi.dynamic.Resource {
    declare public readonly derived: pulumi.Output<string>;
    declare public readonly pw: pulumi.Output<string>;
    constructor(name: string, props: Record<string, pulumi.Input<unknown>>, opts?: pulumi.CustomResourceOptions) {
        super(probeProvider, name, { ...props, derived: undefined, token: undefined }, opts, "probe", "Probe");
    }
}

const config = new pulumi.Config();
const res = new Probe(
    "probe",
    { value: config.require("value"), mode: config.get("mode") ?? "ok", pw: config.requireSecret("pw") },
    { additionalSecretOutputs: ["pw", "token"] },
);

export = { derived: res.derived, pw: res.pw };
