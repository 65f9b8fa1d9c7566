import { expect } from "chai";
import { type Emulator, startEmulator } from "../../emulator";
import { FAST_CLOCK, hostEnv, PASSWORD, secretNeedles } from "../support/cloudFixtures";
import { DIALECTS, type DialectFacts, operationsVia, resetActions } from "../support/dialects";
import { expectPartialFailure, ProviderHost, urnFor } from "../support/hostDriver";
import { findPlaintext, type PropertyMap } from "../support/secrets";

/**
 * Layer 3, exactly once under faults: the real dynamic-provider host against the emulator, the
 * host SIGKILLed at each point of a reinstall (before the reply, after the reply, after the task
 * finished) and faults on the reset's reply (lost, late, InternalError, with lagging reads).
 * What counts is the emulator's own record of resets per instance: one per intent, or the
 * documented outcome of docs/exactly-once.md where legacy's facts cannot decide.
 */

const TOLERANCE_S = 2;
/** Emulator-clock speed while a reinstall must outlive a kill: 120 s tasks take 120 s. */
const SLOW = 1;
/** A 120 s task takes 4 s: long enough that status 14 (legacy) shows to a poller that lost the reply. */
const VISIBLE = 30;

function env(url: string) {
    return {
        ...hostEnv(url),
        CVM_REINSTALL_SIGNATURE_TOLERANCE_SECONDS: String(TOLERANCE_S),
        CVM_REINSTALL_REQUEST_TIMEOUT_MS: "1500",
        // Legacy allows 100 DescribeInstances a minute per action: poll gently.
        CVM_REINSTALL_POLL_MAX_MS: "400",
    };
}

const ids = (d: DialectFacts) => {
    const p = d.api === "legacy" ? "kl" : "k3";
    return {
        beforeReply: `ins-${p}br0001`,
        afterReply: `ins-${p}ar0001`,
        afterTask: `ins-${p}at0001`,
        lostUnapplied: `ins-${p}lu0001`,
        internal: `ins-${p}ie0001`,
        late: `ins-${p}lr0001`,
        lagging: `ins-${p}lg0001`,
    };
};

async function until(what: string, cond: () => boolean, ms = 20_000): Promise<void> {
    const end = Date.now() + ms;
    while (!cond()) {
        if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 20));
    }
}

