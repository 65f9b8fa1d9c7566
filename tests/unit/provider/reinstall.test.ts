import { expect } from "chai";
import { CvmApiError, CvmTransportError } from "../../../provider/cvm/errors";
import type { Dialect } from "../../../provider/cvm/types";
import { DescribeBatcher } from "../../../provider/describeBatcher";
import { PartialReinstallError, ReinstallError } from "../../../provider/errors";
import type { ReinstallInputs, ReinstallOutputs } from "../../../provider/inputs";
import { reinstall, type ReinstallContext } from "../../../provider/reinstall";
import { INTENT_TAG_KEY, parseIntentTag } from "../../../provider/reinstall/intentTag";
import { FakeClock } from "../../support/fakeClock";
import { rejectionOf } from "../../support/rejection";
import { FakeCvm, type FakeInstance, runningInstance } from "../../support/fakeCvm";

const ID = "ins-abcd1234";
const TTL_MS = 10_000;

/** One provider process: its own batcher and clock over a shared fake cloud. */
function processOn(
    cvm: FakeCvm,
    clock: FakeClock,
    lines: string[],
    others: Map<Dialect, FakeCvm> = new Map(),
): ReinstallContext {
    const batcher = new DescribeBatcher(clock, 10);
    const make = (client: FakeCvm): ReinstallContext => {
        const ctx: ReinstallContext = {
            client,
            key: client.dialect,
            batcher,
            clock,
            random: () => 0.5,
            progress: (l) => lines.push(l),
            pollMaxMs: 2000,
            requestTtlMs: TTL_MS,
            forDialect: (d) => (d === client.dialect ? ctx : make(others.get(d)!)),
        };
        client.clock = clock;
        return ctx;
    };
    return make(cvm);
}

function setup(dialect: Dialect, instance: FakeInstance = runningInstance(ID)) {
    const clock = new FakeClock();
    const cvm = new FakeCvm(dialect, new Map([[ID, instance]]));
    const lines: string[] = [];
    const ctx = processOn(cvm, clock, lines);
    const inputs: ReinstallInputs = {
        instanceId: ID,
        imageId: "img-ubun2204",
        password: "Passw0rd!x",
        needSecurityAgent: true,
        needMonitorAgent: true,
        waitTimeoutMinutes: 30,
        api: dialect,
    };
    return { clock, cvm, ctx, inputs, lines };
}

// biome-ignore lint/suspicious/noExplicitAny: the tests read each error class's own fields
const rejection = (p: Promise<unknown>) => rejectionOf<any>(p);

/** The state the engine records from a partial failure (it unwraps the secret). */
function recorded(error: PartialReinstallError, password: string | undefined): ReinstallOutputs {
    return { ...(error.properties as unknown as ReinstallOutputs), password } as ReinstallOutputs;
}

/** Lets a run proceed until `until` holds, then abandons it (a SIGKILLed host: it never runs again). */
async function killWhen(clock: FakeClock, run: Promise<unknown>, until: () => boolean): Promise<void> {
    run.catch(() => undefined);
    for (let i = 0; i < 10_000 && !until(); i++) await clock.advance(100);
    expect(until(), "the run reached the point of the kill").to.equal(true);
}

const throttled = () =>
    new CvmApiError({
        kind: "throttled",
        code: "RequestLimitExceeded",
        legacyCode: 4400,
        apiMessage: "",
        action: "DescribeInstances",
    });
const internal = () =>
    new CvmApiError({
        kind: "internal",
        code: "InternalError",
        legacyCode: 6000,
        apiMessage: "",
        action: "ResetInstance",
    });
const lostReply = () =>
    new CvmTransportError({ code: "ECONNRESET", ambiguous: true, action: "ResetInstance", detail: "socket hang up" });

