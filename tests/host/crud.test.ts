import { expect } from "chai";
import { DEFAULT_CREDENTIALS, type Emulator, startEmulator } from "../../emulator";
import {
    apiRequests,
    CREDENTIAL_CONFIG,
    FAST_CLOCK,
    hostEnv,
    PASSWORD,
    PASSWORD_2,
    resetRequests,
    secretNeedles,
    waitUntil,
} from "../support/cloudFixtures";
import { failureProperties } from "../support/checkFailures";
import { DIALECTS, dialectsUsed, operationsVia, resetActions } from "../support/dialects";
import { HostCallError, ProviderHost, urnFor } from "../support/hostDriver";
import { findPlaintext, makeSecret, type PropertyMap } from "../support/secrets";

/**
 * Layer 3: the serialized provider running in the REAL dynamic-provider host, called over gRPC the
 * way the engine calls it, against the emulator. Secrets are sent stripped (as the engine does for
 * a host that answers acceptSecrets=false). Every scenario runs once per API dialect (input `api`);
 * what differs between the dialects (reset action, password rule) comes from support/dialects.ts.
 */

const A = "ins-crud0001";
const B = "ins-crud0002";
const C = "ins-crud0003";
const GONE = "ins-crud0004";

describe("host layer: check defaults that do not depend on a dialect", function () {
    this.timeout(60_000);
    let emu: Emulator;
    let host: ProviderHost;

    before(async () => {
        emu = await startEmulator({
            ...FAST_CLOCK,
            instances: [{ instanceId: A, imageId: "img-centos79", rootSize: 50, state: "RUNNING" }],
        });
        host = await ProviderHost.start({ env: hostEnv(emu.url) });
        await host.configure({});
    });

    after(async () => {
        await host?.stop();
        await emu?.close();
    });

    it("without an api input, check selects API 3.0 (2017-03-12)", async () => {
        const res = await host.check(urnFor("d"), {}, { instanceId: A, imageId: "img-ubun2204", password: PASSWORD });
        expect(res.failures).to.deep.equal([]);
        expect(res.inputs).to.include({ api: "2017-03-12", imageType: 2 });
        expect(resetRequests(emu)).to.have.length(0);
    });

    it("an api that is neither dialect fails check naming api, without any API call", async () => {
        emu.clearRequests();
        const res = await host.check(urnFor("d"), {}, { instanceId: A, imageId: "img-ubun2204", api: "v9" });
        expect(res.failures.map((f) => f.property)).to.deep.equal(["api"]);
        expect(res.failures[0].reason).to.match(/legacy.*2017-03-12/);
        expect(apiRequests(emu)).to.have.length(0);
    });
});

