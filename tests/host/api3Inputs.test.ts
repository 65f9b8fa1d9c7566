import { failureProperties } from "../support/checkFailures";
import { expect } from "chai";
import { type Emulator, startEmulator } from "../../emulator";
import { apiRequests, FAST_CLOCK, hostEnv, PASSWORD_20, resetRequests, secretNeedles } from "../support/cloudFixtures";
import { API3, LEGACY, operationsVia, resetActions } from "../support/dialects";
import { HostCallError, ProviderHost, urnFor } from "../support/hostDriver";
import { findPlaintext, type PropertyMap } from "../support/secrets";

/**
 * Layer 3, the inputs only API 3.0 honours (`keyIds`, `keepImageLogin`, `hostName`, `userData`)
 * and the dialects' differing password rules, through the real host against the emulator: under
 * `api: "2017-03-12"` they pass check and reach `ResetInstance`; under legacy check names each one
 * and no API call is made.
 */

const KEYS = "ins-api30001";
const BOOT = "ins-api30002";
const LONGPW = "ins-api30003";
const WIN = "ins-api30004";

const USER_DATA = Buffer.from("#!/bin/sh\necho first-boot > /tmp/first-boot\n").toString("base64");
const USER_DATA_2 = Buffer.from("#!/bin/sh\necho second-boot > /tmp/second-boot\n").toString("base64");
const KEY_IDS = ["skey-abcd1234", "skey-efgh5678"];
/** The API-3.0-only inputs, as a user would declare them (keyIds exclude a password). */
const API3_ONLY_INPUTS = { keyIds: KEY_IDS, keepImageLogin: false, hostName: "web-01", userData: USER_DATA };

interface ResetParams {
    LoginSettings?: { Password?: unknown; KeyIds?: unknown; KeepImageLogin?: unknown };
    HostName?: unknown;
    UserData?: unknown;
}

