import { expect } from "chai";
import { acceptedPerInstance, EMULATOR_SECRET_KEY, EmulatorProcess, RequestCursor } from "./emulatorProcess";
import { auditSecrets, emulatorEnv, engineProgram, reinstallResources, setCloudConfig } from "./fixtures";
import { findPulumiBin, PulumiProject } from "./pulumiCli";

/**
 * DESIGN §3: "A reset that was accepted but not confirmed (timeout, task failure) must leave enough
 * in state that the next `pulumi up` resumes instead of wiping the disk a second time." Here the
 * reset is accepted and then every status poll is throttled (4400) — as when another stack or tool
 * spends the account's DescribeInstances quota — until the provider's read retries give up. The
 * failed `up` must still record the pending reset, so the next `up` submits no second reset.
 */

const ID = "ins-00000001";
const IMAGE = "img-debian12";
const PASSWORD = "Thr0ttle#01";

describe("engine: a status poll throttled after an accepted reset does not lose the reset (real pulumi CLI)", function () {
    this.timeout(10 * 60_000);

    let emu: EmulatorProcess | undefined;
    let project: PulumiProject | undefined;
    let cursor: RequestCursor;
    const p = () => project!;

    before(async function () {
        findPulumiBin();
        emu = await EmulatorProcess.start({ fleet: 1, clockSpeed: 1, reinstallSeconds: 15 });
        cursor = new RequestCursor(emu);
        project = await PulumiProject.create({
            ...engineProgram("reinstall"),
            env: { ...emulatorEnv(emu), CVM_REINSTALL_POLL_MAX_MS: "500" },
            label: "cvm-engine-throttled",
        });
        await setCloudConfig(project);
        await project.setConfigs({ instanceIds: JSON.stringify([ID]), imageId: IMAGE });
        await project.setConfig("password", PASSWORD, { secret: true });
    });

    after(async function () {
        await emu?.stop();
        if (process.env.KEEP_ENGINE_TMP) console.log(`      kept ${project?.root}`);
        else project?.dispose();
    });

    it("the up whose polls are throttled fails, and the state records the accepted reset as pending", async () => {
        await cursor.mark();
        const up = p().run(["up", "--yes", "--skip-preview"], { allowFailure: true });
        const deadline = Date.now() + 60_000;
        while (!(await emu!.requests()).some((r) => r.action === "ResetInstances" && r.outcome === "ok")) {
            if (Date.now() > deadline) throw new Error("no ResetInstances reached the emulator within 60 s");
            await new Promise((r) => setTimeout(r, 50));
        }
        await emu!.injectFault({ kind: "throttle", action: "DescribeInstances", times: 1000 });
        const r = await up;
        await emu!.clearFaults();
        expect(acceptedPerInstance(await cursor.take(), "ResetInstances")).to.deep.equal({ [ID]: 1 });
        expect(r.code, r.output).to.not.equal(0);
        const d = await auditSecrets(p(), [PASSWORD, EMULATOR_SECRET_KEY], { stage: "after the throttled up" });
        const [res] = reinstallResources(d);
        expect(res, `the accepted reset is not in the state at all; the failed up said:\n${r.output.split("\n").filter((l) => /error/.test(l)).join("\n")}`).to.not.equal(undefined);
        expect(res.outputs?.pendingReset, "pendingReset").to.be.an("object");
    });

    it("the next up, run after that reinstall finished, submits no second reset", async () => {
        // The user re-runs later: by then the first reinstall has completed.
        const deadline = Date.now() + 60_000;
        while ((await emu!.instance(ID)).reinstalling) {
            if (Date.now() > deadline) throw new Error(`${ID} still reinstalling after 60 s`);
            await new Promise((r) => setTimeout(r, 200));
        }
        await cursor.mark();
        const r = await p().run(["up", "--yes", "--skip-preview"], { allowFailure: true });
        const resets = acceptedPerInstance(await cursor.take(), "ResetInstances");
        expect(r.code, r.output).to.equal(0);
        expect(resets, "a second ResetInstances wiped the disk again").to.deep.equal({});
    });
});
