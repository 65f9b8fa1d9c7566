import { expect } from "chai";
import { type Emulator, startEmulator } from "../../emulator";
import { FAST_CLOCK, hostEnv, PASSWORD, resetRequests, secretNeedles } from "../support/cloudFixtures";
import { DIALECTS, operationsVia, resetActions } from "../support/dialects";
import { expectPartialFailure, ProviderHost, urnFor } from "../support/hostDriver";
import { findPlaintext, type PropertyMap, stripSecrets } from "../support/secrets";

/**
 * Layer 3: a reset that was accepted but not confirmed must come back as a partial failure
 * (ErrorResourceInitFailed with id + properties incl. pendingReset), so the engine records it and
 * the next run resumes instead of wiping the disk a second time. Once per API dialect: the faults
 * are armed on that dialect's reset action.
 */

const FAILS = "ins-part0001";
const SLOW = "ins-part0002";
const DROPPED = "ins-part0003";

for (const d of DIALECTS) {
    describe(`host layer (api ${d.api}): accepted resets that are not confirmed`, function () {
        this.timeout(60_000);
        let emu: Emulator;
        let host: ProviderHost;
        const urn = (id: string) => urnFor(`reinstall-${id}`);
        const check = async (h: ProviderHost, id: string, extra: PropertyMap = {}) =>
            (
                await h.check(
                    urn(id),
                    {},
                    { instanceId: id, imageId: "img-ubun2204", password: PASSWORD, ...d.input, ...extra },
                )
            ).inputs;

        before(async () => {
            emu = await startEmulator({
                ...FAST_CLOCK,
                instances: [FAILS, SLOW, DROPPED].map((instanceId) => ({
                    instanceId,
                    imageId: "img-centos79",
                    rootSize: 50,
                    state: "RUNNING" as const,
                })),
            });
            host = await ProviderHost.start({ env: hostEnv(emu.url) });
            await host.configure({});
        });

        after(async () => {
            await host?.stop();
            await emu?.close();
        });

        let failed: Awaited<ReturnType<typeof expectPartialFailure>>;

        it(
            d.t("a reset whose task fails comes back as a partial failure carrying the id and pendingReset"),
            async () => {
                emu.inject(d.fault("taskFail", FAILS));
                failed = await expectPartialFailure(host.create(urn(FAILS), await check(host, FAILS)));
                expect(failed.id).to.be.a("string").and.not.equal("");
                expect(failed.properties).to.include({ instanceId: FAILS, imageId: "img-ubun2204", api: d.api });
                const pending = failed.properties.pendingReset as { requestId?: unknown } | undefined;
                expect(pending, "pendingReset").to.be.an("object");
                expect(pending!.requestId).to.equal(operationsVia(emu.instance(FAILS), d.api)[0].requestId);
                expect(failed.reasons.join(" ") + failed.message).to.match(new RegExp(FAILS));
                expect(resetActions(emu, FAILS)).to.deep.equal(d.resets(1));
                expect(findPlaintext(failed.message + failed.reasons.join(" "), secretNeedles())).to.deep.equal([]);
            },
        );

        it(
            d.t("after a failed task the next update resubmits exactly once (the failed task never wiped the disk)"),
            async () => {
                const news = await check(host, FAILS);
                // The engine stores the partial properties and strips secrets before the next call.
                const olds = stripSecrets(failed.properties);
                const dd = await host.diff(failed.id, urn(FAILS), olds, news);
                expect(dd.changes, "a pending reset is a change even with equal inputs").to.equal("some");
                const up = await host.update(failed.id, urn(FAILS), olds, news);
                expect(up.properties).to.include({ currentImageId: "img-ubun2204" });
                expect(up.properties).to.not.have.property("pendingReset");
                expect(resetActions(emu, FAILS)).to.deep.equal(d.resets(2));
                expect(up.properties.requestId).to.equal(operationsVia(emu.instance(FAILS), d.api)[1].requestId);
            },
        );

        it(
            d.t(
                "a reset still running at the deadline is a partial failure; a new host's update follows it: one reset in total",
            ),
            async () => {
                emu.setClockSpeed(1); // the task now takes 120 s of real time
                const timedOut = await expectPartialFailure(
                    host.create(urn(SLOW), await check(host, SLOW, { waitTimeoutMinutes: 0.01 })),
                );
                expect(timedOut.properties.pendingReset).to.be.an("object");
                expect(resetActions(emu, SLOW)).to.deep.equal(d.resets(1));
                expect(emu.instance(SLOW)!.reinstalling).to.equal(true);

                emu.setClockSpeed(FAST_CLOCK.clockSpeed);
                // A fresh host process, as the next `pulumi up` would start: the resume comes from state only.
                const next = await ProviderHost.start({ env: hostEnv(emu.url) });
                try {
                    await next.configure({});
                    const news = await check(next, SLOW, { waitTimeoutMinutes: 30 });
                    const up = await next.update(timedOut.id, urn(SLOW), stripSecrets(timedOut.properties), news);
                    expect(up.properties).to.include({ currentImageId: "img-ubun2204", imageId: "img-ubun2204" });
                    expect(up.properties).to.not.have.property("pendingReset");
                    expect(resetActions(emu, SLOW)).to.deep.equal(d.resets(1));
                    expect(up.properties.requestId).to.equal(
                        (timedOut.properties.pendingReset as { requestId: string }).requestId,
                    );
                    expect(findPlaintext(next.outputText(), secretNeedles())).to.deep.equal([]);
                } finally {
                    await next.stop();
                }
            },
        );

        it(d.t("a reset whose response is lost after it was applied is followed, never resent"), async () => {
            emu.inject(d.fault("dropAfterApply", DROPPED));
            const created = await host.create(urn(DROPPED), await check(host, DROPPED));
            expect(created.properties).to.include({ currentImageId: "img-ubun2204" });
            const resets = resetRequests(emu, DROPPED);
            expect(resets.map((r) => `${r.action}:${r.outcome}`)).to.deep.equal([`${d.resetAction}:dropAfterApply`]);
            expect(operationsVia(emu.instance(DROPPED), d.api)).to.have.length(1);
        });

        it(d.t("the host's output never carried the password or the secret key"), () => {
            expect(findPlaintext(host.outputText(), secretNeedles())).to.deep.equal([]);
        });
    });
}