for (const d of DIALECTS) {
    describe(`host layer (api ${d.api}): Configure/Check/Diff/Create/Update/Read/Delete through the real host`, function () {
        this.timeout(60_000);
        let emu: Emulator;
        let host: ProviderHost;
        /** Every response the host sent, scanned for secrets at the end. */
        const responses: unknown[] = [];
        const keep = <T>(v: T): T => {
            responses.push(v);
            return v;
        };
        const urn = (id: string) => urnFor(`reinstall-${id}`);
        const declared = (id: string, extra: PropertyMap = {}): PropertyMap => ({
            instanceId: id,
            imageId: "img-ubun2204",
            // Valid under both dialects, so the api switch below passes check (the dialects'
            // differing rules are covered by the check test here and in api3Inputs.test.ts).
            password: PASSWORD,
            ...d.input,
            ...extra,
        });

        let createdA: { id: string; properties: PropertyMap };

        before(async () => {
            emu = await startEmulator({
                ...FAST_CLOCK,
                instances: [A, B, C, GONE].map((instanceId) => ({
                    instanceId,
                    imageId: "img-centos79",
                    rootSize: 50,
                    state: "RUNNING" as const,
                })),
            });
            host = await ProviderHost.start({ env: hostEnv(emu.url) });
        });

        after(async () => {
            await host?.stop();
            await emu?.close();
        });

        it(
            d.t("Configure is accepted; the host answers acceptSecrets=false, so the engine strips secrets"),
            async () => {
                const resp = keep(await host.configure({}));
                expect(resp.acceptSecrets).to.equal(false);
                expect(resp.supportsPreview).to.equal(false);
            },
        );

        it(
            d.t(
                "check of a create fills the defaults (agents on, waitTimeoutMinutes 30), keeps the api, and only reads the instance to check it",
            ),
            async () => {
                emu.clearRequests();
                const res = keep(await host.check(urn(A), {}, declared(A)));
                expect(res.failures).to.deep.equal([]);
                expect(res.inputs).to.include({
                    instanceId: A,
                    imageId: "img-ubun2204",
                    needSecurityAgent: true,
                    needMonitorAgent: true,
                    waitTimeoutMinutes: 30,
                    api: d.api,
                });
                expect(res.inputs.imageType, "public, the API's default, recorded for both dialects").to.equal(2);
                expect(res.inputs.__provider).to.equal(host.providerText);
                // A create reinstalls, and the engine calls only check for it in preview: the preview's
                // cloud checks run here (a read, and under API 3.0 the dry run), never a reset.
                expect(
                    apiRequests(emu)
                        .map((r) => r.action)
                        .filter((a) => a !== "InquiryPriceResetInstance"),
                ).to.deep.equal(["DescribeInstances"]);
                expect(resetRequests(emu)).to.have.length(0);
            },
        );

        it(d.t("check of an update (recorded inputs present) calls no API"), async () => {
            emu.clearRequests();
            const res = keep(await host.check(urn(A), declared(A), declared(A, { imageId: "img-centos79" })));
            expect(res.failures).to.deep.equal([]);
            expect(apiRequests(emu)).to.have.length(0);
        });

        it(d.t("check returns bad input as failures naming each property, without any API call"), async () => {
            emu.clearRequests();
            const res = keep(
                await host.check(
                    urn(A),
                    {},
                    {
                        instanceId: "i-123",
                        imageId: "centos",
                        password: d.invalidPassword,
                        rootSize: -1,
                        waitTimeoutMinutes: "soon",
                        ...d.input,
                    },
                ),
            );
            const props = failureProperties(res.failures);
            expect(props).to.include.members(["instanceId", "imageId", "password", "rootSize", "waitTimeoutMinutes"]);
            expect(props).to.not.include("api");
            for (const f of res.failures) {
                expect(f.reason, f.property).to.be.a("string").and.not.equal("");
            }
            expect(apiRequests(emu)).to.have.length(0);
        });

        it(
            d.t(
                "check applies this dialect's password rule: the other dialect's long password is refused or accepted accordingly",
            ),
            async () => {
                const ok = keep(await host.check(urn(A), {}, declared(A, { password: d.validPassword })));
                expect(ok.failures).to.deep.equal([]);
                const bad = keep(await host.check(urn(A), {}, declared(A, { password: d.invalidPassword })));
                expect(failureProperties(bad.failures)).to.deep.equal(["password"]);
                expect(bad.failures[0].property, "no property: the engine would print the password beside it").to.equal(
                    "",
                );
                expect(bad.failures[0].reason).to.match(d.api === "legacy" ? /8-16 characters/ : /8-30 characters/);
            },
        );

        it(d.t("check rejects an unknown property (a typo) by its name"), async () => {
            const res = keep(await host.check(urn(A), {}, { instanceId: A, imageID: "img-ubun2204", ...d.input }));
            expect(failureProperties(res.failures)).to.include("imageID");
        });

        it(
            d.t("check needs no credentials to validate; a create without any fails check naming the config keys"),
            async () => {
                const bare = await ProviderHost.start({ env: hostEnv(emu.url, { credentials: "none" }) });
                try {
                    await bare.configure({});
                    const update = await bare.check(urn(A), declared(A), declared(A, { imageId: "img-centos79" }));
                    expect(update.failures).to.deep.equal([]);
                    const bad = await bare.check(urn(A), {}, declared(A, { rootSize: -1 }));
                    expect(failureProperties(bad.failures)).to.deep.equal(["rootSize"]);
                    const create = await bare.check(urn(A), {}, declared(A));
                    expect(create.failures).to.have.length(1);
                    expect(create.failures[0].reason).to.match(/tencentcloud:secretId.*TENCENTCLOUD_SECRET_ID/);
                } finally {
                    await bare.stop();
                }
            },
        );

        it(
            d.t(
                `create reinstalls once with ${d.resetAction}, records its RequestId and reports what the instance runs now`,
            ),
            async () => {
                emu.clearRequests();
                const checked = (await host.check(urn(A), {}, declared(A))).inputs;
                createdA = keep(await host.create(urn(A), checked));
                expect(createdA.id).to.be.a("string").and.not.equal("");
                const out = createdA.properties;
                const live = emu.instance(A)!;
                expect(live.imageId).to.equal("img-ubun2204");
                expect(out).to.include({
                    instanceId: A,
                    imageId: "img-ubun2204",
                    currentImageId: "img-ubun2204",
                    osName: live.osName,
                    currentRootSize: live.rootSize,
                });
                expect(new Date(out.reinstalledAt as string).toISOString()).to.equal(out.reinstalledAt);
                expect(out).to.not.have.property("pendingReset");
                expect(out).to.include({
                    needSecurityAgent: true,
                    needMonitorAgent: true,
                    waitTimeoutMinutes: 30,
                    api: d.api,
                });
                expect(resetActions(emu)).to.deep.equal(d.resets(1));
                expect(resetRequests(emu)[0].instanceIds).to.deep.equal([A]);
                expect(dialectsUsed(emu)).to.deep.equal([d.api]);
                // requestId: the legacy task id / the 3.0 RequestId of the reset the emulator ran.
                const ours = operationsVia(live, d.api);
                expect(ours).to.have.length(1);
                expect(out.requestId).to.equal(ours[0].requestId);
            },
        );

        it(
            d.t("create echoes the password under the same key, so the engine's annotateSecrets keeps it secret"),
            () => {
                expect(createdA.properties.password).to.equal(PASSWORD);
            },
        );

        it(d.t("create reports progress on the host's output while it waits"), () => {
            expect(host.outputText()).to.match(new RegExp(`${A}: ${d.resetAction} accepted`));
        });

        it(d.t("diff with unchanged inputs reports no changes"), async () => {
            const dd = keep(
                await host.diff(
                    createdA.id,
                    urn(A),
                    createdA.properties,
                    (await host.check(urn(A), declared(A), declared(A))).inputs,
                ),
            );
            expect(dd.changes).to.equal("none");
            expect(dd.replaces).to.deep.equal([]);
        });

        it(d.t("diff of a new imageId reports an in-place update (a reinstall), not a replacement"), async () => {
            const news = (await host.check(urn(A), declared(A), declared(A, { imageId: "img-debian12" }))).inputs;
            const dd = keep(await host.diff(createdA.id, urn(A), createdA.properties, news));
            expect(dd.changes).to.equal("some");
            expect(dd.replaces).to.deep.equal([]);
        });

        it(d.t("diff of a new password reports an update"), async () => {
            const news = (await host.check(urn(A), declared(A), declared(A, { password: PASSWORD_2 }))).inputs;
            const dd = keep(await host.diff(createdA.id, urn(A), createdA.properties, news));
            expect(dd.changes).to.equal("some");
            expect(dd.replaces).to.deep.equal([]);
        });

        it(d.t("diff of another instanceId reports a replacement"), async () => {
            const news = (await host.check(urn(A), declared(A), declared(B))).inputs;
            const dd = keep(await host.diff(createdA.id, urn(A), createdA.properties, news));
            expect(dd.changes).to.equal("some");
            expect(dd.replaces).to.include("instanceId");
        });

        it(
            d.t(
                "diff of another region is a replacement, which preview checks: an instance not in that region fails it, naming the region",
            ),
            async () => {
                const news = (await host.check(urn(A), declared(A), declared(A, { region: "ap-shanghai" }))).inputs;
                host.clearOutput();
                const failed = await host.diff(createdA.id, urn(A), createdA.properties, news).then(
                    () => undefined,
                    (e: Error) => e,
                );
                expect(failed, "the diff must fail").to.be.instanceOf(HostCallError);
                expect(failed!.message).to.match(
                    new RegExp(`${A} was not found in region ap-shanghai \\(from the input \`region\`\\)`),
                );
            },
        );

        it(
            d.t("diff of the region spelled as a legacy code or equal to the configured region is no change"),
            async () => {
                for (const region of ["gz", "ap-guangzhou"]) {
                    const news = (await host.check(urn(A), declared(A), declared(A, { region }))).inputs;
                    emu.clearRequests();
                    const dd = keep(await host.diff(createdA.id, urn(A), createdA.properties, news));
                    expect(dd.changes, region).to.equal("none");
                    expect(apiRequests(emu), region).to.have.length(0);
                }
            },
        );

        it(d.t("diff never compares __provider: another provider text alone is no change"), async () => {
            const news = (await host.check(urn(A), declared(A), declared(A))).inputs;
            const olds = { ...createdA.properties, __provider: `${host.providerText}\n// older build` };
            const dd = keep(await host.diff(createdA.id, urn(A), olds, news));
            expect(dd.changes).to.equal("none");
        });

        it(d.t("a waitTimeoutMinutes-only change is an update that makes no API call"), async () => {
            const news = (await host.check(urn(A), declared(A), declared(A, { waitTimeoutMinutes: 45 }))).inputs;
            const dd = keep(await host.diff(createdA.id, urn(A), createdA.properties, news));
            expect(dd.changes).to.equal("some");
            expect(dd.replaces).to.deep.equal([]);
            emu.clearRequests();
            const up = keep(await host.update(createdA.id, urn(A), createdA.properties, news));
            expect(apiRequests(emu)).to.have.length(0);
            expect(up.properties).to.include({
                waitTimeoutMinutes: 45,
                currentImageId: "img-ubun2204",
                requestId: createdA.properties.requestId,
            });
            createdA = { id: createdA.id, properties: up.properties };
        });

        it(
            d.t(`an api-only change to ${d.other} is a state-only update: no API call, api updated, outputs kept`),
            async () => {
                const news = (
                    await host.check(urn(A), declared(A), declared(A, { waitTimeoutMinutes: 45, api: d.other }))
                ).inputs;
                host.clearOutput();
                const dd = keep(await host.diff(createdA.id, urn(A), createdA.properties, news));
                expect(dd.changes).to.equal("some");
                expect(dd.replaces).to.deep.equal([]);
                expect(host.outputText()).to.not.match(new RegExp(`${A}: .*will REINSTALL`));
                emu.clearRequests();
                const up = keep(await host.update(createdA.id, urn(A), createdA.properties, news));
                expect(apiRequests(emu)).to.have.length(0);
                expect(up.properties.api).to.equal(d.other);
                for (const k of ["requestId", "reinstalledAt", "osName", "currentImageId", "currentRootSize"]) {
                    expect(up.properties[k], k).to.deep.equal(createdA.properties[k]);
                }
                // And back: still no API call.
                const back = (await host.check(urn(A), declared(A), declared(A, { waitTimeoutMinutes: 45 }))).inputs;
                const again = keep(await host.update(createdA.id, urn(A), up.properties, back));
                expect(apiRequests(emu)).to.have.length(0);
                expect(again.properties.api).to.equal(d.api);
                createdA = { id: createdA.id, properties: again.properties };
            },
        );

        it(d.t("update with the same inputs makes no API call and keeps the outputs"), async () => {
            const news = (await host.check(urn(A), declared(A), declared(A, { waitTimeoutMinutes: 45 }))).inputs;
            emu.clearRequests();
            const up = keep(await host.update(createdA.id, urn(A), createdA.properties, news));
            expect(apiRequests(emu)).to.have.length(0);
            for (const k of ["requestId", "reinstalledAt", "osName", "currentImageId", "currentRootSize"]) {
                expect(up.properties[k], k).to.deep.equal(createdA.properties[k]);
            }
        });

        it(
            d.t(`update to a new image and a bigger disk reinstalls once (${d.resetAction}) and reports both`),
            async () => {
                const news = (
                    await host.check(
                        urn(A),
                        declared(A),
                        declared(A, { imageId: "img-debian12", rootSize: 80, password: PASSWORD_2 }),
                    )
                ).inputs;
                emu.clearRequests();
                const up = keep(await host.update(createdA.id, urn(A), createdA.properties, news));
                expect(resetActions(emu, A)).to.deep.equal(d.resets(1));
                expect(up.properties).to.include({
                    imageId: "img-debian12",
                    currentImageId: "img-debian12",
                    rootSize: 80,
                    currentRootSize: 80,
                    password: PASSWORD_2,
                });
                expect(up.properties.requestId).to.not.equal(createdA.properties.requestId);
                expect(up.properties.requestId).to.equal(operationsVia(emu.instance(A), d.api).pop()!.requestId);
                expect(emu.instance(A)).to.include({ imageId: "img-debian12", rootSize: 80 });
                createdA = { id: createdA.id, properties: up.properties };
            },
        );

        it(d.t("the request log shows the reset's password redacted, never in plaintext"), () => {
            const resets = resetRequests(emu, A);
            expect(JSON.stringify(resets[0].params)).to.include('"***"');
            const text = JSON.stringify(emu.requests());
            expect(findPlaintext(text, secretNeedles())).to.deep.equal([]);
        });

        it(d.t("read returns the live image, disk and OS when nothing drifted"), async () => {
            const r = keep(await host.read(createdA.id, urn(A), createdA.properties, declared(A)));
            expect(r.id).to.equal(createdA.id);
            expect(r.properties).to.include({
                imageId: "img-debian12",
                currentImageId: "img-debian12",
                currentRootSize: 80,
                osName: emu.instance(A)!.osName,
            });
        });

        it(d.t("read shows drift after an out-of-band reinstall, under the declared names too"), async () => {
            emu.reinstallOutOfBand(A, "img-centos79", 100);
            await waitUntil(
                () => emu.instance(A)!.imageId === "img-centos79" && !emu.instance(A)!.reinstalling,
                10_000,
                "the out-of-band reinstall",
            );
            const r = keep(await host.read(createdA.id, urn(A), createdA.properties));
            expect(r.id).to.equal(createdA.id);
            expect(r.properties).to.include({
                currentImageId: "img-centos79",
                imageId: "img-centos79",
                currentRootSize: 100,
                rootSize: 100,
            });
            expect(r.properties.osName).to.equal(emu.instance(A)!.osName);
            // The next diff against what the program declares sees the drift: an update (a reinstall) converges.
            const news = (
                await host.check(
                    urn(A),
                    declared(A),
                    declared(A, { imageId: "img-debian12", rootSize: 100, password: PASSWORD_2 }),
                )
            ).inputs;
            const dd = await host.diff(createdA.id, urn(A), r.properties, news);
            expect(dd.changes).to.equal("some");
            expect(dd.replaces).to.deep.equal([]);
            emu.clearRequests();
            const up = keep(await host.update(createdA.id, urn(A), r.properties, news));
            expect(resetActions(emu, A)).to.deep.equal(d.resets(1));
            expect(up.properties).to.include({ currentImageId: "img-debian12" });
            // Its requestId is our reset's, never the out-of-band operation's.
            expect(up.properties.requestId).to.equal(operationsVia(emu.instance(A), d.api).pop()!.requestId);
        });

        it(d.t("read of an instance that no longer exists returns no id"), async () => {
            const checked = (await host.check(urn(GONE), {}, declared(GONE))).inputs;
            const created = keep(await host.create(urn(GONE), checked));
            emu.removeInstance(GONE);
            const r = keep(await host.read(created.id, urn(GONE), created.properties));
            expect(r.id).to.equal("");
        });

        it(d.t("delete makes no API call, leaves the instance as it is and says so"), async () => {
            emu.clearRequests();
            host.clearOutput();
            const before = emu.instance(A)!;
            await host.delete(createdA.id, urn(A), createdA.properties);
            expect(apiRequests(emu)).to.have.length(0);
            expect(emu.instance(A)).to.include({
                imageId: before.imageId,
                rootSize: before.rootSize,
                state: before.state,
            });
            await host.waitForOutput(new RegExp(A), 2000);
        });

        it(d.t("a create for a missing instance fails plainly (no partial state) and sends no reset"), async () => {
            emu.clearRequests();
            const checked = (await host.check(urn("ins-nothere1"), {}, declared("ins-nothere1"))).inputs;
            let err: unknown;
            try {
                await host.create(urn("ins-nothere1"), checked);
            } catch (e) {
                err = e;
            }
            expect(err).to.be.instanceOf(HostCallError);
            expect((err as HostCallError).partial).to.equal(undefined);
            expect((err as HostCallError).details).to.match(/ins-nothere1/);
            expect(resetRequests(emu)).to.have.length(0);
            responses.push((err as HostCallError).details);
        });

        it(d.t("never leaks the password or secret key: host output, every response, the request log"), () => {
            const needles = secretNeedles();
            // Passwords legitimately come back in responses under `password` (the engine re-marks them
            // secret). Anything else carrying them would be a leak.
            const withoutPasswordKey = JSON.stringify(responses, (k, v) => (k === "password" ? undefined : v));
            expect(findPlaintext(withoutPasswordKey, needles), "responses").to.deep.equal([]);
            expect(findPlaintext(host.outputText(), needles), "host output").to.deep.equal([]);
            expect(findPlaintext(JSON.stringify(emu.requests()), needles), "emulator request log").to.deep.equal([]);
        });
    });

    describe(`host layer (api ${d.api}): credentials from stack config (Configure), none in the environment`, function () {
        this.timeout(60_000);
        let emu: Emulator;
        let host: ProviderHost;
        const D = "ins-conf0001";

        before(async () => {
            emu = await startEmulator({
                ...FAST_CLOCK,
                instances: [{ instanceId: D, imageId: "img-centos79", rootSize: 50, state: "RUNNING" }],
            });
            host = await ProviderHost.start({ env: hostEnv(emu.url, { credentials: "none" }) });
        });

        after(async () => {
            await host?.stop();
            await emu?.close();
        });

        it(
            d.t("without credentials anywhere, create fails with a message naming the config keys and calls no API"),
            async () => {
                const noCreds = await ProviderHost.start({ env: hostEnv(emu.url, { credentials: "none" }) });
                try {
                    await noCreds.configure({});
                    const checked = (
                        await noCreds.check(urnFor("x"), {}, { instanceId: D, imageId: "img-ubun2204", ...d.input })
                    ).inputs;
                    emu.clearRequests();
                    let err: HostCallError | undefined;
                    try {
                        await noCreds.create(urnFor("x"), checked);
                    } catch (e) {
                        err = e as HostCallError;
                    }
                    expect(err?.details).to.match(/tencentcloud:secretId|TENCENTCLOUD_SECRET_ID/);
                    expect(apiRequests(emu)).to.have.length(0);
                } finally {
                    await noCreds.stop();
                }
            },
        );

        it(d.t("tencentcloud:secretId/secretKey(secret)/region from Configure are used to sign requests"), async () => {
            await host.configure({
                ...CREDENTIAL_CONFIG,
                "tencentcloud:secretKey": makeSecret(DEFAULT_CREDENTIALS.secretKey),
            });
            const checked = (
                await host.check(
                    urnFor("d"),
                    {},
                    { instanceId: D, imageId: "img-ubun2204", password: d.validPassword, ...d.input },
                )
            ).inputs;
            const created = await host.create(urnFor("d"), checked);
            expect(created.properties).to.include({ currentImageId: "img-ubun2204" });
            expect(resetActions(emu, D)).to.deep.equal(d.resets(1));
            expect(resetRequests(emu, D)[0].outcome).to.equal("ok");
            expect(dialectsUsed(emu)).to.deep.equal([d.api]);
            expect(findPlaintext(host.outputText(), secretNeedles())).to.deep.equal([]);
        });
    });
}
