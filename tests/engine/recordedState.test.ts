import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { EMULATOR_SECRET_KEY, EmulatorProcess } from "./emulatorProcess";
import { auditSecrets, emulatorEnv, engineProgram, reinstallResources } from "./fixtures";
import { findPulumiBin, PulumiProject } from "./pulumiCli";

/**
 * Upgrading in place: checkpoints recorded by release 0.1.0 (tests/fixtures/state-0.1.0) imported
 * into fresh stacks and run with the current provider and the real CLI. A finished reinstall stays
 * finished (no reset, and no diff when the declaration is unchanged, including a program that
 * omitted `api` under 0.1.0's legacy default); a pending reset is resumed, not sent again.
 */

const FIXTURES = path.join(__dirname, "..", "..", "..", "tests", "fixtures", "state-0.1.0");
const ID = "ins-00000001";
const IMAGE = "img-debian12";
const PASSWORD = "Rec0rded#0100";

interface Recorded {
    checkpoint: string;
    stackYaml: string;
}

function recorded(name: string): Recorded {
    return {
        checkpoint: fs.readFileSync(path.join(FIXTURES, `${name}.checkpoint.json`), "utf8"),
        stackYaml: fs.readFileSync(path.join(FIXTURES, `${name}.Pulumi.stack.yaml`), "utf8"),
    };
}

async function importInto(
    emu: EmulatorProcess,
    r: Recorded,
    patch: (text: string) => string = (t) => t,
): Promise<PulumiProject> {
    const project = await PulumiProject.create({
        ...engineProgram("reinstall"),
        env: { ...emulatorEnv(emu) },
        label: "cvm-engine-recorded",
    });
    fs.writeFileSync(path.join(project.projectDir, `Pulumi.${project.stack}.yaml`), r.stackYaml);
    const file = path.join(project.root, "checkpoint.json");
    fs.writeFileSync(file, patch(r.checkpoint));
    await project.run(["stack", "import", "--file", file]);
    return project;
}

const resets = async (emu: EmulatorProcess) => (await emu.resetCounts())[ID] ?? 0;

describe("engine: checkpoints recorded by 0.1.0 under the current provider (real pulumi CLI)", function () {
    this.timeout(10 * 60_000);
    const cleanup: (() => Promise<void> | void)[] = [];

    before(() => findPulumiBin());
    after(async () => {
        for (const c of cleanup.reverse()) await c();
    });

    async function emulatorWith(state: "done" | "reinstalling"): Promise<EmulatorProcess> {
        const emu = await EmulatorProcess.start({ fleet: 1, clockSpeed: 10, reinstallSeconds: 60 });
        cleanup.push(() => emu.stop());
        // The instance as 0.1.0 left it: reinstalled to IMAGE, or still reinstalling (someone's task in flight).
        await emu.reinstallOutOfBand(ID, IMAGE);
        if (state === "done") await emu.advance(120);
        await emu.resetRecordAfresh();
        return emu;
    }

    for (const name of ["api3-done", "default-legacy-done"]) {
        it(`${name}: preview shows no change and makes no API call; up resets nothing`, async () => {
            const emu = await emulatorWith("done");
            const project = await importInto(emu, recorded(name));
            cleanup.push(() => project.dispose());
            if (name === "default-legacy-done") await project.setConfig("api", "legacy"); // declared as recorded
            const before = (await emu.requests()).length;
            const preview = await project.run(["preview", "--diff"]);
            expect(preview.output).to.not.match(/REINSTALL|~ pulumi-nodejs:dynamic\/cvm|\+\+|replace/);
            expect((await emu.requests()).length - before, "API calls during the preview").to.equal(0);
            await project.run(["up", "--yes", "--skip-preview"]);
            expect(await resets(emu)).to.equal(0);
            const d = await auditSecrets(project, [PASSWORD, EMULATOR_SECRET_KEY], {
                stage: `${name} after up`,
                password: PASSWORD,
            });
            expect(reinstallResources(d)[0]!.outputs?.currentImageId).to.equal(IMAGE);
        });
    }

    it("default-legacy-done with a program that still omits api: a state-only update to the new default, no reset", async () => {
        const emu = await emulatorWith("done");
        const project = await importInto(emu, recorded("default-legacy-done"));
        cleanup.push(() => project.dispose());
        const up = await project.run(["up", "--yes", "--skip-preview"]);
        expect(up.output).to.not.match(/REINSTALL/);
        expect(await resets(emu)).to.equal(0);
        const d = await project.exportState();
        expect(reinstallResources(d.deployment)[0]!.outputs).to.include({
            api: "2017-03-12",
            currentImageId: IMAGE,
            stateVersion: 2,
        });
    });

    for (const name of ["api3-pending", "default-legacy-pending"]) {
        it(`${name}: the next up resumes the recorded pending reset and sends none`, async () => {
            const emu = await emulatorWith("reinstalling");
            // The recorded request is the one in flight in this emulator (request ids differ per emulator run).
            const inFlight = (await emu.instance(ID)).latestOperationRequestId;
            const r = recorded(name);
            const oldId = /"pendingReset":\s*\{[^}]*"requestId":\s*"([^"]+)"/.exec(r.checkpoint)?.[1];
            expect(oldId, "the checkpoint records a pending request id").to.be.a("string");
            const project = await importInto(emu, r, (t) =>
                name.startsWith("api3") && inFlight ? t.split(oldId!).join(inFlight) : t,
            );
            cleanup.push(() => project.dispose());
            await project.setConfig("waitTimeoutMinutes", "5");
            const up = await project.run(["up", "--yes", "--skip-preview"]);
            expect(up.output).to.match(/resuming the reset/);
            expect(await resets(emu)).to.equal(0);
            const d = await auditSecrets(project, [PASSWORD, EMULATOR_SECRET_KEY], {
                stage: `${name} after up`,
                password: PASSWORD,
            });
            const res = reinstallResources(d)[0]!;
            expect(res.outputs?.pendingReset).to.equal(undefined);
            expect(res.outputs?.currentImageId).to.equal(IMAGE);
        });
    }
});