describe("host layer: inputs only API 3.0 honours, and each dialect's password rule", function () {
    this.timeout(60_000);
    let emu: Emulator;
    let host: ProviderHost;
    const responses: unknown[] = [];
    const urn = (id: string) => urnFor(`reinstall-${id}`);
    const check = (id: string, inputs: PropertyMap) =>
        host.check(urn(id), {}, { instanceId: id, imageId: "img-ubun2204", ...inputs });

    before(async () => {
        emu = await startEmulator({
            ...FAST_CLOCK,
            instances: [
                ...[KEYS, BOOT, LONGPW].map((instanceId) => ({
                    instanceId,
                    imageId: "img-centos79",
                    rootSize: 50,
                    state: "RUNNING" as const,
                })),
                { instanceId: WIN, imageId: "img-win2022d", rootSize: 50, state: "RUNNING" as const },
            ],
        });
        host = await ProviderHost.start({ env: hostEnv(emu.url) });
        await host.configure({});
    });

    after(async () => {
        await host?.stop();
        await emu?.close();
    });

    it(
        LEGACY.t(
            "keyIds, keepImageLogin, hostName and userData fail check, each named with the api it needs, without any API call",
        ),
        async () => {
            emu.clearRequests();
            for (const api of [LEGACY.input]) {
                const res = await check(KEYS, { ...API3_ONLY_INPUTS, ...api });
                expect(res.failures.map((f) => f.property).sort(), JSON.stringify(api)).to.deep.equal([
                    "hostName",
                    "keepImageLogin",
                    "keyIds",
                    "userData",
                ]);
                for (const f of res.failures) {
                    expect(f.reason, f.property).to.match(new RegExp(`^${f.property} needs api "2017-03-12"`));
                }
            }
            expect(apiRequests(emu)).to.have.length(0);
        },
    );

    it(API3.t("keyIds, keepImageLogin, hostName and userData pass check and are kept"), async () => {
        const res = await check(KEYS, { ...API3_ONLY_INPUTS, ...API3.input });
        expect(res.failures).to.deep.equal([]);
        expect(res.inputs).to.deep.include({ ...API3_ONLY_INPUTS, api: API3.api });
    });

    it(
        API3.t(
            "check still rejects what API 3.0 forbids: keys with a password, malformed keys, userData that is not base64 or over 16 KB",
        ),
        async () => {
            emu.clearRequests();
            const withPassword = await check(KEYS, { keyIds: KEY_IDS, password: PASSWORD_20, ...API3.input });
            expect(withPassword.failures.map((f) => f.property)).to.deep.equal(["keyIds"]);
            expect(withPassword.failures[0].reason).to.match(/password/);
            const malformed = await check(KEYS, {
                keyIds: ["key-1"],
                userData: "not base64!",
                hostName: "-bad-",
                ...API3.input,
            });
            expect(malformed.failures.map((f) => f.property).sort()).to.deep.equal(["hostName", "keyIds", "userData"]);
            const big = await check(KEYS, { userData: "A".repeat(16 * 1024 + 4), ...API3.input });
            expect(big.failures.map((f) => f.property)).to.deep.equal(["userData"]);
            expect(big.failures[0].reason).to.match(/16 KB/);
            expect(apiRequests(emu)).to.have.length(0);
            // The reasons never quote the password.
            expect(
                findPlaintext(JSON.stringify([withPassword.failures, malformed.failures]), secretNeedles()),
            ).to.deep.equal([]);
        },
    );

    it(
        API3.t(
            "create with keyIds and hostName sends one ResetInstance carrying them; the instance gets the keys and name",
        ),
        async () => {
            emu.clearRequests();
            const checked = (await check(KEYS, { keyIds: KEY_IDS, hostName: "web-01", ...API3.input })).inputs;
            const created = await host.create(urn(KEYS), checked);
            responses.push(created);
            expect(resetActions(emu, KEYS)).to.deep.equal(API3.resets(1));
            const params = resetRequests(emu, KEYS)[0].params as ResetParams;
            expect(params.LoginSettings?.KeyIds).to.deep.equal(KEY_IDS);
            expect(params.LoginSettings).to.not.have.property("Password");
            expect(params.HostName).to.equal("web-01");
            expect(emu.instance(KEYS)).to.deep.include({
                keyIds: KEY_IDS,
                hostName: "web-01",
                imageId: "img-ubun2204",
            });
            expect(created.properties).to.deep.include({
                keyIds: KEY_IDS,
                hostName: "web-01",
                currentImageId: "img-ubun2204",
                api: API3.api,
            });
            expect(created.properties.requestId).to.equal(operationsVia(emu.instance(KEYS), API3.api)[0].requestId);
        },
    );

    let boot: { id: string; properties: PropertyMap };

    it(
        API3.t(
            "create with userData and keepImageLogin sends them in ResetInstance; the request log shows UserData only as ***",
        ),
        async () => {
            emu.clearRequests();
            const checked = (await check(BOOT, { userData: USER_DATA, keepImageLogin: true, ...API3.input })).inputs;
            boot = await host.create(urn(BOOT), checked);
            responses.push(boot);
            expect(resetActions(emu, BOOT)).to.deep.equal(API3.resets(1));
            const params = resetRequests(emu, BOOT)[0].params as ResetParams;
            expect(params.UserData).to.equal("***");
            expect(params.LoginSettings?.KeepImageLogin).to.match(/^true$/i);
            expect(JSON.stringify(emu.requests())).to.not.include(USER_DATA);
            expect(boot.properties).to.include({
                userData: USER_DATA,
                keepImageLogin: true,
                currentImageId: "img-ubun2204",
            });
        },
    );

    it(
        API3.t("a change of userData alone is a reinstall: diff reports it, update sends exactly one ResetInstance"),
        async () => {
            const news = (await check(BOOT, { userData: USER_DATA_2, keepImageLogin: true, ...API3.input })).inputs;
            host.clearOutput();
            const dd = await host.diff(boot.id, urn(BOOT), boot.properties, news);
            expect(dd.changes).to.equal("some");
            expect(dd.replaces).to.deep.equal([]);
            await host.waitForOutput(new RegExp(`${BOOT}: userData changed: .*REINSTALL`), 2000);
            emu.clearRequests();
            const up = await host.update(boot.id, urn(BOOT), boot.properties, news);
            responses.push(up);
            expect(resetActions(emu, BOOT)).to.deep.equal(API3.resets(1));
            expect((resetRequests(emu, BOOT)[0].params as ResetParams).UserData).to.equal("***");
            expect(up.properties).to.include({ userData: USER_DATA_2 });
            expect(up.properties.requestId).to.not.equal(boot.properties.requestId);
            expect(up.properties.requestId).to.equal(operationsVia(emu.instance(BOOT), API3.api)[1].requestId);
            boot = { id: boot.id, properties: up.properties };
        },
    );

    it(
        API3.t("removing userData from the declaration is no reinstall (only a new declared value wipes the disk)"),
        async () => {
            const news = (await check(BOOT, { keepImageLogin: true, ...API3.input })).inputs;
            emu.clearRequests();
            const up = await host.update(boot.id, urn(BOOT), boot.properties, news);
            expect(apiRequests(emu)).to.have.length(0);
            expect(up.properties).to.not.have.property("userData");
        },
    );

    it(
        LEGACY.t("a 20-character password fails check naming password and the 8-16 rule, without any API call"),
        async () => {
            emu.clearRequests();
            const res = await check(LONGPW, { password: PASSWORD_20, ...LEGACY.input });
            expect(failureProperties(res.failures)).to.deep.equal(["password"]);
            expect(res.failures[0].reason).to.match(/has 20 characters.*8-16/);
            expect(findPlaintext(res.failures[0].reason, secretNeedles())).to.deep.equal([]);
            expect(apiRequests(emu)).to.have.length(0);
        },
    );

    let longPw: { id: string; properties: PropertyMap };

    it(API3.t("a 20-character password passes check, and the emulator's ResetInstance accepts it"), async () => {
        const res = await check(LONGPW, { password: PASSWORD_20, ...API3.input });
        expect(res.failures).to.deep.equal([]);
        emu.clearRequests();
        longPw = await host.create(urn(LONGPW), res.inputs);
        responses.push(longPw);
        expect(resetActions(emu, LONGPW)).to.deep.equal(API3.resets(1));
        expect(resetRequests(emu, LONGPW)[0].outcome).to.equal("ok");
        expect((resetRequests(emu, LONGPW)[0].params as ResetParams).LoginSettings?.Password).to.equal("***");
    });

    it(
        API3.t(
            "switching that resource to legacy fails check on the password it can no longer send, without any API call",
        ),
        async () => {
            emu.clearRequests();
            const res = await host.check(
                urn(LONGPW),
                { instanceId: LONGPW, imageId: "img-ubun2204", password: PASSWORD_20, ...API3.input },
                {
                    instanceId: LONGPW,
                    imageId: "img-ubun2204",
                    password: PASSWORD_20,
                    ...LEGACY.input,
                },
            );
            expect(failureProperties(res.failures)).to.deep.equal(["password"]);
            expect(apiRequests(emu)).to.have.length(0);
        },
    );

    it(API3.t("keyIds on a Windows instance fail create before any reset, naming keyIds and Windows"), async () => {
        emu.clearRequests();
        const checked = (await host.check(urn(WIN), {}, { instanceId: WIN, keyIds: KEY_IDS, ...API3.input })).inputs;
        let err: unknown;
        try {
            await host.create(urn(WIN), checked);
        } catch (e) {
            err = e;
        }
        expect(err).to.be.instanceOf(HostCallError);
        expect((err as HostCallError).partial).to.equal(undefined);
        expect((err as HostCallError).details)
            .to.match(/keyIds/)
            .and.match(/Windows/);
        expect(resetRequests(emu)).to.have.length(0);
        responses.push((err as HostCallError).details);
    });

    it("never leaks a password or the secret key: host output, responses (outside `password`), the request log", () => {
        const needles = secretNeedles(USER_DATA, USER_DATA_2);
        const withoutInputs = JSON.stringify(responses, (k, v) =>
            k === "password" || k === "userData" ? undefined : v,
        );
        expect(findPlaintext(withoutInputs, needles), "responses").to.deep.equal([]);
        expect(findPlaintext(host.outputText(), needles), "host output").to.deep.equal([]);
        expect(findPlaintext(JSON.stringify(emu.requests()), needles), "emulator request log").to.deep.equal([]);
    });
});
