import { expect } from "chai";
import { EMULATOR_SECRET_KEY, EmulatorProcess } from "./emulatorProcess";
import { auditSecrets, emulatorEnv, engineProgram, reinstallResources, setCloudConfig } from "./fixtures";
import { findPulumiBin, PulumiProject } from "./pulumiCli";

/**
 * The real `pulumi` CLI killed in the middle of a reinstall, as a lost CI runner or an impatient
 * user does it: SIGKILL of the whole process group (CLI, language host, provider host) once every
 * reset was accepted, the tasks finish meanwhile, then `pulumi cancel` and `pulumi up` (and the
 * same after two Ctrl-C). Nothing of the creates is in the checkpoint; the intent tags on the
 * instances let the next run find its own resets: exactly one reset per instance in the
 * emulator's own record (docs/exactly-once.md).
 */

const INSTANCES = ["ins-00000001", "ins-00000002", "ins-00000003"];
const IMAGE = "img-debian12";
const PASSWORD = "K1lled#Run0001";

async function until(what: string, cond: () => Promise<boolean>, ms = 60_000): Promise<void> {
    const end = Date.now() + ms;
    while (!(await cond())) {
        if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 200));
    }
}

for (const interruption of ["SIGKILL of the process group", "two Ctrl-C"] as const) {
    describe(`engine: ${interruption} of pulumi mid-reinstall, then cancel and up (real pulumi CLI, API 3.0)`, function () {
        this.timeout(10 * 60_000);
        let emu: EmulatorProcess;
        let project: PulumiProject;

        before(async () => {
            findPulumiBin();
            // 60 s reinstalls: long enough to interrupt during the wait; the clock is advanced after.
            emu = await EmulatorProcess.start({ fleet: INSTANCES.length, clockSpeed: 1, reinstallSeconds: 60 });
            project = await PulumiProject.create({
                ...engineProgram("reinstall"),
                env: { ...emulatorEnv(emu), CVM_REINSTALL_POLL_MAX_MS: "500" },
                label: "cvm-engine-killed",
            });
            await setCloudConfig(project);
            await project.setConfigs({ instanceIds: JSON.stringify(INSTANCES), imageId: IMAGE, api: "2017-03-12" });
            await project.setConfig("password", PASSWORD, { secret: true });
        });

        after(async () => {
            await emu?.stop();
            if (process.env.KEEP_ENGINE_TMP) console.log(`      kept ${project?.root}`);
            else project?.dispose();
        });

        it("the interrupted up leaves every reset accepted once and nothing of the creates recorded", async () => {
            const run = project.start(["up", "--yes", "--skip-preview"], { allowFailure: true });
            await until(
                "every reset accepted",
                async () => Object.values(await emu.resetCounts()).filter((n) => n === 1).length === INSTANCES.length,
            );
            await until("the wait to begin", async () => /accepted \(request/.test(run.output()));
            if (interruption === "two Ctrl-C") {
                run.signal("SIGINT", false);
                await new Promise((r) => setTimeout(r, 500));
                run.signal("SIGINT", false);
            } else {
                run.signal("SIGKILL");
            }
            const r = await run.result;
            expect(r.code, r.output).to.not.equal(0);
            await emu.advance(120);
            for (const id of INSTANCES) expect((await emu.instance(id)).imageId, id).to.equal(IMAGE);
        });

        it("pulumi cancel and the next up record every reinstall without a second reset", async () => {
            await project.run(["cancel", "--yes"], { allowFailure: true });
            const r = await project.run(["up", "--yes", "--skip-preview"], { allowFailure: true });
            expect(r.code, r.output).to.equal(0);
            expect(await emu.resetCounts()).to.deep.equal(Object.fromEntries(INSTANCES.map((id) => [id, 1])));
            const d = await auditSecrets(project, [PASSWORD, EMULATOR_SECRET_KEY], {
                stage: "after the up that followed the interruption",
                password: PASSWORD,
            });
            const resources = reinstallResources(d);
            expect(resources).to.have.length(INSTANCES.length);
            for (const res of resources) {
                expect(res.outputs?.currentImageId).to.equal(IMAGE);
                expect(res.outputs?.pendingReset).to.equal(undefined);
            }
        });

        it("a further up is a no-op: no API call that resets", async () => {
            const r = await project.run(["up", "--yes", "--skip-preview"]);
            expect(r.output).to.not.match(/REINSTALL/);
            expect(await emu.resetCounts()).to.deep.equal(Object.fromEntries(INSTANCES.map((id) => [id, 1])));
        });
    });
}
