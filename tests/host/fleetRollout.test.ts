import { expect } from "chai";
import { DEFAULT_IMAGES, type Emulator, type ImageSeed, startEmulator } from "../../emulator";
import { hostEnv, instanceIds, PASSWORD, resetRequests } from "../support/cloudFixtures";
import { type HostCallError, ProviderHost, urnFor } from "../support/hostDriver";

/**
 * Layer 3: the fleet rollout inside the real dynamic-provider host. Fifty members of one rollout
 * group reach one host process at once (as the engine sends them with a high enough --parallel);
 * the scheduler in that process decides who starts. Readiness probes a TCP port of the emulator's
 * simulated guests over real sockets; the emulator's own record says how many reinstalls ran at once.
 */

const FLEET = instanceIds("r", 50);
// A port of our own on the guests' loopback addresses, so parallel test runs cannot collide.
const PORT = 20_000 + Math.floor(Math.random() * 20_000);
const GOOD = "img-good0001";
const BROKEN = "img-brkn0001";
const IMAGES: ImageSeed[] = [
    {
        imageId: GOOD,
        osName: "Ubuntu Server 22.04 LTS 64位 (rollout)",
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
];

interface Settled {
    id: string;
    ok: boolean;
    error?: HostCallError;
    properties?: Record<string, unknown>;
}

async function rollOut(
    host: ProviderHost,
    name: string,
    imageId: string,
    rollout: Record<string, unknown>,
    readiness: Record<string, unknown>,
): Promise<Settled[]> {
    const checked = await Promise.all(
        FLEET.map(async (id) => {
            const r = await host.check(
                urnFor(`${name}-${id}`),
                {},
                { instanceId: id, imageId, password: PASSWORD, api: "2017-03-12", rollout, readiness },
            );
            expect(r.failures, id).to.deep.equal([]);
            return r.inputs;
        }),
    );
    // In order, without waiting: the engine sends every member at once.
    const results = await Promise.allSettled(FLEET.map((id, i) => host.create(urnFor(`${name}-${id}`), checked[i])));
    return results.map((r, i) =>
        r.status === "fulfilled"
            ? { id: FLEET[i], ok: true, properties: r.value.properties as Record<string, unknown> }
            : { id: FLEET[i], ok: false, error: r.reason as HostCallError },
    );
}

const resetsOf = (emu: Emulator, id: string) => emu.record([id]).resets[id]?.total ?? 0;

describe("host layer: fleet rollout of 50 members in one host (api 2017-03-12)", function () {
    this.timeout(180_000);
    let emu: Emulator;
    let host: ProviderHost;

    beforeEach(async () => {
        emu = await startEmulator({
            clockSpeed: 600,
            reinstallSeconds: 120,
            images: [...DEFAULT_IMAGES, ...IMAGES],
            instances: FLEET.map((instanceId) => ({
                instanceId,
                imageId: "img-centos79",
                rootSize: 50,
                state: "RUNNING" as const,
            })),
        });
        host = await ProviderHost.start({ env: hostEnv(emu.url) });
        await host.configure({});
    });

    afterEach(async () => {
        await host?.stop();
        await emu?.close();
    });

    it("a broken image: exactly one reset (the canary); the other 49 fail at once, untouched, naming the canary", async () => {
        const results = await rollOut(
            host,
            "broken",
            BROKEN,
            { group: "web", canary: 1, maxParallel: 5, maxFailures: 1 },
            { tcpPort: PORT, timeoutMinutes: 0.05 },
        );
        const record = emu.record(FLEET);
        expect(record.totalResets).to.equal(1);
        const canary = FLEET.find((id) => resetsOf(emu, id) === 1)!;
        const canaryResult = results.find((r) => r.id === canary)!;
        expect(canaryResult.ok).to.equal(false);
        expect(canaryResult.error!.details).to.include("was reinstalled but is not ready");
        // The probe reached the guest's own loopback address and nothing listened there.
        expect(canaryResult.error!.details).to.match(
            new RegExp(`tcp 127\\.10\\.\\d+\\.\\d+:${PORT}: (ECONNREFUSED|no answer)`),
        );
        // Recorded as reinstalled and not ready (a partial failure keeps the state).
        expect(canaryResult.error!.partial?.properties?.ready).to.equal(false);
        const others = results.filter((r) => r.id !== canary);
        expect(others).to.have.length(49);
        for (const r of others) {
            expect(r.ok, r.id).to.equal(false);
            expect(r.error!.details, r.id).to.include(`canary ${canary} failed`).and.include(`${r.id} was not touched`);
            expect(resetsOf(emu, r.id), r.id).to.equal(0);
            expect(emu.instance(r.id)!.imageId).to.equal("img-centos79");
        }
        expect(resetRequests(emu).filter((q) => q.instanceIds.some((id) => id !== canary))).to.deep.equal([]);
    });

    it("maxFailures 2 with two broken instances: the group halts after the second failure, not the first", async () => {
        // Slower reinstalls (2 real seconds) so that members are still waiting when the second failure comes.
        emu.setClockSpeed(60);
        const broken = [FLEET[0], FLEET[6]];
        for (const id of broken) emu.configureGuest({ instanceId: id }, { healthy: false });
        const results = await rollOut(
            host,
            "two",
            GOOD,
            { group: "two", maxParallel: 5, maxFailures: 2 },
            { tcpPort: PORT, timeoutMinutes: 0.05 },
        );

        for (const id of broken) {
            const r = results.find((x) => x.id === id)!;
            expect(r.error?.details, id).to.include("is not ready");
            expect(resetsOf(emu, id)).to.equal(1);
        }
        const halted = results.filter((r) => r.error?.details.includes("halted"));
        expect(halted.length, "members left to halt").to.be.above(0);
        for (const r of halted) {
            expect(r.error!.details)
                .to.include("2 reinstalls failed (maxFailures 2)")
                .and.include(broken[0])
                .and.include(broken[1]);
            expect(r.error!.details).to.include(`${r.id} was not touched`);
            expect(resetsOf(emu, r.id), r.id).to.equal(0);
        }
        // Between the two failures the rollout went on: more members started than the first window.
        const started = FLEET.filter((id) => resetsOf(emu, id) === 1);
        expect(started.length).to.be.above(6);
        expect(started.length + halted.length).to.equal(50);
        expect(results.filter((r) => r.ok).length).to.equal(started.length - 2);
        console.log(`      maxFailures 2: ${started.length} reinstalled (2 broken), ${halted.length} halted untouched`);
    });

    it("maxParallel 5 is never exceeded, as the emulator's record of concurrent reinstalls shows, and all 50 end ready", async () => {
        const started = Date.now();
        const results = await rollOut(
            host,
            "par",
            GOOD,
            { group: "par", maxParallel: 5 },
            { tcpPort: PORT, timeoutMinutes: 1 },
        );
        const failures = results.filter((r) => !r.ok).map((r) => `${r.id}: ${r.error?.details}`);
        expect(failures, failures.join("\n")).to.deep.equal([]);
        for (const r of results) expect(r.properties!.ready, r.id).to.equal(true);
        const record = emu.record(FLEET);
        console.log(
            `      maxParallel 5: ${record.totalResets} resets, at most ${record.maxConcurrentReinstallsOf} at once, ${Date.now() - started} ms`,
        );
        expect(record.totalResets).to.equal(50);
        expect(record.maxConcurrentReinstallsOf).to.equal(5);
        expect(Object.values(record.resets).every((c) => c.total === 1)).to.equal(true);
    });
});
