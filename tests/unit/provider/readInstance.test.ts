import { expect } from "chai";
import { cvmErrorFromApi3 } from "../../../provider/cvm/errors";
import { DescribeBatcher } from "../../../provider/describeBatcher";
import { readInstance } from "../../../provider/read/readInstance";
import { FakeClock } from "../../support/fakeClock";
import { FakeCvm, runningInstance } from "../../support/fakeCvm";

const throttled = () =>
    cvmErrorFromApi3(
        { Response: { Error: { Code: "RequestLimitExceeded", Message: "too many requests" }, RequestId: "r" } },
        "DescribeInstances",
    );
const authFailure = () =>
    cvmErrorFromApi3(
        { Response: { Error: { Code: "AuthFailure.SignatureFailure", Message: "bad signature" }, RequestId: "r" } },
        "DescribeInstances",
    );

function setup(ids: string[]) {
    const clock = new FakeClock();
    const cvm = new FakeCvm("2017-03-12", new Map(ids.map((id) => [id, runningInstance(id)])));
    const lines: string[] = [];
    const ctx = {
        client: cvm,
        key: "k",
        batcher: new DescribeBatcher(clock, 25),
        clock,
        progress: (l: string) => lines.push(l),
        pollMaxMs: 15_000,
    };
    return { clock, cvm, lines, ctx };
}

describe("readInstance (pulumi refresh's read)", () => {
    it("waits out throttling that outlasts the client's retries, then returns the instance", async () => {
        const { clock, cvm, lines, ctx } = setup(["ins-abcd1234"]);
        cvm.failNext.describe.push(throttled(), throttled(), throttled());
        const view = await clock.run(readInstance(ctx, { instanceId: "ins-abcd1234", waitTimeoutMinutes: 30 }));
        expect(view?.instanceId).to.equal("ins-abcd1234");
        expect(cvm.count("DescribeInstances")).to.equal(4);
        expect(lines[0]).to.match(/ins-abcd1234: refresh read got CvmThrottledError; waiting it out/);
    });

    it("fails at once on an error that waiting cannot fix (credentials)", async () => {
        const { clock, cvm, ctx } = setup(["ins-abcd1234"]);
        cvm.failNext.describe.push(authFailure());
        const error = await clock.run(readInstance(ctx, { instanceId: "ins-abcd1234" })).then(
            () => undefined,
            (e: Error) => e,
        );
        expect(error?.name).to.equal("CvmAuthError");
        expect(cvm.count("DescribeInstances")).to.equal(1);
    });

    it("gives up with the throttling error once waitTimeoutMinutes would pass", async () => {
        const { clock, cvm, ctx } = setup(["ins-abcd1234"]);
        for (let i = 0; i < 100; i++) cvm.failNext.describe.push(throttled());
        const started = clock.now();
        const error = await clock.run(readInstance(ctx, { instanceId: "ins-abcd1234", waitTimeoutMinutes: 1 })).then(
            () => undefined,
            (e: Error) => e,
        );
        expect(error?.name).to.equal("CvmThrottledError");
        expect(clock.now() - started).to.be.at.most(60_000);
    });

    it("reads that fail together retry together, so they share one call again", async () => {
        const ids = Array.from({ length: 8 }, (_, i) => `ins-0000000${i}`);
        const { clock, cvm, ctx } = setup(ids);
        cvm.failNext.describe.push(throttled());
        const views = await clock.run(Promise.all(ids.map((instanceId) => readInstance(ctx, { instanceId }))));
        expect(views.map((v) => v?.instanceId)).to.deep.equal(ids);
        expect(cvm.count("DescribeInstances")).to.equal(2);
    });
});
