import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { engineProgram, isCiphertext } from "./fixtures";
import { findPulumiBin, PulumiProject, type StateResource } from "./pulumiCli";

/**
 * What the REAL engine sends a Node dynamic provider, recorded by a tiny probe provider
 * (tests/engine/programs/probe). These are the facts the in-repo engine stand-in
 * (tests/support/engine.ts) and the product's provider rely on; a change in the engine shows here.
 */

interface Call {
    method: string;
    args: Record<string, any>;
}

const PW_1 = "Pr0be#One";
const PW_2 = "Pr0be#Two";

describe("engine: what the real engine sends a dynamic provider (probe)", function () {
    this.timeout(10 * 60_000);

    let project: PulumiProject | undefined;
    let probeFile: string;
    const p = () => project!;

    const calls = (): Call[] =>
        fs.existsSync(probeFile)
            ? fs
                  .readFileSync(probeFile, "utf8")
                  .split("\n")
                  .filter(Boolean)
                  .map((l) => JSON.parse(l) as Call)
            : [];
    const take = (): Call[] => {
        const all = calls();
        fs.writeFileSync(probeFile, "");
        return all;
    };
    const probeState = async (): Promise<StateResource> => {
        const { deployment } = await p().exportState();
        const r = (deployment.deployment.resources ?? []).find((x) => x.type.endsWith(":Probe"));
        if (!r) throw new Error("no probe resource in the state");
        return r;
    };

    before(async () => {
        findPulumiBin();
        project = await PulumiProject.create({ ...engineProgram("probe"), label: "cvm-engine-probe" });
        probeFile = path.join(project.root, "probe.jsonl");
        // The provider host inherits the CLI's environment.
        project.setEnv("ENGINE_PROBE_FILE", probeFile);
        await p().setConfigs({ value: "a", mode: "ok" });
        await p().setConfig("pw", PW_1, { secret: true });
    });

    after(() => {
        if (process.env.KEEP_ENGINE_TMP) console.log(`      kept ${project?.root}`);
        else project?.dispose();
    });

    it("create: Check gets no olds, the secret arrives in plain text, provider output shows in `up`", async () => {
        const r = await p().run(["up", "--yes", "--skip-preview"]);
        const c = take();
        const check = c.find((x) => x.method === "check")!;
        const create = c.find((x) => x.method === "create")!;
        expect(check.args.olds, "Check olds on create").to.deep.equal({});
        expect(create.args.inputs.pw, "secret input as the provider sees it").to.equal(PW_1);
        expect(create.args.inputs.__provider, "__provider in Create properties").to.be.a("string");
        const shown = r.output.split("\n").filter((l) => /probe-std(out|err)/.test(l));
        console.log(
            `      provider output as shown by \`pulumi up\`:\n${shown.map((l) => `        |${l}`).join("\n")}`,
        );
        expect(shown.join("\n")).to.match(/probe-stderr: create/);
        const s = await probeState();
        console.log(
            `      stored after create: outputs.pw secret=${isCiphertext(s.outputs?.pw)}, outputs.token secret=${isCiphertext(s.outputs?.token)}, ` +
                `additionalSecretOutputs=${JSON.stringify(s.additionalSecretOutputs)}`,
        );
        expect(isCiphertext(s.outputs?.pw)).to.equal(true);
        expect(isCiphertext(s.outputs?.token)).to.equal(true);
    });

    it("update: Check olds are the previous INPUTS, Diff/Update olds the previous OUTPUTS", async () => {
        await p().setConfig("value", "b");
        await p().run(["up", "--yes", "--skip-preview"]);
        const c = take();
        const check = c.find((x) => x.method === "check")!;
        const diff = c.find((x) => x.method === "diff")!;
        const update = c.find((x) => x.method === "update")!;
        console.log(
            `      Check olds keys: ${Object.keys(check.args.olds).sort().join(",")}; Diff olds keys: ${Object.keys(diff.args.olds).sort().join(",")}; ` +
                `Diff news keys: ${Object.keys(diff.args.news).sort().join(",")}`,
        );
        expect(check.args.olds).to.not.have.property("derived");
        expect(check.args.olds.value).to.equal("a");
        expect(diff.args.olds.derived, "Diff olds carry output-only properties").to.equal("derived-a");
        expect(diff.args.olds.pw, "secret in Diff olds").to.equal(PW_1);
        expect(update.args.olds.derived).to.equal("derived-a");
        expect(update.args.news.value).to.equal("b");
    });

    it("refresh: Read gets the outputs", async () => {
        await p().run(["refresh", "--yes"]);
        const c = take();
        const read = c.find((x) => x.method === "read")!;
        const diffs = c.filter((x) => x.method === "diff");
        console.log(
            `      refresh called: ${c.map((x) => x.method).join(",")}` +
                (diffs.length
                    ? `; Diff olds keys ${Object.keys(diffs[0].args.olds).sort().join(",")}, news keys ${Object.keys(diffs[0].args.news).sort().join(",")}`
                    : ""),
        );
        expect(read.args.props.derived).to.equal("derived-b");
        expect(read.args.props.pw).to.equal(PW_1);
    });

    it("partial failure in update: the engine stores the error's properties; how are secrets and __provider kept?", async () => {
        await p().setConfigs({ value: "c", mode: "partial" });
        await p().setConfig("pw", PW_2, { secret: true });
        const r = await p().run(["up", "--yes", "--skip-preview"], { allowFailure: true });
        take();
        expect(r.code, r.output).to.not.equal(0);
        const s = await probeState();
        const outs = s.outputs ?? {};
        console.log(
            `      stored after a partial failure: keys=${Object.keys(outs).sort().join(",")}; initErrors=${JSON.stringify(s.initErrors)}; ` +
                `pw secret=${isCiphertext(outs.pw)}, token secret=${isCiphertext(outs.token)}, __provider kept=${typeof outs.__provider === "string"}; ` +
                `inputs.value=${JSON.stringify(s.inputs?.value)}`,
        );
        expect(outs.extra, "partial-failure properties stored").to.equal("kept-after-partial-failure");
        expect(outs.value, "outputs are the error's properties").to.equal("c");
        expect(s.inputs?.value, "after a partial failure in Update the engine keeps the PREVIOUS inputs").to.equal("b");
        expect(s.initErrors).to.deep.equal(["probe partial failure"]);
        expect(isCiphertext(outs.pw), "a same-named secret input re-marks the plain property").to.equal(true);
        expect(isCiphertext(outs.token), "additionalSecretOutputs applies to partial-failure properties").to.equal(
            true,
        );
        const { text } = await p().exportState();
        expect(text.includes(PW_2), "plaintext password in the state after a partial failure").to.equal(false);
        for (const f of p().persistedFiles()) expect(f.text.includes(PW_2), f.file).to.equal(false);

        // The next operations on that state: refresh (Read uses the stored outputs' __provider) and up.
        const refresh = await p().run(["refresh", "--yes"], { allowFailure: true });
        const readCalls = take().filter((x) => x.method === "read");
        // `refresh --yes` without --skip-preview reads every resource twice (preview, then refresh).
        expect(readCalls.length).to.be.oneOf([1, 2]);
        expect((await probeState()).initErrors ?? [], "refresh clears init errors").to.deep.equal([]);
        console.log(
            `      refresh after the partial failure: exit ${refresh.code}, Read called ${readCalls.length}×` +
                (refresh.code !== 0
                    ? `; error: ${refresh.output
                          .split("\n")
                          .filter((l) => /error/i.test(l))
                          .slice(0, 3)
                          .join(" | ")}`
                    : ""),
        );
        await p().setConfig("mode", "ok");
        const up = await p().run(["up", "--yes", "--skip-preview"], { allowFailure: true });
        const c = take();
        const diff = c.find((x) => x.method === "diff");
        console.log(
            `      up after it: exit ${up.code}; Diff olds keys: ${diff ? Object.keys(diff.args.olds).sort().join(",") : "(no Diff)"}; ` +
                `methods: ${c.map((x) => x.method).join(",")}`,
        );
        expect(up.code, up.output).to.equal(0);
    });

    it("destroy: Delete gets the outputs", async () => {
        await p().run(["destroy", "--yes", "--skip-preview"]);
        const del = take().find((x) => x.method === "delete")!;
        expect(del.args.props.derived).to.equal("derived-c");
        expect(del.args.props.__provider).to.be.a("string");
    });
});
