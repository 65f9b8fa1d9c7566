import { expect } from "chai";
import { acceptedPerInstance, EMULATOR_SECRET_KEY, type EmulatorProcess, type RequestCursor } from "./emulatorProcess";
import { auditSecrets, type OneInstanceStack, oneInstanceStack, reinstallResources } from "./fixtures";
import { findPulumiBin, type PulumiProject } from "./pulumiCli";

/**
 * The exactly-once model (docs/exactly-once.md): a reset that was accepted but not confirmed (timeout,
 * task failure) leaves enough in state that the next `pulumi up` resumes instead of wiping the disk a second time. Here the
 * reset is accepted and then status polls are throttled (4400) — as when another stack or tool
 * spends the account's DescribeInstances quota. A burst of throttling only slows the wait; throttling
 * that lasts until waitTimeoutMinutes fails the `up` but records the pending reset, so the next
 * `up` submits no second reset.
 */

const ID = "ins-00000001";
const IMAGE = "img-debian12";
const NEXT_IMAGE = "img-ubun2204";
const PASSWORD = "Thr0ttle#01";

describe("engine [legacy]: a status poll throttled after an accepted reset does not lose the reset (real pulumi CLI)", function () {
    this.timeout(10 * 60_000);

    let stack: OneInstanceStack | undefined;
    let emu: EmulatorProcess;
    let project: PulumiProject;
    let cursor: RequestCursor;
    const p = () => project;

    before(async () => {
        findPulumiBin();
        stack = await oneInstanceStack({
            label: "cvm-engine-throttled",
            reinstallSeconds: 15,
            pollMaxMs: 500,
            imageId: IMAGE,
            password: PASSWORD,
            config: { api: "legacy" },
        });
        ({ emu, project, cursor } = stack);
    });

    after(async () => {
        await stack?.dispose();
    });

    /** Starts `up` and arms `times` throttles on DescribeInstances as soon as the reset was accepted. */
    async function upThrottledAfterReset(times: number) {
        await cursor.mark();
        const up = p().run(["up", "--yes", "--skip-preview"], { allowFailure: true });
        const deadline = Date.now() + 60_000;
        while (!(await cursor.peek()).some((r) => r.action === "ResetInstances" && r.outcome === "ok")) {
            if (Date.now() > deadline) throw new Error("no ResetInstances reached the emulator within 60 s");
            await new Promise((r) => setTimeout(r, 50));
        }
        await emu.injectFault({ kind: "throttle", action: "DescribeInstances", times });
        const r = await up;
        await emu.clearFaults();
        return { r, requests: await cursor.take() };
    }

    it("keeps waiting through a burst of throttled status polls and finishes with one reset", async () => {
        const { r, requests } = await upThrottledAfterReset(30);
        expect(r.code, r.output).to.equal(0);
        expect(requests.filter((q) => q.outcome !== "ok").length, "throttled polls").to.be.at.least(30);
        expect(acceptedPerInstance(requests, "ResetInstances")).to.deep.equal({ [ID]: 1 });
        const d = await auditSecrets(p(), [PASSWORD, EMULATOR_SECRET_KEY], {
            stage: "after the throttled but successful up",
        });
        const [res] = reinstallResources(d);
        expect(res.outputs?.pendingReset, "no pending reset after success").to.equal(undefined);
        expect(res.outputs?.currentImageId).to.equal(IMAGE);
    });

    it("an up whose polls stay throttled until waitTimeoutMinutes fails, and the state records the accepted reset as pending", async () => {
        await project.setConfigs({ imageId: NEXT_IMAGE, waitTimeoutMinutes: "0.2" });
        const { r, requests } = await upThrottledAfterReset(100_000);
        expect(acceptedPerInstance(requests, "ResetInstances")).to.deep.equal({ [ID]: 1 });
        expect(r.code, r.output).to.not.equal(0);
        expect(r.output).to.match(/recorded as pending/);
        const d = await auditSecrets(p(), [PASSWORD, EMULATOR_SECRET_KEY], { stage: "after the throttled up" });
        const [res] = reinstallResources(d);
        expect(
            res,
            `the accepted reset is not in the state at all; the failed up said:\n${r.output
                .split("\n")
                .filter((l) => /error/.test(l))
                .join("\n")}`,
        ).to.not.equal(undefined);
        expect(res.outputs?.pendingReset, "pendingReset").to.be.an("object");
    });

    it("the next up, run after that reinstall finished, submits no second reset", async () => {
        // The user re-runs later: by then the first reinstall has completed.
        const deadline = Date.now() + 60_000;
        while ((await emu.instance(ID)).reinstalling) {
            if (Date.now() > deadline) throw new Error(`${ID} still reinstalling after 60 s`);
            await new Promise((r) => setTimeout(r, 200));
        }
        await project.setConfigs({ waitTimeoutMinutes: "5" });
        await cursor.mark();
        const r = await p().run(["up", "--yes", "--skip-preview"], { allowFailure: true });
        const resets = acceptedPerInstance(await cursor.take(), "ResetInstances");
        expect(r.code, r.output).to.equal(0);
        expect(resets, "a second ResetInstances wiped the disk again").to.deep.equal({});
    });
});
