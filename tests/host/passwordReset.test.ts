import { expect } from "chai";
import { type Emulator, startEmulator } from "../../emulator";
import { apiRequests, FAST_CLOCK, hostEnv, PASSWORD, PASSWORD_2, secretNeedles } from "../support/cloudFixtures";
import { failureProperties } from "../support/checkFailures";
import { API3, LEGACY, resetActions } from "../support/dialects";
import { ProviderHost, urnFor } from "../support/hostDriver";
import { findPlaintext, type PropertyMap } from "../support/secrets";

/**
 * `passwordChange: "reset"` through the real dynamic-provider host against the emulator: a
 * password-only change runs ResetInstancesPassword (no wipe) and waits for it; anything else
 * still reinstalls; legacy refuses the option in check.
 */

const ID = "ins-pwrs0001";
const urn = urnFor(`reinstall-${ID}`);

describe("host layer: passwordChange reset sets the password without a reinstall", function () {
    this.timeout(120_000);
    let emu: Emulator;
    let host: ProviderHost;
    let state: { id: string; properties: PropertyMap };
    const declared = (extra: PropertyMap = {}): PropertyMap => ({
        instanceId: ID,
        imageId: "img-ubun2204",
        password: PASSWORD,
        passwordChange: "reset",
        ...API3.input,
        ...extra,
    });
    /** The write actions sent: resets and password resets (reads, dry runs and the saga's intent tags left out). */
    const actions = () =>
        apiRequests(emu)
            .map((r) => r.action)
            .filter((a) => /^Reset/.test(a));

    before(async () => {
        emu = await startEmulator({
            ...FAST_CLOCK,
            instances: [{ instanceId: ID, imageId: "img-centos79", rootSize: 50, state: "RUNNING" }],
        });
        host = await ProviderHost.start({ env: hostEnv(emu.url) });
        await host.configure({});
        const checked = await host.check(urn, {}, declared());
        expect(checked.failures).to.deep.equal([]);
        state = await host.create(urn, checked.inputs);
    });

    after(async () => {
        await host?.stop();
        await emu?.close();
    });

    it(API3.t("the create itself still reinstalls (a new resource wipes the disk once)"), () => {
        expect(emu.instance(ID)!.imageId).to.equal("img-ubun2204");
        expect(state.properties).to.include({ passwordChange: "reset", currentImageId: "img-ubun2204" });
    });

    it(API3.t("diff of a password-only change says ResetInstancesPassword will run, not a reinstall"), async () => {
        const news = (await host.check(urn, declared(), declared({ password: PASSWORD_2 }))).inputs;
        host.clearOutput();
        const d = await host.diff(state.id, urn, state.properties, news);
        expect(d.changes).to.equal("some");
        expect(host.outputText()).to.match(
            /password changed \(passwordChange "reset"\): `up` will reset the password with ResetInstancesPassword \(no reinstall, no wipe; the instance is force-stopped and started again\)/,
        );
        expect(host.outputText()).to.not.match(/will REINSTALL/);
    });

    it(
        API3.t(
            "update sends one ResetInstancesPassword and no ResetInstance, waits for it, and records the new password",
        ),
        async () => {
            const imageBefore = emu.instance(ID)!.imageId;
            const news = (await host.check(urn, declared(), declared({ password: PASSWORD_2 }))).inputs;
            emu.clearRequests();
            host.clearOutput();
            const up = await host.update(state.id, urn, state.properties, news);
            expect(actions()).to.deep.equal(["ResetInstancesPassword"]);
            expect(resetActions(emu, ID), "no reinstall happened").to.deep.equal([]);
            expect(emu.instance(ID)!.imageId).to.equal(imageBefore);
            expect(up.properties).to.include({
                password: PASSWORD_2,
                currentImageId: "img-ubun2204",
                requestId: state.properties.requestId,
            });
            expect(host.outputText()).to.match(/ResetInstancesPassword accepted \(request [^)]+\)/);
            expect(host.outputText()).to.match(/force-stopped and started again/);
            expect(host.outputText()).to.match(/password set \(ResetInstancesPassword .* SUCCESS/);
            state = { id: state.id, properties: up.properties };
        },
    );

    it(API3.t("a password change together with a new image still reinstalls once, with the new password"), async () => {
        const news = (
            await host.check(
                urn,
                declared({ password: PASSWORD_2 }),
                declared({ password: PASSWORD, imageId: "img-debian12" }),
            )
        ).inputs;
        emu.clearRequests();
        const up = await host.update(state.id, urn, state.properties, news);
        expect(actions()).to.deep.equal(["ResetInstance"]);
        expect(up.properties).to.include({ currentImageId: "img-debian12" });
    });

    it(LEGACY.t("check refuses passwordChange reset, naming the api it needs, without any API call"), async () => {
        emu.clearRequests();
        const res = await host.check(urn, declared(), declared({ ...LEGACY.input }));
        expect(failureProperties(res.failures)).to.deep.equal(["passwordChange"]);
        expect(res.failures[0].reason).to.match(/"reset" needs api "2017-03-12"/);
        expect(apiRequests(emu)).to.have.length(0);
    });

    it("never leaks a password: host output and the request log", () => {
        expect(findPlaintext(host.outputText(), secretNeedles())).to.deep.equal([]);
        expect(findPlaintext(JSON.stringify(emu.requests()), secretNeedles())).to.deep.equal([]);
    });
});
