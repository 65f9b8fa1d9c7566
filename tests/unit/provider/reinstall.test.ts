import { expect } from "chai";
import { CvmApiError, CvmTransportError } from "../../../provider/cvm/errors";
import type { Dialect } from "../../../provider/cvm/types";
import { DescribeBatcher } from "../../../provider/describeBatcher";
import { PartialReinstallError, ReinstallError } from "../../../provider/errors";
import { ReinstallInputs } from "../../../provider/inputs";
import { reinstall, ReinstallContext } from "../../../provider/reinstall";
import { FakeClock } from "../../support/fakeClock";
import { FakeCvm, FakeInstance, runningInstance } from "../../support/fakeCvm";

const ID = "ins-abcd1234";

function setup(dialect: Dialect, instance: FakeInstance = runningInstance(ID)) {
    const clock = new FakeClock();
    const cvm = new FakeCvm(dialect, new Map([[ID, instance]]));
    const lines: string[] = [];
    const ctx: ReinstallContext = {
        client: cvm, key: "k", batcher: new DescribeBatcher(clock, 10), clock, random: () => 0.5,
        progress: (l) => lines.push(l), pollMaxMs: 2000,
    };
    const inputs: ReinstallInputs = {
        instanceId: ID, imageId: "img-ubun2204", password: "Passw0rd!x", needSecurityAgent: true, needMonitorAgent: true,
        waitTimeoutMinutes: 30, api: dialect,
    };
    return { clock, cvm, ctx, inputs, lines };
}

async function rejection(p: Promise<unknown>): Promise<any> {
    try {
        await p;
    } catch (e) {
        return e;
    }
    throw new Error("expected a rejection");
}

const throttled = () => new CvmApiError({ kind: "throttled", code: "RequestLimitExceeded", legacyCode: 4400, apiMessage: "", action: "DescribeInstances" });

function transportError(ambiguous: boolean) {
    return new CvmTransportError({ code: ambiguous ? "ECONNRESET" : "ECONNREFUSED", ambiguous, action: "ResetInstances", detail: "socket hang up" });
}

