import { expect } from "chai";
import type { CvmClient, InstanceView } from "../../../provider/cvm/types";
import { DescribeBatcher } from "../../../provider/describeBatcher";
import { FakeClock } from "../../support/fakeClock";

function fakeClient(calls: string[][]): CvmClient {
    return {
        dialect: "legacy",
        async describeInstances(ids) {
            calls.push([...ids]);
            return new Map(
                ids
                    .filter((id) => id !== "ins-missing0")
                    .map((id): [string, InstanceView] => [id, { instanceId: id, phase: "running", rawStatus: 2 }]),
            );
        },
        async resetInstance() {
            throw new Error("not used");
        },
    } as Partial<CvmClient> as CvmClient;
}

describe("DescribeBatcher", () => {
    it("serves many resources' polls with one DescribeInstances call", async () => {
        const clock = new FakeClock();
        const calls: string[][] = [];
        const client = fakeClient(calls);
        const batcher = new DescribeBatcher(clock, 200);
        const ids = Array.from({ length: 50 }, (_, i) => `ins-${String(i).padStart(8, "0")}`);
        const views = await clock.run(
            Promise.all(ids.map((id, i) => batcher.observe("k", client, id, clock.now() + i * 10))),
        );
        expect(calls).to.have.length(1);
        expect(views.map((v) => v?.instanceId)).to.deep.equal(ids);
    });

    it("splits more than 100 ids into calls of at most 100", async () => {
        const clock = new FakeClock();
        const calls: string[][] = [];
        const client = fakeClient(calls);
        const batcher = new DescribeBatcher(clock, 50);
        const ids = Array.from({ length: 250 }, (_, i) => `ins-${String(i).padStart(8, "0")}`);
        await clock.run(Promise.all(ids.map((id) => batcher.observe("k", client, id))));
        expect(calls.map((c) => c.length).sort()).to.deep.equal([100, 100, 50]);
    });

    it("serves a waiter due later together with an earlier one (piggyback)", async () => {
        const clock = new FakeClock();
        const calls: string[][] = [];
        const client = fakeClient(calls);
        const batcher = new DescribeBatcher(clock, 10);
        const start = clock.now();
        const late = batcher.observe("k", client, "ins-late0000", start + 10_000);
        const early = batcher.observe("k", client, "ins-early000", start + 100);
        await clock.run(Promise.all([late, early]));
        expect(calls).to.deep.equal([["ins-late0000", "ins-early000"]]);
        expect(clock.now() - start).to.be.below(1000);
    });

    it("keeps accounts apart: different keys never share a call", async () => {
        const clock = new FakeClock();
        const a: string[][] = [];
        const b: string[][] = [];
        const batcher = new DescribeBatcher(clock, 10);
        await clock.run(
            Promise.all([
                batcher.observe("a", fakeClient(a), "ins-aaaaaaaa"),
                batcher.observe("b", fakeClient(b), "ins-bbbbbbbb"),
            ]),
        );
        expect(a).to.deep.equal([["ins-aaaaaaaa"]]);
        expect(b).to.deep.equal([["ins-bbbbbbbb"]]);
    });

    it("resolves undefined for an instance that does not exist", async () => {
        const clock = new FakeClock();
        const batcher = new DescribeBatcher(clock, 10);
        expect(await clock.run(batcher.observe("k", fakeClient([]), "ins-missing0"))).to.equal(undefined);
    });
});