for (const d of DIALECTS) {
    const api3 = d.api === "2017-03-12";
    const I = ids(d);
    describe(`host layer (api ${d.api}): exactly one reset per intent when the host is killed or the reply goes wrong`, function () {
        this.timeout(120_000);
        let emu: Emulator;
        const hosts: ProviderHost[] = [];
        const declared = (id: string): PropertyMap => ({
            instanceId: id,
            imageId: "img-ubun2204",
            password: PASSWORD,
            ...d.input,
        });
        const urn = (id: string) => urnFor(`reinstall-${id}`);
        const resets = (id: string) => emu.record([id]).resets[id]?.total ?? 0;

        async function newHost(): Promise<ProviderHost> {
            const host = await ProviderHost.start({ env: env(emu.url) });
            await host.configure({});
            hosts.push(host);
            return host;
        }

        async function create(host: ProviderHost, id: string) {
            const checked = (await host.check(urn(id), {}, declared(id))).inputs;
            return host.create(urn(id), checked);
        }

        /** Starts a create on a host of its own and SIGKILLs that host once `when` holds. */
        async function createAndKill(id: string, when: (host: ProviderHost) => boolean): Promise<void> {
            const host = await newHost();
            const creating = create(host, id);
            creating.catch(() => undefined);
            await until(`the kill point of ${id}`, () => when(host));
            host.killNow();
            await creating.then(
                () => expect.fail("the killed create returned"),
                (e) => expect(String(e)).to.match(/./),
            );
        }

        before(async () => {
            emu = await startEmulator({
                ...FAST_CLOCK,
                maxSkewSeconds: TOLERANCE_S,
                instances: Object.values(I).map((instanceId) => ({
                    instanceId,
                    imageId: "img-centos79",
                    rootSize: 50,
                    state: "RUNNING" as const,
                })),
            });
        });

        afterEach(() => {
            emu.clearFaults();
            emu.setClockSpeed(FAST_CLOCK.clockSpeed);
        });

        after(async () => {
            for (const h of hosts) expect(findPlaintext(h.outputText(), secretNeedles())).to.deep.equal([]);
            for (const h of hosts) await h.stop();
            await emu?.close();
        });

        it(
            d.t(
                "killed after the reset was applied but before its reply: the next host's create sends no second reset",
            ),
            async () => {
                emu.setClockSpeed(SLOW);
                emu.inject({ kind: "hangAfterApply", action: d.resetAction, instanceId: I.beforeReply });
                await createAndKill(I.beforeReply, () => resets(I.beforeReply) === 1);
                const next = await newHost();
                if (api3) {
                    const creating = create(next, I.beforeReply);
                    await next.waitForOutput(
                        new RegExp(`${I.beforeReply}: an earlier run submitted this same declaration`),
                        20_000,
                    );
                    emu.setClockSpeed(FAST_CLOCK.clockSpeed);
                    const created = await creating;
                    expect(created.properties).to.include({ currentImageId: "img-ubun2204" });
                    expect(created.properties.requestId).to.equal(
                        operationsVia(emu.instance(I.beforeReply), d.api)[0]!.requestId,
                    );
                } else {
                    const failed = await expectPartialFailure(create(next, I.beforeReply));
                    expect(failed.message + failed.reasons.join(" ")).to.match(/cannot tell them apart/);
                }
                expect(resets(I.beforeReply)).to.equal(1);
            },
        );

        it(
            d.t("killed after the reply, while the task runs: the next host's create sends no second reset"),
            async () => {
                emu.setClockSpeed(SLOW);
                await createAndKill(
                    I.afterReply,
                    (h) => /accepted \(request/.test(h.outputText()) && h.outputText().includes(I.afterReply),
                );
                const next = await newHost();
                if (api3) {
                    const creating = create(next, I.afterReply);
                    await next.waitForOutput(
                        new RegExp(`${I.afterReply}: an earlier run submitted this same declaration`),
                        20_000,
                    );
                    emu.setClockSpeed(FAST_CLOCK.clockSpeed);
                    expect((await creating).properties).to.include({ currentImageId: "img-ubun2204" });
                } else {
                    const failed = await expectPartialFailure(create(next, I.afterReply));
                    expect((failed.properties.pendingReset as { outcome?: string }).outcome).to.equal("unknown");
                }
                expect(resets(I.afterReply)).to.equal(1);
            },
        );

        if (api3) {
            it(
                d.t("killed after the task finished: the next host's create verifies and records it, no second reset"),
                async () => {
                    emu.setClockSpeed(SLOW);
                    await createAndKill(I.afterTask, (h) =>
                        h.outputText().includes(`${I.afterTask}: ResetInstance accepted`),
                    );
                    emu.advance(600);
                    expect(emu.instance(I.afterTask)!.imageId).to.equal("img-ubun2204");
                    const next = await newHost();
                    const created = await create(next, I.afterTask);
                    expect(created.properties).to.include({ currentImageId: "img-ubun2204", stateVersion: 2 });
                    expect(resets(I.afterTask)).to.equal(1);
                },
            );
        } else {
            it(
                d.t(
                    "killed after the task finished: the documented legacy gap, the next create reinstalls again (no record survives)",
                ),
                async () => {
                    emu.setClockSpeed(SLOW);
                    await createAndKill(I.afterTask, (h) =>
                        h.outputText().includes(`${I.afterTask}: ResetInstances accepted`),
                    );
                    emu.advance(600);
                    emu.setClockSpeed(FAST_CLOCK.clockSpeed);
                    const next = await newHost();
                    await create(next, I.afterTask);
                    expect(resets(I.afterTask)).to.equal(2);
                },
            );
        }

        it(
            d.t(
                api3
                    ? "a reset lost before it reached the server is sent again only after it expired: one applied reset"
                    : "a reset lost before it reached the server is not sent again: the run stops with the unknown outcome recorded",
            ),
            async () => {
                emu.inject({ kind: "dropBeforeApply", action: d.resetAction, instanceId: I.lostUnapplied });
                const host = await newHost();
                if (api3) {
                    const created = await create(host, I.lostUnapplied);
                    expect(created.properties).to.include({ currentImageId: "img-ubun2204" });
                    expect(resetActions(emu, I.lostUnapplied)).to.deep.equal(d.resets(2));
                    expect(resets(I.lostUnapplied)).to.equal(1);
                } else {
                    const failed = await expectPartialFailure(create(host, I.lostUnapplied));
                    expect(failed.message + failed.reasons.join(" ")).to.match(/change `triggers`/);
                    expect(resets(I.lostUnapplied)).to.equal(0);
                    expect(resetActions(emu, I.lostUnapplied)).to.deep.equal(d.resets(1));
                }
            },
        );

        it(
            d.t("InternalError after the reset was applied is an unknown outcome: not retried, followed to the end"),
            async () => {
                emu.inject({
                    kind: "errorAfterApply",
                    action: d.resetAction,
                    instanceId: I.internal,
                    code: "InternalError",
                });
                emu.setClockSpeed(VISIBLE);
                const host = await newHost();
                const created = await create(host, I.internal);
                expect(created.properties).to.include({ currentImageId: "img-ubun2204" });
                expect(resetActions(emu, I.internal)).to.deep.equal(d.resets(1));
                expect(resets(I.internal)).to.equal(1);
            },
        );

        it(d.t("a reply that comes after the client's timeout is not answered with a second reset"), async () => {
            emu.inject({ kind: "delayReply", action: d.resetAction, instanceId: I.late, delayMs: 4000 });
            emu.setClockSpeed(VISIBLE);
            const host = await newHost();
            const created = await create(host, I.late);
            expect(created.properties).to.include({ currentImageId: "img-ubun2204" });
            expect(resets(I.late)).to.equal(1);
            expect(resetActions(emu, I.late)).to.deep.equal(d.resets(1));
        });

        it(d.t("a lost reply followed by reads that lag behind still ends with one reset"), async () => {
            emu.inject({ kind: "dropAfterApply", action: d.resetAction, instanceId: I.lagging });
            emu.inject({ kind: "readLag", instanceId: I.lagging, seconds: 60 });
            emu.setClockSpeed(VISIBLE);
            const host = await newHost();
            const created = await create(host, I.lagging);
            expect(created.properties).to.include({ currentImageId: "img-ubun2204" });
            expect(resets(I.lagging)).to.equal(1);
        });
    });
}
