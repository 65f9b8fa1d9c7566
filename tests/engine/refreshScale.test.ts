import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { countByAction, EmulatorProcess, RequestCursor } from "./emulatorProcess";
import { emulatorEnv, exampleProgram, reinstallResources, setCloudConfig } from "./fixtures";
import { findPulumiBin, PulumiProject, type StateResource, throttlingErrorLines } from "./pulumiCli";

/**
 * `pulumi refresh` of a large stack under the legacy limits (100 DescribeInstances per minute),
 * through the real CLI. The stack is made by one `up` of one instance and a state import that
 * repeats its resource for the rest of the fleet (a real up of 500 would take five minutes of
 * ResetInstances quota). Each refresh prints its calls, so the numbers can be compared with
 * ⌈N/100⌉ (all reads in one batch window) and ⌈N/parallel⌉ (the engine's parallelism).
 */

const N = Number(process.env.CVM_REFRESH_FLEET ?? 500);
const PASSWORD = "Fl33t#Pass";

describe(`engine [legacy]: refresh of ${N} resources scales and never fails on quota (real pulumi CLI)`, function () {
    this.timeout(30 * 60_000);
    let emu: EmulatorProcess;
    let project: PulumiProject;
    let cursor: RequestCursor;

    const refresh = async (what: string, extra: string[] = []) => {
        await cursor.mark();
        const r = await project.run(["refresh", "--yes", ...extra], { allowFailure: true });
        const reqs = await cursor.take();
        const calls = countByAction(reqs.filter((q) => q.outcome === "ok"));
        const throttled = reqs.filter((q) => q.outcome !== "ok").length;
        console.log(
            `      ${what}: exit ${r.code} in ${(r.ms / 1000).toFixed(1)} s; ${calls.DescribeInstances ?? 0} DescribeInstances ` +
                `answered (${throttled} more refused by the rate limit), ⌈N/100⌉ = ${Math.ceil(N / 100)}`,
        );
        return { r, calls, throttled };
    };

    before(async () => {
        findPulumiBin();
        emu = await EmulatorProcess.start({ fleet: N, clockSpeed: 60, reinstallSeconds: 60 });
        cursor = new RequestCursor(emu);
        project = await PulumiProject.create({
            ...exampleProgram(),
            env: emulatorEnv(emu),
            label: "cvm-engine-refresh",
        });
        await setCloudConfig(project);
        await project.setConfigs({ fleetSize: "1", imageId: "img-ubun2204", api: "legacy" });
        await project.setConfig("password", PASSWORD, { secret: true });
        await project.run(["up", "--yes", "--skip-preview"]);
        const { deployment } = await project.exportState();
        const [one] = reinstallResources(deployment);
        const copies: StateResource[] = [];
        for (let i = 2; i <= N; i++) {
            const id = `ins-${String(i).padStart(8, "0")}`;
            copies.push({
                ...one,
                urn: one.urn.replace("ins-00000001", id),
                id,
                inputs: { ...one.inputs, instanceId: id },
                outputs: { ...one.outputs, instanceId: id },
            });
        }
        deployment.deployment.resources = [...(deployment.deployment.resources ?? []), ...copies];
        const file = path.join(project.root, "fleet-state.json");
        fs.writeFileSync(file, JSON.stringify(deployment));
        await project.run(["stack", "import", "--file", file]);
    });

    after(async () => {
        await emu?.stop();
        if (process.env.KEEP_ENGINE_TMP) console.log(`      kept ${project?.root}`);
        else project?.dispose();
    });

    it(`with --parallel ${N} the reads batch into about ⌈N/100⌉ + a few calls (measured: 12 for 500)`, async () => {
        const { r, calls } = await refresh(`--parallel ${N}`, ["--parallel", String(N)]);
        expect(r.code, r.output.slice(-3000)).to.equal(0);
        // The engine hands reads over at the pace of its own checkpoint writes, not all at once.
        // Measured 12 on an idle runner (printed above); the bound leaves room for a loaded one and is still
        // far below the default --parallel's ~N/4.
        expect(calls.DescribeInstances ?? 0).to.be.at.most(Math.ceil(N / 16));
    });

    it("refreshes every resource at the default --parallel, without an error", async () => {
        const { r } = await refresh("fresh quota, default --parallel");
        expect(r.code, r.output.slice(-3000)).to.equal(0);
        expect(throttlingErrorLines(r.output)).to.deep.equal([]);
    });

    it("a second refresh in the same minute (a spent quota) waits out the throttling and finishes without an error", async () => {
        const { r } = await refresh("spent quota, default --parallel");
        expect(r.code, r.output.slice(-3000)).to.equal(0);
        expect(throttlingErrorLines(r.output)).to.deep.equal([]);
        const { deployment } = await project.exportState();
        expect(reinstallResources(deployment)).to.have.length(N);
    });
});
