import { expect } from "chai";
import { type Emulator, startEmulator } from "../../emulator";
import { fleetInstanceIds, program } from "../../examples/basic/program";
import { InstanceReinstall } from "../../sdk";
import { apiRequests, FAST_CLOCK, PASSWORD } from "../support/cloudFixtures";
import { dialect, DIALECTS, dialectsUsed, operationsVia, resetActions } from "../support/dialects";
import type { Engine, RunResult } from "../support/engine";
import { isSecret } from "../support/secrets";
import { opsOf, printRunIfFailed, scanForSecrets, stackEngine } from "../support/stackFixtures";

/**
 * Layer 4: `api` selects the wire dialect only; both dialects mean the same thing by the same
 * inputs. Switching an existing stack's `api` is therefore a state-only update (no API call, no
 * reinstall), and the next real change goes out through the new dialect only. Both directions.
 */

const FLEET = fleetInstanceIds(2);
const CARRIED = ["requestId", "reinstalledAt", "osName", "currentImageId", "currentRootSize"] as const;

for (const from of DIALECTS) {
    const to = dialect(from.other);

    describe(`lifecycle: switching api ${from.api} → ${to.api} on an existing stack does not reinstall`, function () {
        this.timeout(60_000);
        const tag = (title: string) => `[${from.api} → ${to.api}] ${title}`;
        let emu: Emulator;
        let engine: Engine;
        let last: RunResult | undefined;
        let firstOutputs: Record<string, Record<string, unknown>> = {};
        const everyResource = (op: string) => Object.fromEntries(engine.resources.map((r) => [r.urn, op]));

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
            engine = stackEngine(emu, from.api)
                .setConfig("fleetSize", FLEET.length)
                .setConfig("imageId", "img-ubun2204")
                .setConfig("password", PASSWORD, { secret: true }); // valid under both dialects
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

        it(tag(`up under ${from.api} reinstalls each instance once with ${from.resetAction}`), async () => {
            last = await engine.up(program);
            expect(last.failures).to.deep.equal([]);
            expect(opsOf(last)).to.deep.equal(everyResource("create"));
            for (const id of FLEET) {
                expect(resetActions(emu, id), id).to.deep.equal(from.resets(1));
            }
            expect(dialectsUsed(emu)).to.deep.equal([from.api]);
            firstOutputs = Object.fromEntries(engine.resources.map((r) => [r.name, r.outputs]));
            for (const r of engine.resources) {
                expect(r.outputs.api, r.name).to.equal(from.api);
            }
        });

        it(tag(`changing only api to ${to.api} previews an update per resource and calls no API`), async () => {
            engine.setConfig("api", to.api);
            last = await engine.preview(program);
            expect(last.failures).to.deep.equal([]);
            expect(opsOf(last)).to.deep.equal(everyResource("update"));
            expect(apiRequests(emu)).to.have.length(0);
        });

        it(
            tag("up with only api changed makes no API call at all: zero resets, state api updated, outputs kept"),
            async () => {
                last = await engine.up(program);
                expect(last.failures).to.deep.equal([]);
                expect(opsOf(last)).to.deep.equal(everyResource("update"));
                expect(apiRequests(emu)).to.deep.equal([]);
                expect(resetActions(emu)).to.deep.equal([]);
                expect(last.hostOutput).to.not.match(/REINSTALL/);
                for (const r of engine.resources) {
                    expect(r.inputs.api, `${r.name} inputs`).to.equal(to.api);
                    expect(r.outputs.api, `${r.name} outputs`).to.equal(to.api);
                    expect(r.initErrors).to.deep.equal([]);
                    expect(isSecret(r.outputs.password), `${r.name} password stays secret`).to.equal(true);
                    for (const k of CARRIED) {
                        expect(r.outputs[k], `${r.name}.${k}`).to.deep.equal(firstOutputs[r.name][k]);
                    }
                }
                for (const id of FLEET) {
                    expect(emu.instance(id)!.history, id).to.have.length(1);
                }
            },
        );

        it(tag("a further up is a no-op"), async () => {
            last = await engine.up(program);
            expect(last.failures).to.deep.equal([]);
            expect(opsOf(last)).to.deep.equal(everyResource("same"));
            expect(apiRequests(emu)).to.deep.equal([]);
        });

        it(
            tag(
                `an image change then reinstalls each instance exactly once with ${to.resetAction}, and no ${from.resetAction}`,
            ),
            async () => {
                engine.setConfig("imageId", "img-debian12");
                last = await engine.up(program);
                expect(last.failures).to.deep.equal([]);
                expect(opsOf(last)).to.deep.equal(everyResource("update"));
                for (const id of FLEET) {
                    expect(resetActions(emu, id), id).to.deep.equal(to.resets(1));
                    expect(emu.instance(id)!.imageId, id).to.equal("img-debian12");
                    const ours = operationsVia(emu.instance(id), to.api);
                    expect(ours, id).to.have.length(1);
                    expect(engine.resource(`reinstall-${id}`)!.outputs).to.include({
                        api: to.api,
                        currentImageId: "img-debian12",
                        requestId: ours[0].requestId,
                    });
                }
                expect(resetActions(emu)).to.not.include(from.resetAction);
                expect(dialectsUsed(emu), "every CVM request went out in the new dialect").to.deep.equal([to.api]);
            },
        );
    });
}

