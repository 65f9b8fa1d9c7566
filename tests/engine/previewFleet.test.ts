import { expect } from "chai";
import { countByAction, EmulatorProcess, RequestCursor } from "./emulatorProcess";
import { emulatorEnv, exampleProgram, providerLines, setCloudConfig } from "./fixtures";
import { findPulumiBin, PulumiProject } from "./pulumiCli";

/**
 * What `pulumi preview` costs in API calls for a fleet of 100 (the example with `fleetSize: 100`,
 * API 3.0), through the real CLI: nothing when nothing changed; for a changed image one read and
 * one dry run per resource, the reads batched when the engine diffs in parallel
 * (PULUMI_PARALLEL_DIFF=true).
 */

const FLEET = 100;

describe(`engine: API calls of a preview of ${FLEET} resources (real pulumi CLI)`, function () {
    this.timeout(20 * 60_000);
    let emu: EmulatorProcess;
    let project: PulumiProject;
    let cursor: RequestCursor;

    const preview = async (what: string, env?: Record<string, string>) => {
        await cursor.mark();
        const r = await project.run(["preview"], { allowFailure: true, ...(env ? { env } : {}) });
        const calls = countByAction(await cursor.take());
        const lines = new Set(providerLines(r.output).filter((l) => /will REINSTALL/.test(l))).size;
        console.log(
            `      ${what}: exit ${r.code} in ${(r.ms / 1000).toFixed(1)} s; API calls ${JSON.stringify(calls)}; ${lines} REINSTALL lines`,
        );
        return { r, calls };
    };

    before(async () => {
        findPulumiBin();
        emu = await EmulatorProcess.start({ fleet: FLEET, clockSpeed: 120, reinstallSeconds: 120 });
        cursor = new RequestCursor(emu);
        project = await PulumiProject.create({
            ...exampleProgram(),
            env: emulatorEnv(emu),
            label: "cvm-engine-preview100",
        });
        await setCloudConfig(project);
        await project.setConfigs({ fleetSize: String(FLEET), imageId: "img-ubun2204" });
        await project.setConfig("password", "Fl33t#Pass", { secret: true });
        const up = await project.run(["up", "--yes", "--skip-preview"], { allowFailure: true });
        expect(up.code, up.output.slice(-3000)).to.equal(0);
    });

    after(async () => {
        await emu?.stop();
        if (process.env.KEEP_ENGINE_TMP) console.log(`      kept ${project?.root}`);
        else project?.dispose();
    });

    it("an unchanged fleet previews with no API call at all", async () => {
        const { r, calls } = await preview(`unchanged fleet of ${FLEET}`);
        expect(r.code).to.equal(0);
        expect(calls).to.deep.equal({});
    });

    it("a changed image previews with one read and one dry run per resource, and no reset", async () => {
        await project.setConfig("imageId", "img-debian12");
        const { r, calls } = await preview(`changed fleet of ${FLEET}, default (serial) diffs`);
        expect(r.code, r.output.slice(-3000)).to.equal(0);
        expect(calls.DescribeInstances).to.be.at.most(FLEET);
        expect(calls.InquiryPriceResetInstance).to.equal(FLEET);
        expect(calls.ResetInstance ?? 0).to.equal(0);
    });

    it("with PULUMI_PARALLEL_DIFF=true the reads of the changed fleet are batched", async () => {
        const { r, calls } = await preview(`changed fleet of ${FLEET}, PULUMI_PARALLEL_DIFF=true`, {
            PULUMI_PARALLEL_DIFF: "true",
        });
        expect(r.code, r.output.slice(-3000)).to.equal(0);
        // The engine starts the diffs at its own pace; reads that arrive together share a call (measured: 18 for 100).
        // (55 on a runner busy with other work): still well below one read per resource.
        expect(calls.DescribeInstances).to.be.at.most(FLEET * 0.7);
        expect(calls.ResetInstance ?? 0).to.equal(0);
    });
});
