import { expect } from "chai";
import { Emulator, startEmulator } from "../../emulator";
import { FAST_CLOCK, hostEnv, PASSWORD, secretNeedles } from "../support/cloudFixtures";
import { DIALECTS, operationsVia, resetActions } from "../support/dialects";
import { ProviderHost, urnFor } from "../support/hostDriver";
import { findPlaintext, PropertyMap } from "../support/secrets";

/**
 * Layer 3: a create that finds another reinstall in flight (here a console reinstall, started just
 * before it) waits for it instead of failing or resetting on top of it, says so, and then decides
 * (provider/reinstall.ts): when that reinstall left the instance as declared it is adopted (no
 * second wipe); otherwise exactly one reset of our own follows. Completion is tracked on our own
 * reset only: under API 3.0 the recorded requestId is our ResetInstance's RequestId, never the
 * other operation's (LatestOperationRequestId), and under legacy our task id.
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
        const declared = (id: string): PropertyMap => ({ instanceId: id, imageId: "img-ubun2204", password: PASSWORD, ...d.input });

        before(async () => {
            emu = await startEmulator({
                ...FAST_CLOCK,
                instances: [OTHER_IMAGE, SAME_IMAGE].map((instanceId) => ({ instanceId, imageId: "img-centos79", rootSize: 50, state: "RUNNING" as const })),
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
            await host.waitForOutput(new RegExp(`${id}: a reinstall is already in progress; waiting for it`), 10_000);
            expect(resetActions(emu, id), "nothing is sent while the other reinstall runs").to.deep.equal([]);
            emu.setClockSpeed(FAST_CLOCK.clockSpeed);
            const created = await creating;
            return { created, foreign };
        }

        it(d.t("it waits for a reinstall to another image, then performs exactly one reset of its own and records that reset's id"), async () => {
            const { created, foreign } = await createDuringForeignReinstall(OTHER_IMAGE, "img-debian12");
            expect(resetActions(emu, OTHER_IMAGE)).to.deep.equal(d.resets(1));
            const ours = operationsVia(emu.instance(OTHER_IMAGE), d.api);
            expect(ours).to.have.length(1);
            expect(Date.parse(ours[0].startedAt), "our reset started after the other one finished").to.be.at.least(Date.parse(foreign.finishesAt) - 1000);
            expect(created.properties.requestId).to.equal(ours[0].requestId);
            expect(created.properties.requestId).to.not.equal(foreign.requestId);
            expect(created.properties).to.include({ currentImageId: "img-ubun2204", imageId: "img-ubun2204" });
            expect(emu.instance(OTHER_IMAGE)!.imageId).to.equal("img-ubun2204");
        });

        it(d.t("a reinstall in flight that leaves the instance as declared is adopted: no reset, and the host says so"), async () => {
            const { created } = await createDuringForeignReinstall(SAME_IMAGE, "img-ubun2204");
            expect(resetActions(emu, SAME_IMAGE)).to.deep.equal([]);
            expect(operationsVia(emu.instance(SAME_IMAGE), d.api)).to.deep.equal([]);
            await host.waitForOutput(new RegExp(`${SAME_IMAGE}: the reinstall that was in progress left img-ubun2204 .*adopting it`), 2000);
            expect(created.properties).to.include({ currentImageId: "img-ubun2204", imageId: "img-ubun2204" });
            expect(created.properties.requestId).to.be.a("string").and.not.equal("");
        });

        it(d.t("the host's output never carried the password or the secret key"), () => {
            expect(findPlaintext(host.outputText(), secretNeedles())).to.deep.equal([]);
        });
    });
}
