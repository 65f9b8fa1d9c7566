import { expect } from "chai";
import { RefreshBatcher } from "../../../provider/read/refreshBatcher";
import { FakeClock } from "../../support/fakeClock";
import { FakeCvm, runningInstance } from "../../support/fakeCvm";

const ids = (n: number) => Array.from({ length: n }, (_, i) => `ins-${String(i).padStart(8, "0")}`);
const cvmOf = (n: number) => new FakeCvm("legacy", new Map(ids(n).map((id) => [id, runningInstance(id)])));

describe("RefreshBatcher (pulumi refresh's reads)", () => {
    it("sends the reads the engine hands over together as one call once no more arrive", async () => {
        const clock = new FakeClock();
        const cvm = cvmOf(8);
        const b = new RefreshBatcher(clock, 100, 3_000);
        const views = await clock.run(Promise.all(ids(8).map((id) => b.observe("k", cvm, id))));
        expect(views.map((v) => v?.instanceId)).to.deep.equal(ids(8));
        expect(cvm.calls).to.deep.equal([{ action: "DescribeInstances", ids: ids(8) }]);
    });

    it("groups reads that trickle in (one every 50 ms) into calls of up to 100 ids", async () => {
        const clock = new FakeClock();
        const cvm = cvmOf(250);
        const b = new RefreshBatcher(clock, 100, 3_000);
        const reads: Promise<unknown>[] = [];
        const feed = (async () => {
            for (const id of ids(250)) {
                reads.push(b.observe("k", cvm, id));
                await clock.sleep(50);
            }
        })();
        await clock.run(feed);
        await clock.run(Promise.all(reads));
        expect(cvm.count("DescribeInstances")).to.be.at.most(5);
        expect(cvm.calls.flatMap((c) => c.ids).sort()).to.deep.equal(ids(250));
    });

    it("sends a full batch of 100 ids at once, without waiting", async () => {
        const clock = new FakeClock();
        const cvm = cvmOf(100);
        const b = new RefreshBatcher(clock, 100, 3_000);
        const all = Promise.all(ids(100).map((id) => b.observe("k", cvm, id)));
        await Promise.resolve();
        expect(cvm.count("DescribeInstances")).to.equal(1);
        await clock.run(all);
    });

    it("hands a failed call's error to every read of it, and the next reads start a new batch", async () => {
        const clock = new FakeClock();
        const cvm = cvmOf(4);
        cvm.failNext.describe.push(new Error("throttled"));
        const b = new RefreshBatcher(clock, 100, 3_000);
        const first = await clock.run(Promise.allSettled(ids(2).map((id) => b.observe("k", cvm, id))));
        expect(first.map((r) => r.status)).to.deep.equal(["rejected", "rejected"]);
        const again = await clock.run(b.observe("k", cvm, ids(2)[0]));
        expect(again?.instanceId).to.equal(ids(2)[0]);
        expect(cvm.count("DescribeInstances")).to.equal(2);
    });
});
