import { expect } from "chai";
import { type Emulator, startEmulator } from "../../emulator";
import { apiRequests, FAST_CLOCK, hostEnv, PASSWORD } from "../support/cloudFixtures";
import { LEGACY, resetActions } from "../support/dialects";
import { ProviderHost, urnFor } from "../support/hostDriver";
import type { PropertyMap } from "../support/secrets";

/**
 * A legacy `qcvm…` id and the `ins-…` id of the same instance are one declaration (issue class:
 * a cosmetic change replaced the resource and reinstalled the instance again). Through the real
 * host, against the emulator's legacy API, which reports both ids of an instance.
 */

const ID = "ins-alias001";
const OLD = "qcvmalias001";
const OTHER = "ins-alias002";
const urn = urnFor("reinstall-alias");

describe("host layer [legacy]: a qcvm alias of the recorded instance is the same instance", function () {
    this.timeout(60_000);
    let emu: Emulator;
    let host: ProviderHost;
    let state: { id: string; properties: PropertyMap };
    const declared = (instanceId: string): PropertyMap => ({
        instanceId,
        imageId: "img-ubun2204",
        password: PASSWORD,
        ...LEGACY.input,
    });

    before(async () => {
        emu = await startEmulator({
            ...FAST_CLOCK,
            instances: [
                { instanceId: ID, oldId: OLD, imageId: "img-centos79", rootSize: 50, state: "RUNNING" },
                { instanceId: OTHER, imageId: "img-centos79", rootSize: 50, state: "RUNNING" },
            ],
        });
        host = await ProviderHost.start({ env: hostEnv(emu.url) });
        await host.configure({});
        state = await host.create(urn, (await host.check(urn, {}, declared(ID))).inputs);
        expect(resetActions(emu, ID)).to.deep.equal(LEGACY.resets(1));
    });

    after(async () => {
        await host?.stop();
        await emu?.close();
    });

    it(
        LEGACY.t("declaring the qcvm id of the recorded ins- id is no replace and no reinstall: one read decides"),
        async () => {
            const news = (await host.check(urn, declared(ID), declared(OLD))).inputs;
            emu.clearRequests();
            host.clearOutput();
            const d = await host.diff(state.id, urn, state.properties, news);
            expect(d.replaces).to.deep.equal([]);
            expect(host.outputText()).to.not.match(/REINSTALL/);
            expect(apiRequests(emu).map((r) => r.action)).to.deep.equal(["DescribeInstances"]);
            const up = await host.update(state.id, urn, state.properties, news);
            expect(resetActions(emu)).to.deep.equal([]);
            expect(up.properties).to.include({ instanceId: OLD, currentImageId: "img-ubun2204" });
            state = { id: state.id, properties: up.properties };
        },
    );

    it(LEGACY.t("once recorded, the alias costs no API call in later diffs"), async () => {
        const news = (await host.check(urn, declared(OLD), declared(OLD))).inputs;
        emu.clearRequests();
        const d = await host.diff(state.id, urn, state.properties, news);
        expect(d.changes).to.equal("none");
        expect(apiRequests(emu)).to.have.length(0);
    });

    it(LEGACY.t("another instance is still a replace, announced as a REINSTALL of the new instance"), async () => {
        const news = (await host.check(urn, declared(OLD), declared(OTHER))).inputs;
        host.clearOutput();
        const d = await host.diff(state.id, urn, state.properties, news);
        expect(d.replaces).to.deep.equal(["instanceId"]);
        expect(host.outputText()).to.match(
            new RegExp(
                `${OTHER}: instanceId changed, so the resource is replaced \\(the previous one was ${OLD}\\): \`up\` will REINSTALL this instance and wipe its system disk`,
            ),
        );
    });
});