for (const dialect of ["legacy", "2017-03-12"] as const) {
    describe(`reinstall [${dialect}]`, () => {
        it("submits one reset, waits for it and records what the instance reports", async () => {
            const { clock, cvm, ctx, inputs, lines } = setup(dialect);
            const outs = await clock.run(reinstall(ctx, inputs));
            expect(cvm.count("ResetInstance")).to.equal(1);
            expect(outs).to.include({ currentImageId: "img-ubun2204", currentRootSize: 50, osName: "CentOS 7.9" });
            expect(outs.requestId).to.be.a("string");
            expect(outs.pendingReset).to.equal(undefined);
            expect(lines.join("\n")).to.match(/accepted/).and.match(/reinstalled/);
            expect(lines.join("\n")).to.not.include(inputs.password!);
        });

        it("does not resend the reset after a dropped connection when the instance shows it was applied", async () => {
            const { clock, cvm, ctx, inputs } = setup(dialect);
            cvm.failNext.reset.push(transportError(true));
            cvm.applyFailedReset = true;
            const outs = await clock.run(reinstall(ctx, inputs));
            expect(cvm.count("ResetInstance")).to.equal(1);
            expect(outs.currentImageId).to.equal("img-ubun2204");
        });

        it("sends the reset once more only after reading that it was not applied", async () => {
            const { clock, cvm, ctx, inputs } = setup(dialect);
            cvm.failNext.reset.push(transportError(true));
            await clock.run(reinstall(ctx, inputs));
            expect(cvm.calls.map((c) => c.action)).to.deep.equal(["DescribeInstances", "ResetInstance", "DescribeInstances", "ResetInstance",
                ...cvm.calls.slice(4).map((c) => c.action)]);
            expect(cvm.count("ResetInstance")).to.equal(2);
        });

        it("refuses to shrink the system disk before any reset", async () => {
            const { clock, cvm, ctx, inputs } = setup(dialect);
            const error = await rejection(clock.run(reinstall(ctx, { ...inputs, rootSize: 20 })));
            expect(error).to.be.instanceOf(ReinstallError);
            expect(error.code).to.equal("ROOT_SIZE_SHRINK");
            expect(error.message).to.match(/rootSize 20 GB.*50 GB/);
            expect(cvm.count("ResetInstance")).to.equal(0);
        });

        it("applies the Windows password rule once the instance is known to run Windows", async () => {
            const { clock, cvm, ctx, inputs } = setup(dialect, runningInstance(ID, { platform: "windows", imageId: "img-win2022d" }));
            const error = await rejection(clock.run(reinstall(ctx, { ...inputs, imageId: undefined, password: "passw0rd!x" })));
            expect(error.code).to.equal("PASSWORD_POLICY");
            expect(error.message).to.not.include("passw0rd!x");
            expect(cvm.count("ResetInstance")).to.equal(0);
        });

        it("records the accepted reset as pending when the deadline passes, and resumes it without a second reset", async () => {
            const { clock, cvm, ctx, inputs } = setup(dialect, { ...runningInstance(ID), resetPolls: 10_000 });
            const error = await rejection(clock.run(reinstall(ctx, { ...inputs, waitTimeoutMinutes: 1 })));
            expect(error).to.be.instanceOf(PartialReinstallError);
            expect(error.code).to.equal("DEADLINE_EXCEEDED");
            expect(error.id).to.equal(ID);
            expect(error.properties.pendingReset.requestId).to.be.a("string");
            expect(JSON.stringify(error.properties.password)).to.include("1b47061264138c4ac30d75fd1eb44270");
            cvm.finishSoon(ID);
            // The next run sees the state the engine recorded (secrets already unwrapped by the engine).
            const previous = { ...error.properties, password: inputs.password };
            const outs = await clock.run(reinstall(ctx, inputs, previous));
            expect(cvm.count("ResetInstance")).to.equal(1);
            expect(outs.pendingReset).to.equal(undefined);
            expect(outs.currentImageId).to.equal("img-ubun2204");
        });

        it("keeps waiting through throttled status reads and finishes with one reset", async () => {
            const { clock, cvm, ctx, inputs, lines } = setup(dialect);
            const original = cvm.describeInstances.bind(cvm);
            let n = 0;
            cvm.describeInstances = async (ids) => (++n >= 2 && n <= 6 ? Promise.reject(throttled()) : original(ids));
            const outs = await clock.run(reinstall(ctx, inputs));
            expect(outs.currentImageId).to.equal("img-ubun2204");
            expect(cvm.count("ResetInstance")).to.equal(1);
            expect(lines.join("\n")).to.match(/status read failed \(CvmThrottledError RequestLimitExceeded\)/);
        });

        it("records the reset as pending when status reads stay throttled until the deadline", async () => {
            const { clock, cvm, ctx, inputs } = setup(dialect);
            const original = cvm.describeInstances.bind(cvm);
            let n = 0;
            cvm.describeInstances = async (ids) => (++n > 1 ? Promise.reject(throttled()) : original(ids));
            const error = await rejection(clock.run(reinstall(ctx, { ...inputs, waitTimeoutMinutes: 2 })));
            expect(error).to.be.instanceOf(PartialReinstallError);
            expect(error.code).to.equal("DEADLINE_EXCEEDED");
            expect(error.properties.pendingReset).to.have.property("requestId");
            expect(cvm.count("ResetInstance")).to.equal(1);
        });

        it("records the reset as pending when a status read fails for good after the reset was accepted", async () => {
            const { clock, cvm, ctx, inputs } = setup(dialect);
            const original = cvm.describeInstances.bind(cvm);
            let n = 0;
            const denied = new CvmApiError({ kind: "auth", code: "AuthFailure.SignatureFailure", legacyCode: 4100, apiMessage: "", action: "DescribeInstances" });
            cvm.describeInstances = async (ids) => (++n > 1 ? Promise.reject(denied) : original(ids));
            const error = await rejection(clock.run(reinstall(ctx, inputs)));
            expect(error).to.be.instanceOf(PartialReinstallError);
            expect(error.code).to.equal("WAIT_INTERRUPTED");
            expect(error.message).to.match(/recorded as pending/);
            expect(error.properties.pendingReset).to.have.property("requestId");
            expect(cvm.count("ResetInstance")).to.equal(1);
        });

        it("waits out an instance that is starting, then reinstalls", async () => {
            const { clock, cvm, ctx, inputs, lines } = setup(dialect, runningInstance(ID, { phase: "transitional", rawStatus: 8 }));
            const inst = cvm.instances.get(ID)!;
            const original = cvm.describeInstances.bind(cvm);
            let n = 0;
            cvm.describeInstances = async (ids) => {
                if (++n === 3) inst.view = { ...inst.view, phase: "running", rawStatus: 2 };
                return original(ids);
            };
            await clock.run(reinstall(ctx, inputs));
            expect(cvm.count("ResetInstance")).to.equal(1);
            expect(lines.join("\n")).to.match(/waiting until it is running or stopped/);
        });

        it("adopts a reinstall already in progress that leaves the instance as declared", async () => {
            const { clock, cvm, ctx, inputs, lines } = setup(dialect);
            await cvm.resetInstance({ instanceId: ID, imageId: "img-ubun2204", needMonitorAgent: true, needSecurityAgent: true });
            cvm.calls.length = 0;
            const outs = await clock.run(reinstall(ctx, inputs));
            expect(cvm.count("ResetInstance")).to.equal(0);
            expect(outs.currentImageId).to.equal("img-ubun2204");
            expect(lines.join("\n")).to.match(/adopting/);
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
