import { expect } from "chai";
import { acceptedPerInstance, EmulatorProcess } from "./emulatorProcess";
import { emulatorEnv, engineProgram, providerLines, setCloudConfig } from "./fixtures";
import { findPulumiBin, PulumiProject, type StateResource } from "./pulumiCli";

/**
 * An InstanceFleet of 30 under the real `pulumi` CLI, against the emulator as its own process,
 * default --parallel. Readiness probes a TCP port of the emulator's simulated guests (loopback
 * addresses, real listeners). One stack, run after run, like a team rolling images out:
 * a broken image halts at the canary; a good one completes; a readiness failure, an operator's
 * fix, and the next `up` re-checks readiness without a second reset.
 */

const FLEET = Array.from({ length: 30 }, (_, i) => `ins-${String(i + 1).padStart(8, "0")}`);
const PORT = 20_000 + Math.floor(Math.random() * 20_000);
const GOOD = "img-good0002";
const BROKEN = "img-brkn0002";
const CHILD = "pulumi-nodejs:dynamic/cvm:InstanceReinstall";
const FLEET_TYPE = "pulumi-cvm-reinstall:index:InstanceFleet";

async function admin<T = unknown>(emu: EmulatorProcess, method: string, route: string, body?: unknown): Promise<T> {
    const res = await fetch(`${emu.url}/_admin/${route}`, {
        method,
        headers: body === undefined ? undefined : { "Content-Type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`emulator ${method} ${route}: HTTP ${res.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
}

describe("engine: an InstanceFleet of 30 under the real pulumi CLI", function () {
    this.timeout(15 * 60_000);
    let emu: EmulatorProcess;
    let project: PulumiProject;

    const resetsPerInstance = async (): Promise<Record<string, number>> =>
        acceptedPerInstance(await emu.requests(), "ResetInstance");
    const children = async (): Promise<StateResource[]> =>
        ((await project.exportState()).deployment.deployment.resources ?? []).filter((r) => r.type === CHILD);

    before(async () => {
        findPulumiBin();
        // 120 s reinstalls and 30 s boots at 300×: 0.4 s and 0.1 s of real time.
        emu = await EmulatorProcess.start({ fleet: FLEET.length, clockSpeed: 300, reinstallSeconds: 120 });
        await admin(emu, "POST", "seed", {
            images: [
                {
                    imageId: GOOD,
                    osName: "Ubuntu Server 22.04 LTS 64位 (fleet)",
                    platform: "linux",
                    tcpPorts: [PORT],
                    httpPort: null,
                    bootSeconds: 30,
                },
                {
                    imageId: BROKEN,
                    osName: "Ubuntu Server 22.04 LTS 64位 (broken)",
                    platform: "linux",
                    tcpPorts: [PORT],
                    httpPort: null,
                    bootSeconds: 30,
                    healthy: false,
                },
            ],
        });
        project = await PulumiProject.create({
            ...engineProgram("fleet"),
            env: emulatorEnv(emu),
            label: "cvm-engine-instance-fleet",
        });
        await setCloudConfig(project);
        await project.setConfigs({
            instanceIds: JSON.stringify(FLEET),
            api: "2017-03-12",
            readiness: JSON.stringify({ tcpPort: PORT, timeoutMinutes: 0.1 }),
        });
    });

    after(async () => {
        await emu?.stop();
        if (process.env.KEEP_ENGINE_TMP) console.log(`      kept ${project?.root}`);
        else project?.dispose();
    });

    it("a broken image halts at the canary: one reset, 29 members fail untouched, the canary recorded as not ready", async () => {
        await project.setConfig("imageId", BROKEN);
        const r = await project.run(["up", "--yes", "--skip-preview"], { allowFailure: true });
        expect(r.code, r.output.slice(-3000)).to.not.equal(0);
        const resets = await resetsPerInstance();
        expect(
            Object.values(resets).reduce((a, b) => a + b, 0),
            JSON.stringify(resets),
        ).to.equal(1);
        const canary = Object.keys(resets)[0];
        const untouched = FLEET.filter((id) => id !== canary);
        // Members the provider had received fail at once, untouched; after the first failure the engine
        // sends no further step (without --continue-on-error), so the others never reach it at all.
        const refused = untouched.filter((id) => r.output.includes(`${id} was not touched`));
        expect(refused.length, "members refused by the halted group").to.be.above(0);
        expect(r.output).to.include(`canary ${canary} failed`);
        const state = await children();
        expect(state.map((c) => c.outputs?.instanceId)).to.deep.equal([canary]);
        expect(state[0].outputs?.ready).to.equal(false);
        for (const id of untouched) expect((await emu.instance(id)).imageId, id).to.equal("img-centos79");
        console.log(
            `      broken image: canary ${canary}, ${untouched.length} untouched (${refused.length} refused by the halted group, ` +
                `the rest never sent by the engine), up took ${(r.ms / 1000).toFixed(1)} s`,
        );
    });

    it("a good image completes: every member reinstalled once and ready, the group one plain string", async () => {
        await project.setConfig("imageId", GOOD);
        const before = await resetsPerInstance();
        const r = await project.run(["up", "--yes", "--skip-preview"], { allowFailure: true });
        expect(r.code, r.output.slice(-3000)).to.equal(0);
        const after = await resetsPerInstance();
        for (const id of FLEET) expect((after[id] ?? 0) - (before[id] ?? 0), id).to.equal(1);
        const outs = await project.outputs();
        expect(outs.group).to.equal(`cvm-reinstall-fleet/${project.stack}/${FLEET_TYPE}/web`);
        expect(outs.maxParallel).to.equal(3);
        expect(Object.values(outs.ready as Record<string, boolean>)).to.deep.equal(FLEET.map(() => true));
        expect(new Set(Object.values(outs.currentImageId as Record<string, string>))).to.deep.equal(new Set([GOOD]));
        const record = await admin<{ maxConcurrentReinstallsOf: number }>(emu, "POST", "record", {
            instanceIds: FLEET,
        });
        console.log(
            `      good image: up took ${(r.ms / 1000).toFixed(1)} s; at most ${record.maxConcurrentReinstallsOf} reinstalls at once (maxParallel 3); ` +
                `${providerLines(r.output).filter((l) => l.includes("rollout ")).length} rollout lines`,
        );
        expect(record.maxConcurrentReinstallsOf).to.be.at.most(3);
    });

    it("a readiness failure, an operator's fix, then up: readiness is re-checked without a second reset and the rest roll out", async () => {
        // A new declaration for all (triggers) while the guests of the image boot unhealthy.
        await admin(emu, "POST", "guests", { imageId: GOOD, healthy: false });
        await project.setConfig("triggers", JSON.stringify(["rotate-1"]));
        const before = await resetsPerInstance();
        const failed = await project.run(["up", "--yes", "--skip-preview"], { allowFailure: true });
        expect(failed.code).to.not.equal(0);
        const mid = await resetsPerInstance();
        const started = FLEET.filter((id) => (mid[id] ?? 0) > (before[id] ?? 0));
        expect(started, "only the canary was reset").to.have.length(1);
        const canary = started[0];
        const canaryState = (await children()).find((c) => c.outputs?.instanceId === canary)!;
        expect(canaryState.outputs?.ready).to.equal(false);

        // The operator fixes the service on the running guests; no reinstall needed.
        await admin(emu, "POST", "guests", { imageId: GOOD, healthy: true });
        const fixed = await project.run(["up", "--yes", "--skip-preview"], { allowFailure: true });
        expect(fixed.code, fixed.output.slice(-3000)).to.equal(0);
        const after = await resetsPerInstance();
        expect((after[canary] ?? 0) - (mid[canary] ?? 0), "no second reset of the canary").to.equal(0);
        expect(fixed.output).to.include("checking readiness again (no reinstall)");
        for (const id of FLEET.filter((x) => x !== canary)) expect((after[id] ?? 0) - (mid[id] ?? 0), id).to.equal(1);
        const outs = await project.outputs();
        expect(Object.values(outs.ready as Record<string, boolean>)).to.deep.equal(FLEET.map(() => true));
    });
});
