import { expect } from "chai";
import { spawnSync } from "node:child_process";
import * as path from "node:path";

/**
 * The scheduler's progress ticker and bake timer run on the wall clock in the host process; they
 * must never be what keeps that process alive. A child process with a rollout in progress (a
 * canary in flight, a member waiting, a bake timer armed) must still exit on its own.
 */
describe("unit: rollout timers do not keep the process alive", () => {
    it("a process whose only pending work is the scheduler's timers exits at once", () => {
        const scheduler = path.join(__dirname, "..", "..", "..", "provider", "rollout", "rolloutScheduler.js");
        const script = `
            const { RolloutScheduler } = require(${JSON.stringify(scheduler)});
            const { systemClock } = require(${JSON.stringify(path.join(path.dirname(scheduler), "..", "cvm", "clock.js"))});
            const s = new RolloutScheduler({ clock: systemClock, progress: () => undefined });
            const policy = { group: "g", canary: 1, pauseMinutes: 60 };
            s.admit({ key: "a", instanceId: "ins-aaaaaaaa" }, policy).then((t) => { t.submitted(); t.done({ ok: true }); });
            s.admit({ key: "b", instanceId: "ins-bbbbbbbb" }, policy);
            s.admit({ key: "c", instanceId: "ins-cccccccc" }, { group: "h" });
        `;
        const started = Date.now();
        const r = spawnSync(process.execPath, ["-e", script], { timeout: 15_000, encoding: "utf8" });
        expect(r.error, String(r.error)).to.equal(undefined);
        expect(r.status, r.stderr).to.equal(0);
        expect(Date.now() - started).to.be.below(5_000);
    });
});
