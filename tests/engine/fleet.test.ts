import { expect } from "chai";
import { acceptedPerInstance, countByAction, EMULATOR_SECRET_KEY, EmulatorProcess } from "./emulatorProcess";
import { auditSecrets, emulatorEnv, exampleProgram, setCloudConfig } from "./fixtures";
import { findPulumiBin, PulumiProject, throttlingErrorLines } from "./pulumiCli";

/**
 * 100 InstanceReinstall resources in one stack (the repository's example program with
 * `fleetSize: 100`), default parallelism, the emulator at the real legacy limits (100 calls/min per
 * action, 1000/min per account): every reinstall succeeds and no throttling error reaches the user.
 * 100 ResetInstances alone fill a minute's quota, so expect this to take over a minute.
 */

const FLEET = 100;
const IMAGE = "img-ubun2204";
const PASSWORD = "Fl33t#Pass";

describe("engine: a fleet of 100 InstanceReinstall under the real pulumi CLI (legacy limits)", function () {
    this.timeout(20 * 60_000);

    let emu: EmulatorProcess | undefined;
    let project: PulumiProject | undefined;

    before(async () => {
        findPulumiBin();
        // A two-minute reinstall at 60×: two real seconds. Limits are the emulator's defaults (the real ones).
        emu = await EmulatorProcess.start({ fleet: FLEET, clockSpeed: 60, reinstallSeconds: 120 });
        project = await PulumiProject.create({ ...exampleProgram(), env: emulatorEnv(emu), label: "cvm-engine-fleet" });
        await setCloudConfig(project);
        await project.setConfigs({ fleetSize: String(FLEET), imageId: IMAGE, api: "legacy" });
        await project.setConfig("password", PASSWORD, { secret: true });
    });

    after(async () => {
        await emu?.stop();
        if (process.env.KEEP_ENGINE_TMP) console.log(`      kept ${project?.root}`);
        else project?.dispose();
    });

    it(`up reinstalls all ${FLEET} instances once each, with no throttling error shown`, async () => {
        const r = await project!.run(["up", "--yes", "--skip-preview"], { allowFailure: true });
        const reqs = await emu!.requests();
        const byAction = countByAction(reqs);
        const notOk: Record<string, number> = {};
        for (const q of reqs)
            if (q.outcome !== "ok") notOk[`${q.action}:${q.outcome}`] = (notOk[`${q.action}:${q.outcome}`] ?? 0) + 1;
        const describes = reqs.filter((q) => q.action === "DescribeInstances");
        const idsPerDescribe = describes.length
            ? (describes.reduce((n, q) => n + (q.instanceIds?.length ?? 0), 0) / describes.length).toFixed(1)
            : "-";
        const seconds = (r.ms / 1000).toFixed(1);
        console.log(
            `      fleet of ${FLEET}: pulumi up took ${seconds} s; API calls by action ${JSON.stringify(byAction)}; ` +
                `not ok: ${JSON.stringify(notOk)}; ${idsPerDescribe} instance ids per DescribeInstances; ${r.output.split("\n").filter((l) => l.includes("cvm-reinstall:")).length} progress lines`,
        );

        expect(r.code, r.output.slice(-4000)).to.equal(0);
        expect(throttlingErrorLines(r.output), "throttling errors shown to the user").to.deep.equal([]);
        const perInstance = acceptedPerInstance(reqs, "ResetInstances");
        expect(Object.keys(perInstance)).to.have.length(FLEET);
        expect(
            Object.values(perInstance).every((n) => n === 1),
            JSON.stringify(perInstance),
        ).to.equal(true);
        const outs = await project!.outputs();
        const images = Object.values(outs.currentImageId as Record<string, string>);
        expect(images).to.have.length(FLEET);
        expect(images.every((i) => i === IMAGE)).to.equal(true);
        const instances = await emu!.instances();
        expect(instances.filter((i) => i.imageId === IMAGE && !i.reinstalling)).to.have.length(FLEET);
        const history = await project!.lastHistory();
        expect(history.resourceChanges).to.include({ create: FLEET + 1 });
        await auditSecrets(
            project!,
            [PASSWORD, EMULATOR_SECRET_KEY],
            { stage: "after the fleet up" } /* the example exports no password */,
        );
    });
});
