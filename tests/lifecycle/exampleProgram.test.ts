import { expect } from "chai";
import { type Emulator, startEmulator } from "../../emulator";
import { fleetInstanceIds, program } from "../../examples/basic/program";
import { apiRequests, FAST_CLOCK, PASSWORD_2, resetRequests, waitUntil } from "../support/cloudFixtures";
import { DIALECTS, dialectsUsed, resetActions } from "../support/dialects";
import type { Engine, OpKind, RunResult } from "../support/engine";
import { isSecret } from "../support/secrets";
import { opsOf, printRunIfFailed, scanForSecrets, stackEngine } from "../support/stackFixtures";

/**
 * Layer 4: the example program, run by the engine stand-in (setMocks → real host → emulator) over
 * several runs, the way `pulumi preview/up/refresh/destroy` would drive it. Credentials come from
 * stack config only (the host's environment has none). After every run the exported checkpoint, the
 * host output and the emulator's request log are scanned for the password and the secret key.
 * Every scenario runs once per API dialect, selected by the example's `api` config.
 */

const FLEET = fleetInstanceIds(3);
const TYPE = "pulumi-nodejs:dynamic/cvm:InstanceReinstall";
const urnOf = (id: string) => `urn:pulumi:dev::cvm-reinstall-demo::${TYPE}::reinstall-${id}`;

function allOps(run: RunResult, op: OpKind, ids: readonly string[] = FLEET): Record<string, OpKind> {
    return Object.fromEntries(ids.map((id) => [urnOf(id), op]));
}

