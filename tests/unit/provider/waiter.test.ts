import { expect } from "chai";
import { pollDelay, waitFor, type WaitProgress } from "../../../provider/waiter";
import { FakeClock } from "../../support/fakeClock";

describe("waitFor", () => {
    it("polls first within 2 s, then backs off up to the cap", () => {
        const delays = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((n) => pollDelay(n, 1000, 15_000, 1.5, () => 1));
        expect(delays[0]).to.be.at.most(2000);
        expect(delays).to.deep.equal([...delays].sort((a, b) => a - b));
        expect(Math.max(...delays)).to.equal(15_000);
    });

    it("jitters between half and all of the base delay", () => {
        expect(pollDelay(3, 1000, 15_000, 2, () => 0)).to.equal(4000);
        expect(pollDelay(3, 1000, 15_000, 2, () => 1)).to.equal(8000);
    });

    it("returns success with counts of what it saw", async () => {
        const clock = new FakeClock();
        const states = ["a", "a", "b", "done"];
        const outcome = await clock.run(
            waitFor({
                clock,
                deadlineAt: clock.now() + 60_000,
                maxDelayMs: 1000,
                random: () => 1,
                observe: async (dueAt) => {
                    await clock.sleep(dueAt - clock.now());
                    return states.shift()!;
                },
                judge: (s) => (s === "done" ? { state: "success", label: s } : { state: "retry", label: s }),
            }),
        );
        expect(outcome.state).to.equal("success");
        expect(outcome.polls).to.equal(4);
        expect(outcome.seen).to.deep.equal({ a: 2, b: 1, done: 1 });
    });

    it("times out at the deadline instead of polling forever", async () => {
        const clock = new FakeClock();
        let polls = 0;
        const outcome = await clock.run(
            waitFor({
                clock,
                deadlineAt: clock.now() + 10 * 60_000,
                maxDelayMs: 15_000,
                observe: async (dueAt) => {
                    await clock.sleep(dueAt - clock.now());
                    polls++;
                    return "busy";
                },
                judge: () => ({ state: "retry", label: "busy" }),
            }),
        );
        expect(outcome.state).to.equal("timeout");
        expect(outcome.elapsedMs).to.be.at.least(10 * 60_000);
        expect(polls).to.be.greaterThan(30);
    });

    it("reports progress at least every 30 s of waiting, even with a long poll cap", async () => {
        const clock = new FakeClock();
        const reports: WaitProgress<string>[] = [];
        await clock.run(
            waitFor({
                clock,
                deadlineAt: clock.now() + 5 * 60_000,
                maxDelayMs: 120_000,
                observe: async (dueAt) => {
                    await clock.sleep(dueAt - clock.now());
                    return "busy";
                },
                judge: () => ({ state: "retry", label: "busy" }),
                onProgress: (p) => reports.push(p),
            }),
        );
        const times = [0, ...reports.map((r) => r.elapsedMs)];
        const gaps = times.slice(1).map((t, i) => t - times[i]);
        expect(reports.length).to.be.at.least(9);
        expect(Math.max(...gaps)).to.be.at.most(30_000 + 1);
    });

    it("stops at once on a failure verdict with its reason", async () => {
        const clock = new FakeClock();
        const outcome = await clock.run(
            waitFor({
                clock,
                deadlineAt: clock.now() + 60_000,
                maxDelayMs: 1000,
                observe: async () => "broken",
                judge: () => ({ state: "failure", label: "broken", reason: "it broke" }),
            }),
        );
        expect(outcome).to.deep.include({ state: "failure", reason: "it broke", polls: 1 });
    });
});