for (const dialect of ["legacy", "2017-03-12"] as const) {
    const api3 = dialect === "2017-03-12";
    describe(`reinstall saga [${dialect}]`, () => {
        it("submits one reset, waits for it and records what the instance reports with the state version", async () => {
            const { clock, cvm, ctx, inputs, lines } = setup(dialect);
            const outs = await clock.run(reinstall(ctx, inputs));
            expect(cvm.resets(ID)).to.equal(1);
            expect(outs).to.include({
                currentImageId: "img-ubun2204",
                currentRootSize: 50,
                osName: "CentOS 7.9",
                stateVersion: 2,
            });
            expect(outs.requestId).to.be.a("string");
            expect(outs.pendingReset).to.equal(undefined);
            expect(lines.join("\n"))
                .to.match(/accepted/)
                .and.match(/reinstalled/);
            expect(lines.join("\n")).to.not.include(inputs.password!);
        });

        it("does not resend the reset after a lost reply when the instance shows it was applied", async () => {
            const { clock, cvm, ctx, inputs } = setup(dialect);
            cvm.failNext.reset.push(lostReply());
            cvm.applyFailedReset = true;
            const outs = await clock.run(reinstall(ctx, inputs));
            expect(cvm.count("ResetInstance")).to.equal(1);
            expect(outs.currentImageId).to.equal("img-ubun2204");
        });

        it("does not resend after a lost reply while the status reads lag behind the reset", async () => {
            const { clock, cvm, ctx, inputs } = setup(dialect);
            cvm.failNext.reset.push(lostReply());
            cvm.applyFailedReset = true;
            const original = cvm.resetInstance.bind(cvm);
            cvm.resetInstance = async (r) => {
                cvm.lagReads(6);
                return original(r);
            };
            const outs = await clock.run(reinstall(ctx, inputs));
            expect(cvm.count("ResetInstance")).to.equal(1);
            expect(outs.currentImageId).to.equal("img-ubun2204");
        });

        it("treats InternalError on the reset as an unknown outcome: not retried, resolved from the instance", async () => {
            const { clock, cvm, ctx, inputs } = setup(dialect);
            cvm.failNext.reset.push(internal());
            cvm.applyFailedReset = true;
            const outs = await clock.run(reinstall(ctx, inputs));
            expect(cvm.count("ResetInstance")).to.equal(1);
            expect(outs.currentImageId).to.equal("img-ubun2204");
        });

        if (api3) {
            it("sends a lost reset again only after its signature expired and a read newer than that shows no reset", async () => {
                const { clock, cvm, ctx, inputs, lines } = setup(dialect);
                cvm.failNext.reset.push(lostReply());
                const start = clock.now();
                let resentAt = 0;
                const original = cvm.resetInstance.bind(cvm);
                cvm.resetInstance = async (r) => {
                    resentAt = clock.now();
                    return original(r);
                };
                await clock.run(reinstall(ctx, inputs));
                expect(cvm.count("ResetInstance")).to.equal(2);
                expect(cvm.resets(ID)).to.equal(1);
                expect(resentAt - start).to.be.at.least(TTL_MS);
                expect(lines.join("\n")).to.match(/expired without being applied/);
            });

            it("stops without resending when another operation replaced the latest one after a lost reply", async () => {
                const { clock, cvm, ctx, inputs } = setup(dialect);
                cvm.failNext.reset.push(lostReply());
                const original = cvm.resetInstance.bind(cvm);
                cvm.resetInstance = async (r) => {
                    const p = original(r);
                    cvm.foreignOperation(ID, "RebootInstances");
                    return p;
                };
                const error = await rejection(clock.run(reinstall(ctx, inputs)));
                expect(error).to.be.instanceOf(PartialReinstallError);
                expect(error.code).to.equal("OUTCOME_UNKNOWN");
                expect(error.message).to.match(/change `triggers`/);
                expect(error.properties.pendingReset).to.include({ outcome: "unknown" });
                expect(cvm.count("ResetInstance")).to.equal(1);
            });

            it("writes the intent tag before the reset and marks it done after verifying", async () => {
                const { clock, cvm, ctx, inputs } = setup(dialect);
                await clock.run(reinstall(ctx, inputs));
                const actions = cvm.calls.map((c) => c.action);
                expect(actions.indexOf("ModifyResourceTags")).to.be.below(actions.indexOf("ResetInstance"));
                const tag = parseIntentTag(cvm.instances.get(ID)!.view.tags?.[INTENT_TAG_KEY]);
                expect(tag).to.include({ status: "done" });
                expect(JSON.stringify(cvm.instances.get(ID)!.view.tags)).to.not.include(inputs.password!);
            });

            it("submits nothing when the intent tag cannot be written", async () => {
                const { clock, cvm, ctx, inputs } = setup(dialect);
                cvm.failNext.tags.push(
                    new CvmApiError({
                        kind: "permission",
                        code: "UnauthorizedOperation",
                        legacyCode: 4101,
                        apiMessage: "",
                        action: "ModifyResourceTags",
                    }),
                );
                const error = await rejection(clock.run(reinstall(ctx, inputs)));
                expect(error).to.be.instanceOf(ReinstallError);
                expect(error.code).to.equal("INTENT_NOT_RECORDED");
                expect(error.message).to.match(/tag:ModifyResourceTags/);
                expect(cvm.count("ResetInstance")).to.equal(0);
            });

            it("follows the reset of a run killed after it was accepted, on the next run with nothing recorded", async () => {
                const { clock, cvm, inputs, lines } = setup(dialect, { ...runningInstance(ID), resetPolls: 50 });
                await killWhen(clock, reinstall(processOn(cvm, clock, []), inputs), () => cvm.resets(ID) === 1);
                const nextClock = new FakeClock(clock.now() + 5_000);
                const outs = await nextClock.run(reinstall(processOn(cvm, nextClock, lines), inputs));
                expect(cvm.resets(ID)).to.equal(1);
                expect(outs.currentImageId).to.equal("img-ubun2204");
                expect(lines.join("\n")).to.match(/earlier run submitted this same declaration/);
            });

            it("records the reset of a run killed after its task finished, on the next run, without a second wipe", async () => {
                const { clock, cvm, inputs } = setup(dialect, { ...runningInstance(ID), resetPolls: 1 });
                await killWhen(clock, reinstall(processOn(cvm, clock, []), inputs), () => cvm.resets(ID) === 1);
                await cvm.describeInstances([ID]);
                await cvm.describeInstances([ID]);
                const nextClock = new FakeClock(clock.now() + 60_000);
                const outs = await nextClock.run(reinstall(processOn(cvm, nextClock, []), inputs));
                expect(cvm.resets(ID)).to.equal(1);
                expect(outs.requestId).to.match(/^req-/);
            });

            it("reinstalls after a run killed while its reset was in flight, once that request could no longer be applied", async () => {
                const { clock, cvm, inputs, lines } = setup(dialect);
                const original = cvm.resetInstance.bind(cvm);
                let sentAt = 0;
                cvm.resetInstance = () => {
                    sentAt = clock.now();
                    return new Promise(() => undefined); // never reaches the server; the host dies meanwhile
                };
                await killWhen(clock, reinstall(processOn(cvm, clock, []), inputs), () => sentAt > 0);
                let resentAt = 0;
                cvm.resetInstance = (r) => {
                    resentAt = nextClock.now();
                    return original(r);
                };
                const nextClock = new FakeClock(clock.now() + 1_000);
                const outs = await nextClock.run(reinstall(processOn(cvm, nextClock, lines), inputs));
                expect(cvm.resets(ID)).to.equal(1);
                expect(resentAt - sentAt).to.be.at.least(TTL_MS);
                expect(outs.currentImageId).to.equal("img-ubun2204");
                expect(lines.join("\n")).to.match(/intent .* without a recorded outcome/);
            });

            it("does not adopt someone else's reinstall in progress: waits it out, then reinstalls as declared", async () => {
                const { clock, cvm, ctx, inputs } = setup(dialect);
                await cvm.resetInstance({
                    instanceId: ID,
                    imageId: "img-ubun2204",
                    needMonitorAgent: true,
                    needSecurityAgent: true,
                });
                const outs = await clock.run(reinstall(ctx, inputs));
                expect(cvm.resets(ID)).to.equal(2);
                expect(outs.requestId).to.equal(cvm.instances.get(ID)!.view.latestOperation?.requestId);
            });

            it("records a declaration already applied by an earlier run (done tag) without reinstalling", async () => {
                const { clock, cvm, ctx, inputs, lines } = setup(dialect);
                await clock.run(reinstall(ctx, inputs));
                const outs = await clock.run(reinstall(processOn(cvm, clock, lines), inputs));
                expect(cvm.resets(ID)).to.equal(1);
                expect(outs.currentImageId).to.equal("img-ubun2204");
                expect(lines.join("\n")).to.match(/already applied by an earlier run/);
            });
        } else {
            it("stops without resending when a lost reset never shows (legacy cannot prove it was not applied)", async () => {
                const { clock, cvm, ctx, inputs } = setup(dialect);
                cvm.failNext.reset.push(lostReply());
                const error = await rejection(clock.run(reinstall(ctx, inputs)));
                expect(error).to.be.instanceOf(PartialReinstallError);
                expect(error.code).to.equal("OUTCOME_UNKNOWN");
                expect(error.properties.pendingReset).to.include({ outcome: "unknown", dialect: "legacy" });
                expect(cvm.count("ResetInstance")).to.equal(1);
                // The next run with the same declaration stops again instead of wiping.
                const again = await rejection(
                    clock.run(reinstall(processOn(cvm, clock, []), inputs, recorded(error, inputs.password))),
                );
                expect(again.code).to.equal("OUTCOME_UNKNOWN");
                expect(cvm.count("ResetInstance")).to.equal(1);
            });

            it("stops on a reinstall in progress it has no record of (legacy cannot tell whose it is)", async () => {
                const { clock, cvm, ctx, inputs } = setup(dialect);
                await cvm.resetInstance({
                    instanceId: ID,
                    imageId: "img-ubun2204",
                    needMonitorAgent: true,
                    needSecurityAgent: true,
                });
                const error = await rejection(clock.run(reinstall(ctx, inputs)));
                expect(error.code).to.equal("OUTCOME_UNKNOWN");
                expect(error.properties.pendingReset).to.include({ outcome: "unknown" });
                expect(cvm.resets(ID)).to.equal(1);
            });

            it("reinstalls after a changed declaration once the earlier unknown outcome stops it", async () => {
                const { clock, cvm, ctx, inputs } = setup(dialect);
                cvm.failNext.reset.push(lostReply());
                const error = await rejection(clock.run(reinstall(ctx, inputs)));
                const outs = await clock.run(
                    reinstall(
                        processOn(cvm, clock, []),
                        { ...inputs, triggers: ["confirmed"] },
                        recorded(error, inputs.password),
                    ),
                );
                expect(cvm.resets(ID)).to.equal(1);
                expect(outs.triggers).to.deep.equal(["confirmed"]);
            });
        }

        it("refuses to shrink the system disk before any reset", async () => {
            const { clock, cvm, ctx, inputs } = setup(dialect);
            const error = await rejection(clock.run(reinstall(ctx, { ...inputs, rootSize: 20 })));
            expect(error).to.be.instanceOf(ReinstallError);
            expect(error.code).to.equal("ROOT_SIZE_SHRINK");
            expect(error.message).to.match(/rootSize 20 GB.*50 GB/);
            expect(cvm.count("ResetInstance")).to.equal(0);
        });

        it("applies the Windows password rule once the instance is known to run Windows", async () => {
            const { clock, cvm, ctx, inputs } = setup(
                dialect,
                runningInstance(ID, { platform: "windows", imageId: "img-win2022d" }),
            );
            const error = await rejection(
                clock.run(reinstall(ctx, { ...inputs, imageId: undefined, password: "passw0rd!x" })),
            );
            expect(error.code).to.equal("PASSWORD_POLICY");
            expect(error.message).to.not.include("passw0rd!x");
            expect(cvm.count("ResetInstance")).to.equal(0);
        });

        it("reports a refused reset as it is, with nothing recorded and nothing wiped", async () => {
            const { clock, cvm, ctx, inputs } = setup(dialect);
            cvm.failNext.reset.push(
                new CvmApiError({
                    kind: "invalidParameter",
                    code: "InvalidImageId.NotFound",
                    legacyCode: 4000,
                    apiMessage: "",
                    action: "ResetInstance",
                }),
            );
            const error = await rejection(clock.run(reinstall(ctx, inputs)));
            expect(error).to.not.be.instanceOf(PartialReinstallError);
            expect(error.code).to.equal("InvalidImageId.NotFound");
            expect(cvm.resets(ID)).to.equal(0);
        });

        it("records the accepted reset as pending when the deadline passes, and resumes it without a second reset", async () => {
            const { clock, cvm, ctx, inputs } = setup(dialect, { ...runningInstance(ID), resetPolls: 10_000 });
            const error = await rejection(clock.run(reinstall(ctx, { ...inputs, waitTimeoutMinutes: 1 })));
            expect(error).to.be.instanceOf(PartialReinstallError);
            expect(error.code).to.equal("DEADLINE_EXCEEDED");
            expect(error.id).to.equal(ID);
            expect(error.properties.pendingReset).to.include({ dialect, outcome: "accepted" });
            expect(JSON.stringify(error.properties.password)).to.include("1b47061264138c4ac30d75fd1eb44270");
            cvm.finishSoon(ID);
            const outs = await clock.run(reinstall(ctx, inputs, recorded(error, inputs.password)));
            expect(cvm.resets(ID)).to.equal(1);
            expect(outs.pendingReset).to.equal(undefined);
            expect(outs.currentImageId).to.equal("img-ubun2204");
        });

        it("keeps a pending reset the same intent when only an agent flag changed", async () => {
            const { clock, cvm, ctx, inputs } = setup(dialect, { ...runningInstance(ID), resetPolls: 10_000 });
            const error = await rejection(clock.run(reinstall(ctx, { ...inputs, waitTimeoutMinutes: 1 })));
            cvm.finishSoon(ID);
            await clock.run(
                reinstall(
                    ctx,
                    { ...inputs, needMonitorAgent: false, waitTimeoutMinutes: 5 },
                    recorded(error, inputs.password),
                ),
            );
            expect(cvm.resets(ID)).to.equal(1);
        });

        it("follows a pending reset to its end, then reinstalls once for a changed password", async () => {
            const { clock, cvm, ctx, inputs } = setup(dialect, { ...runningInstance(ID), resetPolls: 10_000 });
            const error = await rejection(clock.run(reinstall(ctx, { ...inputs, waitTimeoutMinutes: 1 })));
            cvm.finishSoon(ID);
            cvm.instances.get(ID)!.resetPolls = 2;
            await clock.run(reinstall(ctx, { ...inputs, password: "N3w-Passw0rd" }, recorded(error, inputs.password)));
            expect(cvm.resets(ID)).to.equal(2);
        });

        it("traces a pending reset with the dialect that submitted it after an api switch", async () => {
            const other: Dialect = api3 ? "legacy" : "2017-03-12";
            const { clock, cvm, inputs } = setup(dialect, { ...runningInstance(ID), resetPolls: 10_000 });
            const otherCvm = new FakeCvm(other, cvm.instances);
            const lines: string[] = [];
            const first = processOn(cvm, clock, lines);
            const error = await rejection(clock.run(reinstall(first, { ...inputs, waitTimeoutMinutes: 1 })));
            cvm.finishSoon(ID);
            const switched = processOn(otherCvm, clock, lines, new Map([[dialect, cvm]]));
            const outs = await clock.run(
                reinstall(switched, { ...inputs, api: other }, recorded(error, inputs.password)),
            );
            expect(cvm.resets(ID) + otherCvm.resets(ID)).to.equal(1);
            expect(outs.currentImageId).to.equal("img-ubun2204");
            expect(lines.join("\n")).to.match(new RegExp(`through the ${dialect} API that submitted it`));
        });

        it("never records a failed reset as done across an api switch: the next run submits it again", async () => {
            const other: Dialect = api3 ? "legacy" : "2017-03-12";
            const { clock, cvm, ctx, inputs } = setup(dialect);
            cvm.failTasks.add(ID);
            const error = await rejection(clock.run(reinstall(ctx, inputs)));
            expect(error.code).to.equal("TASK_FAILED");
            const otherCvm = new FakeCvm(other, cvm.instances);
            const switched = processOn(otherCvm, clock, [], new Map([[dialect, cvm]]));
            const outs = await clock.run(
                reinstall(switched, { ...inputs, api: other }, recorded(error, inputs.password)),
            );
            expect(cvm.resets(ID)).to.equal(1);
            expect(otherCvm.resets(ID)).to.equal(1);
            expect(outs.currentImageId).to.equal("img-ubun2204");
        });

        it("resumes a pending reset recorded by 0.1.x (JSON intent, no dialect) without a second reset", async () => {
            const { clock, cvm, ctx, inputs } = setup(dialect, { ...runningInstance(ID), resetPolls: 10_000 });
            const error = await rejection(clock.run(reinstall(ctx, { ...inputs, waitTimeoutMinutes: 1 })));
            cvm.finishSoon(ID);
            const old = recorded(error, inputs.password);
            const oldIntent = JSON.stringify(["img-ubun2204", null, null, null, null, null, null, true, true, false]);
            const previous = {
                ...old,
                stateVersion: undefined,
                pendingReset: {
                    requestId: old.pendingReset!.requestId!,
                    submittedAt: old.pendingReset!.submittedAt,
                    intent: oldIntent,
                },
            };
            await clock.run(reinstall(ctx, inputs, previous as ReinstallOutputs));
            expect(cvm.resets(ID)).to.equal(1);
        });

        it("keeps waiting through throttled status reads and finishes with one reset", async () => {
            const { clock, cvm, ctx, inputs, lines } = setup(dialect);
            const original = cvm.describeInstances.bind(cvm);
            let n = 0;
            cvm.describeInstances = async (ids) => (++n >= 2 && n <= 6 ? Promise.reject(throttled()) : original(ids));
            const outs = await clock.run(reinstall(ctx, inputs));
            expect(outs.currentImageId).to.equal("img-ubun2204");
            expect(cvm.resets(ID)).to.equal(1);
            expect(lines.join("\n")).to.match(/status read failed \(CvmThrottledError/);
        });

        it("records the reset as pending when a status read fails for good after the reset was accepted", async () => {
            const { clock, cvm, ctx, inputs } = setup(dialect);
            const original = cvm.describeInstances.bind(cvm);
            let n = 0;
            const denied = new CvmApiError({
                kind: "auth",
                code: "AuthFailure.SignatureFailure",
                legacyCode: 4100,
                apiMessage: "",
                action: "DescribeInstances",
            });
            cvm.describeInstances = async (ids) => (++n > 1 ? Promise.reject(denied) : original(ids));
            const error = await rejection(clock.run(reinstall(ctx, inputs)));
            expect(error).to.be.instanceOf(PartialReinstallError);
            expect(error.code).to.equal("WAIT_INTERRUPTED");
            expect(error.properties.pendingReset).to.have.property("requestId");
            expect(cvm.resets(ID)).to.equal(1);
        });

        it("waits out an instance that is starting, then reinstalls", async () => {
            const { clock, cvm, ctx, inputs, lines } = setup(
                dialect,
                runningInstance(ID, { phase: "transitional", rawStatus: 8 }),
            );
            const inst = cvm.instances.get(ID)!;
            const original = cvm.describeInstances.bind(cvm);
            let n = 0;
            cvm.describeInstances = async (ids) => {
                if (++n === 3) inst.view = { ...inst.view, phase: "running", rawStatus: 2 };
                return original(ids);
            };
            await clock.run(reinstall(ctx, inputs));
            expect(cvm.resets(ID)).to.equal(1);
            expect(lines.join("\n")).to.match(/waiting until it is running or stopped/);
        });

        it("fails with a clear error, before any reset, when the instance does not exist", async () => {
            const { clock, cvm, ctx, inputs } = setup(dialect);
            const error = await rejection(clock.run(reinstall(ctx, { ...inputs, instanceId: "ins-missing0" })));
            expect(error.code).to.equal("INSTANCE_NOT_FOUND");
            expect(error.message).to.match(/ins-missing0.*region/);
            expect(cvm.count("ResetInstance")).to.equal(0);
        });
    });
}