/**
 * The same switch while an accepted reset is still pending (the previous up hit its deadline): the
 * next up must follow that reset through the new dialect, not wipe the disk a second time. Two
 * resources: one declares `imageType: 2` explicitly, one leaves it to check's default.
 */
for (const from of DIALECTS) {
    const to = dialect(from.other);

    describe(`lifecycle: switching api ${from.api} → ${to.api} while a reset is still pending`, function () {
        this.timeout(60_000);
        const tag = (title: string) => `[${from.api} → ${to.api}] ${title}`;
        const EXPLICIT = "ins-pend0001";
        const DEFAULTED = "ins-pend0002";
        let emu: Emulator;
        let engine: Engine;
        let last: RunResult | undefined;
        let api = from.api;
        let waitTimeoutMinutes = 0.01;
        const program = () => {
            const common = { imageId: "img-ubun2204", password: PASSWORD, api, waitTimeoutMinutes };
            new InstanceReinstall(EXPLICIT, { instanceId: EXPLICIT, imageType: 2, ...common });
            new InstanceReinstall(DEFAULTED, { instanceId: DEFAULTED, ...common });
            return {};
        };

        before(async () => {
            // Slow clock: the reinstall takes 120 s of real time, far beyond the 0.6 s deadline.
            emu = await startEmulator({
                clockSpeed: 1,
                reinstallSeconds: 120,
                instances: [EXPLICIT, DEFAULTED].map((instanceId) => ({
                    instanceId,
                    imageId: "img-centos79",
                    rootSize: 50,
                    state: "RUNNING" as const,
                })),
            });
            engine = stackEngine(emu);
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
            tag(`an up under ${from.api} whose deadline passes records each accepted ${from.resetAction} as pending`),
            async () => {
                last = await engine.up(program);
                expect(last.ok).to.equal(false);
                for (const id of [EXPLICIT, DEFAULTED]) {
                    expect(engine.resource(id)!.outputs.pendingReset, id).to.be.an("object");
                    expect(resetActions(emu, id), id).to.deep.equal(from.resets(1));
                }
            },
        );

        it(
            tag(
                `the next up under ${to.api} follows the pending reset to the end instead of sending another (imageType declared)`,
            ),
            async () => {
                emu.setClockSpeed(FAST_CLOCK.clockSpeed);
                api = to.api;
                waitTimeoutMinutes = 30;
                emu.clearRequests();
                last = await engine.up(program);
                expect(last.failures).to.deep.equal([]);
                // The pending reset is traced by the dialect that submitted it: only it knows that request id.
                expect(dialectsUsed(emu)).to.deep.equal([from.api]);
                expect(resetActions(emu, EXPLICIT), "no second wipe").to.deep.equal([]);
                expect(emu.instance(EXPLICIT)!.history).to.have.length(1);
                const state = engine.resource(EXPLICIT)!;
                expect(state.outputs).to.not.have.property("pendingReset");
                expect(state.outputs).to.include({ api: to.api, currentImageId: "img-ubun2204" });
            },
        );

        // check records imageType 2 for both dialects and the pending intent leaves imageType out,
        // so an api-only switch must not make the pending reset look like another declaration.
        it(tag(`the same holds when imageType is left to check's default: no second ${to.resetAction}`), () => {
            expect(resetActions(emu, DEFAULTED), "no second wipe").to.deep.equal([]);
            expect(emu.instance(DEFAULTED)!.history).to.have.length(1);
        });
    });
}
