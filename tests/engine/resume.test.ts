import { expect } from "chai";
import {
    acceptedPerInstance,
    EMULATOR_SECRET_KEY,
    type EmulatorProcess,
    type EmulatorRequest,
    type RequestCursor,
} from "./emulatorProcess";
import { auditSecrets, type OneInstanceStack, oneInstanceStack, reinstallResources } from "./fixtures";
import { findPulumiBin, type PulumiProject } from "./pulumiCli";

/**
 * A reset that was accepted but not confirmed before `waitTimeoutMinutes` ran out: under the real
 * engine the partial failure is stored (with `pendingReset`, the password still encrypted), and the
 * next `pulumi up` follows the same task instead of wiping the disk a second time.
 */

const ID = "ins-00000001";
const IMAGE = "img-debian12";
const PASSWORD = "Res#me0001";

describe("engine [legacy]: an unconfirmed reinstall is resumed by the next up (real pulumi CLI)", function () {
    this.timeout(10 * 60_000);

    let stack: OneInstanceStack | undefined;
    let emu: EmulatorProcess;
    let project: PulumiProject;
    let cursor: RequestCursor;
    const p = () => project;

    before(async () => {
        findPulumiBin();
        // A reinstall takes 20 real seconds; the first up gives up after 3. Polls at most every
        // second: at 100 ms the three commands of this test alone would spend the legacy
        // DescribeInstances quota (100/min), which each new provider host cannot know about.
        stack = await oneInstanceStack({
            label: "cvm-engine-resume",
            reinstallSeconds: 20,
            pollMaxMs: 1000,
            imageId: IMAGE,
            password: PASSWORD,
            config: { waitTimeoutMinutes: "0.05", api: "legacy" },
        });
        ({ emu, project, cursor } = stack);
    });

    after(async () => {
        await stack?.dispose();
    });

    it("the first up fails after the reset was accepted and records it as pending", async () => {
        await cursor.mark();
        const r = await p().run(["up", "--yes", "--skip-preview"], { allowFailure: true });
        expect(r.code, r.output).to.not.equal(0);
        expect(r.output).to.match(/accepted but not confirmed/);
        const reqs = await cursor.take();
        console.log(`      calls during the first up: ${JSON.stringify(outcomes(reqs))}`);
        expect(acceptedPerInstance(reqs, "ResetInstances")).to.deep.equal({ [ID]: 1 });
        const d = await auditSecrets(p(), [PASSWORD, EMULATOR_SECRET_KEY], { stage: "after the partial failure" });
        const [res] = reinstallResources(d);
        expect(res, "the resource is in the state").to.not.equal(undefined);
        expect(res.outputs?.pendingReset, "pendingReset stored").to.be.an("object");
        expect(res.initErrors ?? [], "init errors").to.have.length.greaterThan(0);
    });

    it("refresh after the partial failure works on the stored state", async () => {
        await cursor.mark();
        const r = await p().run(["refresh", "--yes"], { allowFailure: true });
        console.log(`      calls during refresh: ${JSON.stringify(outcomes(await cursor.take()))}`);
        expect(r.code, r.output).to.equal(0);
    });

    it("the next up waits for the same task: no second reset", async () => {
        await p().setConfig("waitTimeoutMinutes", "5");
        await cursor.mark();
        const r = await p().run(["up", "--yes", "--skip-preview"], { allowFailure: true });
        const reqs = await cursor.take();
        console.log(`      calls during the second up: ${JSON.stringify(outcomes(reqs))}`);
        expect(r.code, r.output).to.equal(0);
        expect(r.output).to.match(/resuming the reset/);
        expect(acceptedPerInstance(reqs, "ResetInstances"), "resets during the second up").to.deep.equal({});
        const d = await auditSecrets(p(), [PASSWORD, EMULATOR_SECRET_KEY], {
            stage: "after the resume",
            password: PASSWORD,
        });
        const [res] = reinstallResources(d);
        expect(res.outputs?.pendingReset).to.equal(undefined);
        expect(res.outputs?.currentImageId).to.equal(IMAGE);
        expect((await emu.instance(ID)).imageId).to.equal(IMAGE);
    });
});

/** `{ "Action:outcome": count }`. */
function outcomes(reqs: readonly EmulatorRequest[]): Record<string, number> {
    const out: Record<string, number> = {};
    for (const r of reqs) out[`${r.action}:${r.outcome}`] = (out[`${r.action}:${r.outcome}`] ?? 0) + 1;
    return out;
}
