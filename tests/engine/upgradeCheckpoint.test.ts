import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { repoRoot } from "../support/paths";
import { countByAction, EmulatorProcess, RequestCursor } from "./emulatorProcess";
import { emulatorEnv, exampleProgram, providerLines, reinstallResources, setCloudConfig } from "./fixtures";
import { findPulumiBin, PulumiProject } from "./pulumiCli";

/**
 * A stack recorded by release 0.1.0 (whose default api was `legacy`; the checkpoint under
 * tests/fixtures/checkpoints was written by that release's `pulumi up` of the example with
 * `fleetSize: 3` and no `api`) meets this release, whose default is API 3.0, with the same program:
 * a state-only update, and not one reset.
 */

const CHECKPOINT = path.join(repoRoot(), "tests", "fixtures", "checkpoints", "example-3-legacy-default-0.1.0.json");
const IDS = ["ins-00000001", "ins-00000002", "ins-00000003"];

describe("engine: a stack recorded under the old legacy default, upgraded (real pulumi CLI)", function () {
    this.timeout(10 * 60_000);
    let emu: EmulatorProcess;
    let project: PulumiProject;
    let cursor: RequestCursor;

    before(async () => {
        findPulumiBin();
        emu = await EmulatorProcess.start({ fleet: 3, clockSpeed: 60, reinstallSeconds: 60 });
        for (const id of IDS) await emu.reinstallOutOfBand(id, "img-ubun2204"); // what that up left behind
        cursor = new RequestCursor(emu);
        project = await PulumiProject.create({
            ...exampleProgram(),
            env: emulatorEnv(emu),
            label: "cvm-engine-upgrade",
        });
        await setCloudConfig(project);
        await project.setConfigs({ fleetSize: "3", imageId: "img-ubun2204" });
        await project.setConfig("password", "Fl33t#Pass", { secret: true });
        const copy = path.join(project.root, "checkpoint.json");
        fs.copyFileSync(CHECKPOINT, copy);
        await project.run(["stack", "import", "--file", copy]);
        const { deployment } = await project.exportState();
        expect(reinstallResources(deployment).map((r) => r.outputs?.api)).to.deep.equal(["legacy", "legacy", "legacy"]);
        await cursor.mark();
    });

    after(async () => {
        await emu?.stop();
        if (process.env.KEEP_ENGINE_TMP) console.log(`      kept ${project?.root}`);
        else project?.dispose();
    });

    it("preview shows state-only updates: no REINSTALL line and no API call", async () => {
        const r = await project.run(["preview", "--diff"]);
        expect(providerLines(r.output).filter((l) => /REINSTALL/.test(l))).to.deep.equal([]);
        expect(countByAction(await cursor.take())).to.deep.equal({});
    });

    it("up records api 2017-03-12 without a single reset", async () => {
        const r = await project.run(["up", "--yes", "--skip-preview"]);
        const calls = countByAction(await cursor.take());
        expect(calls.ResetInstance ?? 0, r.output.slice(-2000)).to.equal(0);
        expect(calls.ResetInstances ?? 0).to.equal(0);
        const { deployment } = await project.exportState();
        expect(reinstallResources(deployment).map((r) => r.outputs?.api)).to.deep.equal([
            "2017-03-12",
            "2017-03-12",
            "2017-03-12",
        ]);
        expect(reinstallResources(deployment).map((r) => r.outputs?.currentImageId)).to.deep.equal([
            "img-ubun2204",
            "img-ubun2204",
            "img-ubun2204",
        ]);
    });

    it("the next preview sees no change", async () => {
        const r = await project.run(["preview", "--expect-no-changes"], { allowFailure: true });
        expect(r.code, r.output.slice(-2000)).to.equal(0);
        expect(countByAction(await cursor.take())).to.deep.equal({});
    });
});
