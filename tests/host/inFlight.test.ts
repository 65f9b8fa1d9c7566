import { expect } from "chai";
import { type Emulator, startEmulator } from "../../emulator";
import { FAST_CLOCK, hostEnv, PASSWORD, secretNeedles } from "../support/cloudFixtures";
import { DIALECTS, operationsVia, resetActions } from "../support/dialects";
import { expectPartialFailure, ProviderHost, urnFor } from "../support/hostDriver";
import { findPlaintext, type PropertyMap } from "../support/secrets";

/**
 * Layer 3: a create that finds a reinstall in flight that it has no record of (here a console
 * reinstall, started just before it). It is never adopted: the instance never received this
 * declaration's password, host name or keys. API 3.0 (no intent tag of ours on the instance) waits
 * it out and then performs exactly one reset of its own, tracked by its own RequestId. Legacy
 * cannot tell it from the reset of an earlier run that was killed before recording it, so it
 * sends nothing and stops, recording the unknown outcome (docs/exactly-once.md).
 */

const OTHER_IMAGE = "ins-infl0001";
const SAME_IMAGE = "ins-infl0002";
/** Slow enough that the create's first read surely sees the foreign reinstall (~2 s of real time). */
const SLOW_SPEED = 60;

for (const d of DIALECTS) {
    describe(`host layer (api ${d.api}): a create while another reinstall is in flight`, function () {
        this.timeout(60_000);
        let emu: Emulator;
        let host: ProviderHost;
        const urn = (id: string) => urnFor(`reinstall-${id}`);
        const declared = (id: string): PropertyMap => ({
            instanceId: id,
            imageId: "img-ubun2204",
            password: PASSWORD,
            ...d.input,
        });

        before(async () => {
            emu = await startEmulator({
                ...FAST_CLOCK,
                instances: [OTHER_IMAGE, SAME_IMAGE].map((instanceId) => ({
                    instanceId,
                    imageId: "img-centos79",
                    rootSize: 50,
                    state: "RUNNING" as const,
                })),
            });
            host = await ProviderHost.start({ env: hostEnv(emu.url) });
            await host.configure({});
        });

        afterEach(() => emu.setClockSpeed(FAST_CLOCK.clockSpeed));

        after(async () => {
            await host?.stop();
            await emu?.close();
        });

        /** Starts a console reinstall to `image`, then the create; speeds the clock up once the host reports the wait. */
        async function createDuringForeignReinstall(id: string, image: string) {
            const checked = (await host.check(urn(id), {}, declared(id))).inputs;
            emu.clearRequests();
            emu.setClockSpeed(SLOW_SPEED);
            emu.reinstallOutOfBand(id, image);
            const foreign = operationsVia(emu.instance(id), "outOfBand")[0];
            const creating = host.create(urn(id), checked);
            creating.catch(() => undefined);
            return { creating, foreign };
        }

        if (d.api === "2017-03-12") {
            for (const [id, image] of [
                [OTHER_IMAGE, "img-debian12"],
                [SAME_IMAGE, "img-ubun2204"],
            ] as const) {
                it(
                    d.t(
                        `it waits for someone else's reinstall to ${image}, never adopts it, then performs exactly one reset of its own`,
                    ),
                    async () => {
                        const { creating, foreign } = await createDuringForeignReinstall(id, image);
                        await host.waitForOutput(
                            new RegExp(`${id}: is reinstalling .*; waiting until it is running or stopped`),
                            10_000,
                        );
                        expect(resetActions(emu, id), "nothing is sent while the other reinstall runs").to.deep.equal(
                            [],
                        );
                        emu.setClockSpeed(FAST_CLOCK.clockSpeed);
                        const created = await creating;
                        expect(resetActions(emu, id)).to.deep.equal(d.resets(1));
                        const ours = operationsVia(emu.instance(id), d.api);
                        expect(ours).to.have.length(1);
                        expect(
                            Date.parse(ours[0].startedAt),
                            "our reset started after the other one finished",
                        ).to.be.at.least(Date.parse(foreign.finishesAt) - 1000);
                        expect(created.properties.requestId).to.equal(ours[0].requestId);
                        expect(created.properties.requestId).to.not.equal(foreign.requestId);
                        expect(created.properties).to.include({
                            currentImageId: "img-ubun2204",
                            imageId: "img-ubun2204",
                        });
                    },
                );
            }
        } else {
            it(
                d.t(
                    "it sends nothing and stops with the unknown outcome recorded, since legacy cannot tell whose reinstall it is",
                ),
                async () => {
                    const { creating } = await createDuringForeignReinstall(OTHER_IMAGE, "img-debian12");
                    const failed = await expectPartialFailure(creating);
                    expect(failed.reasons.join(" ") + failed.message).to.match(
                        /OUTCOME_UNKNOWN|cannot tell them apart/,
                    );
                    expect((failed.properties.pendingReset as { outcome?: string }).outcome).to.equal("unknown");
                    expect(resetActions(emu, OTHER_IMAGE)).to.deep.equal([]);
                },
            );
        }

        it(d.t("the host's output never carried the password or the secret key"), () => {
            expect(findPlaintext(host.outputText(), secretNeedles())).to.deep.equal([]);
        });
    });
}