for (const d of DIALECTS) {
    describe(`lifecycle (api ${d.api}): the example program across preview/up/refresh/destroy`, function () {
        this.timeout(60_000);
        let emu: Emulator;
        let engine: Engine;
        let last: RunResult | undefined;

        before(async () => {
            emu = await startEmulator({
                ...FAST_CLOCK,
                instances: FLEET.map((instanceId) => ({
                    instanceId,
                    imageId: "img-centos79",
                    rootSize: 50,
                    state: "RUNNING" as const,
                })),
            });
            engine = stackEngine(emu, d.api)
                .setConfig("fleetSize", 3)
                .setConfig("imageId", "img-ubun2204")
                .setConfig("password", d.validPassword, { secret: true });
        });

        beforeEach(() => {
            emu.clearRequests();
            last = undefined;
        });

        afterEach(function () {
            printRunIfFailed(this, last);
            scanForSecrets(engine, emu, last);
        });

        after(async () => {
            await engine?.close();
            await emu?.close();
        });

        it(
            d.t("preview plans three creates, warns that each REINSTALLS, and only reads the instances (no reset)"),
            async () => {
                last = await engine.preview(program);
                expect(last.failures).to.deep.equal([]);
                expect(opsOf(last)).to.deep.equal(allOps(last, "create"));
                // A create reinstalls: preview checks it against the cloud (reads, and the API 3.0 dry run).
                expect(
                    apiRequests(emu)
                        .map((r) => r.action)
                        .filter((a) => a !== "DescribeInstances" && a !== "InquiryPriceResetInstance"),
                ).to.deep.equal([]);
                expect(resetRequests(emu)).to.have.length(0);
                expect(engine.resources).to.have.length(0);
            },
        );

        it(d.t("up reinstalls each instance exactly once and exports what they run now"), async () => {
            last = await engine.up(program);
            expect(last.failures).to.deep.equal([]);
            expect(opsOf(last)).to.deep.equal(allOps(last, "create"));
            for (const id of FLEET) {
                expect(resetActions(emu, id), id).to.deep.equal(d.resets(1));
                expect(emu.instance(id)!.imageId).to.equal("img-ubun2204");
                expect(last.outputs.currentImageId).to.have.property(id, "img-ubun2204");
                expect((last.outputs.osName as Record<string, string>)[id]).to.equal(emu.instance(id)!.osName);
                const at = (last.outputs.reinstalledAt as Record<string, string>)[id];
                expect(new Date(at).toISOString()).to.equal(at);
            }
            expect(last.outputs.instanceIds).to.deep.equal(FLEET);
            expect(dialectsUsed(emu)).to.deep.equal([d.api]);
            for (const r of engine.resources) {
                expect(r.outputs.api, r.name).to.equal(d.api);
            }
        });

        it(
            d.t("state keeps the password secret in inputs and outputs (annotateSecrets + additionalSecretOutputs)"),
            () => {
                for (const r of engine.resources) {
                    expect(isSecret(r.inputs.password), `${r.name} inputs`).to.equal(true);
                    expect(isSecret(r.outputs.password), `${r.name} outputs`).to.equal(true);
                    expect(r.additionalSecretOutputs).to.include("password");
                    expect(r.outputs).to.not.have.property("pendingReset");
                }
                // The checkpoint holds them as ciphertext (so the plaintext scans are not vacuous).
                const checkpoint = JSON.parse(engine.checkpointText()) as {
                    checkpoint: { latest: { resources: { outputs: { password: unknown } }[] } };
                };
                for (const r of checkpoint.checkpoint.latest.resources) {
                    expect(r.outputs.password).to.have.property("ciphertext");
                }
            },
        );

        it(d.t("a second up with nothing changed is a no-op: no reset, no update"), async () => {
            last = await engine.up(program);
            expect(last.failures).to.deep.equal([]);
            expect(opsOf(last)).to.deep.equal(allOps(last, "same"));
            expect(resetRequests(emu)).to.have.length(0);
        });

        it(d.t("changing imageId previews three updates, then up reinstalls each instance once"), async () => {
            engine.setConfig("imageId", "img-debian12");
            const preview = await engine.preview(program);
            expect(opsOf(preview)).to.deep.equal(allOps(preview, "update"));
            expect(resetRequests(emu)).to.have.length(0);

            last = await engine.up(program);
            expect(last.failures).to.deep.equal([]);
            expect(opsOf(last)).to.deep.equal(allOps(last, "update"));
            for (const id of FLEET) {
                expect(resetActions(emu, id), id).to.deep.equal(d.resets(1));
                expect(last.outputs.currentImageId).to.have.property(id, "img-debian12");
            }
        });

        it(d.t("changing only the password reinstalls each instance once"), async () => {
            engine.setConfig("password", PASSWORD_2, { secret: true });
            last = await engine.up(program);
            expect(last.failures).to.deep.equal([]);
            expect(opsOf(last)).to.deep.equal(allOps(last, "update"));
            for (const id of FLEET) {
                expect(resetActions(emu, id), id).to.deep.equal(d.resets(1));
            }
        });

        it(d.t("a check failure names the property, stops before any API call and leaves state alone"), async () => {
            const before = engine.checkpointText();
            engine.setConfig("imageId", "centos-7");
            try {
                last = await engine.up(program);
            } finally {
                engine.setConfig("imageId", "img-debian12");
            }
            expect(last.ok).to.equal(false);
            const check = last.failures.filter((f) => f.step === "check");
            expect(check.length).to.be.greaterThan(0);
            expect(check.map((f) => f.property)).to.include("imageId");
            expect(apiRequests(emu)).to.have.length(0);
            expect(engine.checkpointText()).to.equal(before);
        });

        it(d.t("refresh sees an out-of-band reinstall; the next up converges with one reset"), async () => {
            const [drifted, ...others] = FLEET;
            emu.reinstallOutOfBand(drifted, "img-centos79");
            await waitUntil(
                () => !emu.instance(drifted)!.reinstalling && emu.instance(drifted)!.imageId === "img-centos79",
                10_000,
                "out-of-band reinstall",
            );
            emu.clearRequests();

            last = await engine.refresh();
            expect(last.failures).to.deep.equal([]);
            expect(opsOf(last)).to.deep.equal(allOps(last, "read"));
            // Like the real engine, refresh Diffs each resource after Read: only the drifted one has a change pending.
            expect(Object.fromEntries(last.ops.map((o) => [o.urn, o.diff]))).to.deep.equal({
                ...Object.fromEntries(others.map((id) => [urnOf(id), "none"])),
                [urnOf(drifted)]: "some",
            });
            expect(last.hostOutput).to.include(`${drifted}: imageId changed`);
            expect(resetRequests(emu)).to.have.length(0);
            const state = engine.resource(`reinstall-${drifted}`)!;
            expect(state.outputs).to.include({ currentImageId: "img-centos79", imageId: "img-centos79" });
            expect(isSecret(state.outputs.password), "refresh keeps the password secret").to.equal(true);

            const preview = await engine.preview(program);
            expect(opsOf(preview)).to.deep.equal({ ...allOps(preview, "same", others), [urnOf(drifted)]: "update" });

            emu.clearRequests();
            last = await engine.up(program);
            expect(last.failures).to.deep.equal([]);
            expect(opsOf(last)).to.deep.equal({ ...allOps(last, "same", others), [urnOf(drifted)]: "update" });
            expect(resetActions(emu, drifted)).to.deep.equal(d.resets(1));
            expect(resetActions(emu)).to.deep.equal(d.resets(1));
            expect(emu.instance(drifted)!.imageId).to.equal("img-debian12");
        });

        it(d.t("refresh drops an instance that no longer exists from the state"), async () => {
            // Remove the fleet's last member in the emulator, refresh, then seed it again.
            const gone = FLEET[2];
            emu.removeInstance(gone);
            last = await engine.refresh();
            expect(last.failures).to.deep.equal([]);
            expect(opsOf(last)[urnOf(gone)]).to.equal("delete");
            expect(engine.resource(`reinstall-${gone}`)).to.equal(undefined);
            // Bring it back so the stack can converge again: the next up creates (reinstalls) it.
            emu.seed([{ instanceId: gone, imageId: "img-centos79", rootSize: 50, state: "RUNNING" }]);
            emu.clearRequests();
            last = await engine.up(program);
            expect(last.failures).to.deep.equal([]);
            expect(opsOf(last)[urnOf(gone)]).to.equal("create");
            expect(resetActions(emu)).to.deep.equal(d.resets(1));
        });

        it(d.t("destroy calls no API, leaves the instances as they are and empties the state"), async () => {
            const images = FLEET.map((id) => emu.instance(id)!.imageId);
            last = await engine.destroy();
            expect(last.failures).to.deep.equal([]);
            expect(opsOf(last)).to.deep.equal(allOps(last, "delete"));
            expect(apiRequests(emu)).to.have.length(0);
            expect(engine.resources).to.deep.equal([]);
            expect(FLEET.map((id) => emu.instance(id)!.imageId)).to.deep.equal(images);
        });
    });

    describe(`lifecycle (api ${d.api}): an interrupted reinstall is resumed by the next up, never repeated`, function () {
        this.timeout(60_000);
        let emu: Emulator;
        let engine: Engine;
        const [ID] = fleetInstanceIds(1);
        let last: RunResult | undefined;

        before(async () => {
            // Slow clock: the reinstall takes 120 s of real time, far beyond the 0.6 s deadline below.
            emu = await startEmulator({
                clockSpeed: 1,
                reinstallSeconds: 120,
                instances: [{ instanceId: ID, imageId: "img-centos79", rootSize: 50, state: "RUNNING" }],
            });
            engine = stackEngine(emu, d.api)
                .setConfig("fleetSize", 1)
                .setConfig("imageId", "img-ubun2204")
                .setConfig("password", d.validPassword, { secret: true })
                .setConfig("waitTimeoutMinutes", 0.01);
        });

        afterEach(function () {
            printRunIfFailed(this, last);
            scanForSecrets(engine, emu, last);
        });

        after(async () => {
            await engine?.close();
            await emu?.close();
        });

        it(d.t("an up whose deadline passes fails, but records the accepted reset as pending"), async () => {
            last = await engine.up(program);
            expect(last.ok).to.equal(false);
            expect(last.failures).to.have.length(1);
            expect(last.failures[0]).to.include({ step: "create", partial: true, urn: urnOf(ID) });
            const state = engine.resource(`reinstall-${ID}`)!;
            expect(state, "the resource is kept in state").to.not.equal(undefined);
            expect(state.initErrors.length).to.be.greaterThan(0);
            expect(state.outputs.pendingReset).to.be.an("object");
            expect(isSecret(state.outputs.password)).to.equal(true);
            expect(resetActions(emu, ID)).to.deep.equal(d.resets(1));
            expect(emu.instance(ID)!.reinstalling).to.equal(true);
        });

        it(
            d.t("the next up (a new host process, fast clock) adopts that reset: exactly one reset in the log"),
            async () => {
                emu.setClockSpeed(600);
                engine.setConfig("waitTimeoutMinutes", 30);
                last = await engine.up(program);
                expect(last.failures).to.deep.equal([]);
                expect(opsOf(last)).to.deep.equal({ [urnOf(ID)]: "update" });
                expect(resetActions(emu, ID)).to.deep.equal(d.resets(1));
                const state = engine.resource(`reinstall-${ID}`)!;
                expect(state.initErrors).to.deep.equal([]);
                expect(state.outputs).to.not.have.property("pendingReset");
                expect(state.outputs).to.include({ currentImageId: "img-ubun2204" });
                expect(last.outputs.currentImageId).to.have.property(ID, "img-ubun2204");
            },
        );

        it(d.t("once converged, a further up is a no-op: no reset, no update"), async () => {
            emu.clearRequests();
            last = await engine.up(program);
            expect(opsOf(last)).to.deep.equal({ [urnOf(ID)]: "same" });
            expect(resetRequests(emu)).to.have.length(0);
        });

        it(
            d.t("an update whose deadline passes keeps the PREVIOUS inputs and stores the pending reset as outputs"),
            async () => {
                emu.setClockSpeed(1);
                engine.setConfig("imageId", "img-debian12").setConfig("waitTimeoutMinutes", 0.01);
                emu.clearRequests();
                last = await engine.up(program);
                expect(last.ok).to.equal(false);
                expect(last.failures).to.have.length(1);
                expect(last.failures[0]).to.include({ step: "update", partial: true, urn: urnOf(ID) });
                const state = engine.resource(`reinstall-${ID}`)!;
                expect(state.inputs.imageId, "inputs stay the last successfully applied ones").to.equal("img-ubun2204");
                expect(state.outputs.imageId, "outputs are the partial failure's properties").to.equal("img-debian12");
                expect(state.outputs.pendingReset).to.be.an("object");
                expect(state.initErrors.length).to.be.greaterThan(0);
                expect(isSecret(state.inputs.password)).to.equal(true);
                expect(isSecret(state.outputs.password), "partial-failure properties are re-marked secret").to.equal(
                    true,
                );
                expect(resetActions(emu, ID)).to.deep.equal(d.resets(1));
            },
        );

        it(
            d.t("refresh after it reports the pending change, keeps the pending reset and clears the init errors"),
            async () => {
                emu.clearRequests();
                last = await engine.refresh();
                expect(last.failures).to.deep.equal([]);
                expect(last.ops).to.deep.equal([{ urn: urnOf(ID), op: "read", diff: "some" }]);
                const state = engine.resource(`reinstall-${ID}`)!;
                expect(state.initErrors).to.deep.equal([]);
                expect(state.inputs.imageId).to.equal("img-ubun2204");
                expect(state.outputs.pendingReset).to.be.an("object");
                expect(isSecret(state.outputs.password)).to.equal(true);
                expect(resetRequests(emu)).to.have.length(0);
            },
        );

        it(
            d.t("the next up follows that reset to the end: no second reset, and the new inputs are recorded"),
            async () => {
                emu.setClockSpeed(600);
                engine.setConfig("waitTimeoutMinutes", 30);
                emu.clearRequests();
                last = await engine.up(program);
                expect(last.failures).to.deep.equal([]);
                expect(opsOf(last)).to.deep.equal({ [urnOf(ID)]: "update" });
                expect(resetRequests(emu), "no second wipe").to.have.length(0);
                const state = engine.resource(`reinstall-${ID}`)!;
                expect(state.initErrors).to.deep.equal([]);
                expect(state.inputs.imageId).to.equal("img-debian12");
                expect(state.outputs).to.not.have.property("pendingReset");
                expect(state.outputs).to.include({ currentImageId: "img-debian12" });
                expect(emu.instance(ID)!.imageId).to.equal("img-debian12");
            },
        );
    });
}
