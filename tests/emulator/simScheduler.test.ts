import { expect } from "chai";
import { Clock } from "../../emulator/clock";
import { SimScheduler, type Timers } from "../../emulator/simScheduler";

/** A fake real clock and timer queue: `tick(ms)` moves real time and fires due timers. */
function fakeTime() {
    let now = 0;
    let timers: { at: number; fn: () => void; id: number }[] = [];
    let nextId = 1;
    const api: Timers = {
        set: (fn, ms) => {
            const t = { at: now + ms, fn, id: nextId++ };
            timers.push(t);
            return t;
        },
        clear: (handle) => {
            timers = timers.filter((t) => t !== handle);
        },
    };
    return {
        realNow: () => now,
        timers: api,
        pending: () => timers.length,
        tick(ms: number) {
            now += ms;
            for (const t of timers.filter((x) => x.at <= now).sort((a, b) => a.at - b.at)) {
                timers = timers.filter((x) => x !== t);
                t.fn();
            }
        },
    };
}

describe("emulator: SimScheduler (callbacks at simulated times, one real timer)", () => {
    it("fires at the simulated time: 60 simulated seconds at speed 10 are 6 real seconds", () => {
        const time = fakeTime();
        const clock = new Clock(10, time.realNow);
        const scheduler = new SimScheduler(clock, time.timers);
        const fired: number[] = [];
        scheduler.at(60, () => fired.push(clock.nowSeconds()));
        time.tick(5999);
        expect(fired).to.deep.equal([]);
        time.tick(1);
        expect(fired).to.have.length(1);
        expect(fired[0]).to.be.closeTo(60, 1e-6);
    });

    it("re-arms when the clock jumps or changes speed, and waits while it is frozen", () => {
        const time = fakeTime();
        const clock = new Clock(0, time.realNow);
        const scheduler = new SimScheduler(clock, time.timers);
        let fired = 0;
        scheduler.at(100, () => fired++);
        expect(time.pending()).to.equal(0); // frozen: nothing can come due without advance()
        clock.advance(99);
        time.tick(1_000_000);
        expect(fired).to.equal(0);
        clock.setSpeed(1);
        time.tick(999);
        expect(fired).to.equal(0);
        clock.advance(5);
        time.tick(0);
        expect(fired).to.equal(1);
    });

    it("keeps one timer for many callbacks and drops them all on close", () => {
        const time = fakeTime();
        const clock = new Clock(1, time.realNow);
        const scheduler = new SimScheduler(clock, time.timers);
        const order: string[] = [];
        scheduler.at(3, () => order.push("c"));
        scheduler.at(1, () => order.push("a"));
        scheduler.at(2, () => order.push("b"));
        expect(time.pending()).to.equal(1);
        time.tick(2000);
        expect(order).to.deep.equal(["a", "b"]);
        scheduler.close();
        time.tick(5000);
        expect(order).to.deep.equal(["a", "b"]);
        expect(time.pending()).to.equal(0);
    });
});
