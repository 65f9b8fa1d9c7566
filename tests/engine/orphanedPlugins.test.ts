import { expect } from "chai";
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import { RequestCursor } from "./emulatorProcess";
import { type OneInstanceStack, oneInstanceStack } from "./fixtures";
import { type CliResult, findPulumiBin } from "./pulumiCli";

/**
 * `kill -9` of `pulumi` in the middle of an `up` (what a cancelled CI job or an OOM kill does): the
 * plugins it started (our language host, the dynamic-provider launcher, the Node.js provider host and
 * program) must end with it instead of serving a dead engine. They are found through a marker in the
 * environment, which every process started under that `pulumi` inherits.
 */

const MARK_VAR = "CVM_KILLED_CLI_MARK";
const SETTLE_MS = 5_000;

interface Proc {
    pid: number;
    state: string;
    cmd: string;
}

/** The processes (zombies excluded: they are gone, only not yet reaped) whose environment holds the mark. */
function marked(mark: string): Proc[] {
    const found: Proc[] = [];
    for (const entry of fs.readdirSync("/proc")) {
        if (!/^\d+$/.test(entry)) continue;
        try {
            const env = fs.readFileSync(`/proc/${entry}/environ`, "latin1").split("\0");
            if (!env.includes(`${MARK_VAR}=${mark}`)) continue;
            const stat = fs.readFileSync(`/proc/${entry}/stat`, "latin1");
            const state = stat.slice(stat.lastIndexOf(")") + 2).split(" ")[0];
            const cmd = fs.readFileSync(`/proc/${entry}/cmdline`, "latin1").split("\0").join(" ").trim();
            if (state !== "Z") found.push({ pid: Number(entry), state, cmd });
        } catch {
            // exited while we looked
        }
    }
    return found;
}

const describeProcs = (ps: Proc[]) => ps.map((p) => `${p.pid} [${p.state}] ${p.cmd}`).join("\n");

async function waitFor<T>(what: string, ms: number, probe: () => Promise<T | undefined> | T | undefined): Promise<T> {
    const deadline = Date.now() + ms;
    for (;;) {
        const v = await probe();
        if (v !== undefined) return v;
        if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 100));
    }
}

describe("engine: a killed pulumi leaves no process behind (real pulumi CLI)", function () {
    this.timeout(5 * 60_000);
    const mark = randomBytes(8).toString("hex");
    let stack: OneInstanceStack | undefined;
    let up: Promise<CliResult> | undefined;

    before(async () => {
        findPulumiBin();
        // The reinstall takes two minutes of emulator time, far longer than the test: the provider
        // is still waiting on it when pulumi is killed.
        stack = await oneInstanceStack({
            label: "cvm-engine-orphans",
            reinstallSeconds: 120,
            pollMaxMs: 500,
            imageId: "img-debian12",
            password: "K1lled#Cli0",
        });
    });

    after(async () => {
        for (const p of marked(mark)) {
            try {
                process.kill(p.pid, "SIGKILL");
            } catch {
                // already gone
            }
        }
        await up?.catch(() => undefined);
        await stack?.dispose();
    });

    it("SIGKILL of pulumi mid-up ends the language host, the provider launcher and every node process within 5 s", async () => {
        const cursor = new RequestCursor(stack!.emu);
        await cursor.mark();
        up = stack!.project.run(["up", "--yes", "--skip-preview"], { allowFailure: true, env: { [MARK_VAR]: mark } });

        // Mid-up: the reset was accepted and the provider is following it.
        await waitFor("the reset request", 120_000, async () =>
            (await cursor.peek()).some((r) => /^ResetInstances?$/.test(r.action) && r.outcome === "ok")
                ? true
                : undefined,
        );
        const before = marked(mark);
        const pulumi = before.find((p) => /(^|\/)pulumi( |$)/.test(p.cmd));
        expect(pulumi, `no pulumi among the marked processes:\n${describeProcs(before)}`).to.not.equal(undefined);
        // The test can only prove something if it sees the processes it expects to end.
        for (const part of ["pulumi-language-nodejs", "pulumi-resource-pulumi-nodejs", "dynamic-provider"]) {
            expect(
                before.some((p) => p.cmd.includes(part)),
                `no ${part} process under pulumi:\n${describeProcs(before)}`,
            ).to.equal(true);
        }

        process.kill(pulumi!.pid, "SIGKILL");
        const killedAt = Date.now();
        let left: Proc[] = [];
        try {
            await waitFor("every process of the killed pulumi to end", SETTLE_MS, () => {
                left = marked(mark);
                return left.length === 0 ? true : undefined;
            });
        } catch {
            expect.fail(
                `${left.length} process(es) still running ${SETTLE_MS} ms after kill -9 of pulumi:\n${describeProcs(left)}`,
            );
        }
        console.log(`      ${before.length} processes ended ${Date.now() - killedAt} ms after kill -9 of pulumi`);
        const r = await up;
        expect(r.code).to.not.equal(0);
        // pulumi found its plugins next to itself, not a stray copy on PATH.
        expect(r.output).to.not.include("from $PATH");
    });
});
