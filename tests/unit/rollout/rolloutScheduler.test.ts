import { expect } from "chai";
import type { RolloutPolicy } from "../../../provider/inputs";
import { RolloutScheduler } from "../../../provider/rollout/rolloutScheduler";
import { isRolloutError, RolloutError } from "../../../provider/rollout/rolloutError";
import { FakeClock } from "../../support/fakeClock";

/**
 * The rollout scheduler on a fake clock, driven the way the engine drives the provider: members
 * arrive in order, at most `engineParallel` of them inside the provider at once, and each one,
 * once admitted, "reinstalls" for its duration (submit, then done) unless told to fail.
 */

interface Outcome {
    id: string;
    startedAt?: number;
    endedAt: number;
    error?: RolloutError;
}

interface Scenario {
    ids: string[];
    policy: (id: string) => RolloutPolicy | undefined;
    /** How long the member's reinstall takes once admitted (default 120 s). */
    durationMs?: (id: string) => number;
    /** A reason makes the member fail at the end of its reinstall. */
    failure?: (id: string) => string | undefined;
    /** The engine's --parallel: members inside the provider at once (default: all). */
    engineParallel?: number;
    resumed?: (id: string) => boolean;
    /** Fail before submission (pre-flight error), after this many ms. */
    preflightFailure?: (id: string) => string | undefined;
}

interface Run {
    outcomes: Map<string, Outcome>;
    lines: string[];
    /** Max members between admission and done at any instant. */
    maxInFlight: number;
    startOrder: string[];
    clock: FakeClock;
    start0: number;
}

async function simulate(s: Scenario): Promise<Run> {
    const clock = new FakeClock();
    const lines: string[] = [];
    const scheduler = new RolloutScheduler({ clock, progress: (l) => lines.push(l), cpuCount: 2 });
    const outcomes = new Map<string, Outcome>();
    const startOrder: string[] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    const start0 = clock.now();

    const member = async (id: string): Promise<void> => {
        try {
            const ticket = await scheduler.admit({ key: `urn:${id}`, instanceId: id }, s.policy(id), {
                resumed: s.resumed?.(id),
            });
            const startedAt = clock.now();
            startOrder.push(id);
            inFlight++;
            maxInFlight = Math.max(maxInFlight, inFlight);
            const early = s.preflightFailure?.(id);
            if (early) {
                await clock.sleep(1000);
                inFlight--;
                ticket.done({ ok: false, reason: early });
                outcomes.set(id, { id, startedAt, endedAt: clock.now() });
                return;
            }
            ticket.beforeSubmit();
            ticket.submitted();
            await clock.sleep(s.durationMs?.(id) ?? 120_000);
            inFlight--;
            const reason = s.failure?.(id);
            ticket.done(reason ? { ok: false, reason } : { ok: true });
            outcomes.set(id, { id, startedAt, endedAt: clock.now() });
        } catch (e) {
            if (!isRolloutError(e)) throw e;
            outcomes.set(id, { id, endedAt: clock.now(), error: e });
        }
    };

    // The engine: sends the next member as soon as one of its --parallel slots frees.
    const limit = s.engineParallel ?? s.ids.length;
    const queue = [...s.ids];
    const lanes = Array.from({ length: Math.min(limit, queue.length) }, async () => {
        for (let id = queue.shift(); id !== undefined; id = queue.shift()) await member(id);
    });
    await clock.run(Promise.all(lanes));
    // Let the ticker see the idle scheduler and stop.
    await clock.advance(60_000);
    return { outcomes, lines, maxInFlight, startOrder, clock, start0 };
}

const ids = (n: number, prefix = "ins-") =>
    Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(8, "0")}`);
const group = (extra: Partial<RolloutPolicy> = {}): RolloutPolicy => ({ group: "web", ...extra });

describe("unit: rollout scheduler (fake clock)", () => {
    it("starts the canary alone, then the rest in arrival order with at most maxParallel in flight", async () => {
        const members = ids(10);
        const run = await simulate({ ids: members, policy: () => group({ canary: 1, maxParallel: 3 }) });
        expect(run.startOrder).to.deep.equal(members);
        const canary = run.outcomes.get(members[0])!;
        for (const id of members.slice(1)) {
            expect(run.outcomes.get(id)!.startedAt, id).to.be.at.least(canary.endedAt);
        }
        expect(run.maxInFlight).to.equal(3);
        // 1 canary window + ceil(9/3) windows of 120 s.
        const last = Math.max(...[...run.outcomes.values()].map((o) => o.endedAt));
        expect(last - run.start0).to.equal(4 * 120_000);
    });

    it("waits pauseMinutes after the canary passed before starting the rest", async () => {
        const members = ids(4);
        const run = await simulate({
            ids: members,
            policy: () => group({ canary: 1, pauseMinutes: 2.5, maxParallel: 10 }),
        });
        const canaryEnd = run.outcomes.get(members[0])!.endedAt;
        for (const id of members.slice(1)) expect(run.outcomes.get(id)!.startedAt).to.equal(canaryEnd + 150_000);
        expect(run.lines.some((l) => /canary passed; baking for 2m30s/.test(l))).to.equal(true);
    });

    it("lets N canaries run together and starts no other member until all N passed", async () => {
        const members = ids(6);
        const run = await simulate({
            ids: members,
            policy: () => group({ canary: 2, maxParallel: 4 }),
            durationMs: (id) => (id === members[1] ? 300_000 : 120_000),
        });
        expect(run.outcomes.get(members[0])!.startedAt).to.equal(run.start0);
        expect(run.outcomes.get(members[1])!.startedAt).to.equal(run.start0);
        for (const id of members.slice(2)) expect(run.outcomes.get(id)!.startedAt).to.equal(run.start0 + 300_000);
    });

    it("never has more than maxParallel in flight, and a failure frees its slot", async () => {
        const members = ids(20);
        const failing = new Set([members[3], members[4]]);
        const run = await simulate({
            ids: members,
            policy: () => group({ maxParallel: 5 }),
            durationMs: (id) => (failing.has(id) ? 10_000 : 120_000),
            failure: (id) => (failing.has(id) ? "task failed" : undefined),
        });
        expect(run.maxInFlight).to.equal(5);
        // The two quick failures freed their slots at 10 s: members 5 and 6 started then, not at 120 s.
        expect(run.outcomes.get(members[5])!.startedAt).to.equal(run.start0 + 10_000);
        expect(run.outcomes.get(members[6])!.startedAt).to.equal(run.start0 + 10_000);
        expect([...run.outcomes.values()].filter((o) => o.error)).to.have.length(0);
    });

    it("halts after maxFailures failures: members not started fail at once, untouched, naming the failures", async () => {
        const members = ids(12);
        const broken = new Set([members[1], members[2]]);
        const run = await simulate({
            ids: members,
            policy: () => group({ maxParallel: 3, maxFailures: 2 }),
            durationMs: (id) => (broken.has(id) ? 30_000 : 120_000),
            failure: (id) => (broken.has(id) ? `image boots broken on ${id}` : undefined),
        });
        const refused = [...run.outcomes.values()].filter((o) => o.error);
        // 0, 1, 2 start; 1 fails at 30 s and its slot goes to 3; 2 fails at the same instant: the
        // second failure halts the group before any other slot is refilled.
        expect(run.outcomes.get(members[3])!.startedAt).to.equal(run.start0 + 30_000);
        expect(refused.map((o) => o.id)).to.deep.equal(members.slice(4));
        for (const o of refused) {
            expect(o.error!.code).to.equal("ROLLOUT_HALTED");
            expect(o.error!.message).to.include(members[1]).and.include(members[2]);
            expect(o.error!.message).to.include(`${o.id} was not touched`);
            expect(o.error!.message).to.include("maxFailures 2");
            expect(o.endedAt).to.equal(run.start0 + 30_000);
        }
        // The member in flight when the group halted still finished.
        expect(run.outcomes.get(members[0])!.error).to.equal(undefined);
        expect(run.outcomes.get(members[0])!.endedAt).to.equal(run.start0 + 120_000);
    });

    it("halts after the second failure, not the first, with maxFailures 2 and failures spread out", async () => {
        const members = ids(10);
        const broken = new Set([members[2], members[6]]);
        const run = await simulate({
            ids: members,
            policy: () => group({ maxParallel: 2, maxFailures: 2 }),
            failure: (id) => (broken.has(id) ? "readiness failed" : undefined),
        });
        const started = members.filter((id) => run.outcomes.get(id)!.startedAt !== undefined);
        expect(started).to.deep.equal(members.slice(0, 8));
        expect(members.slice(8).every((id) => run.outcomes.get(id)!.error?.code === "ROLLOUT_HALTED")).to.equal(true);
    });

    it("a failed canary halts the group even when maxFailures is unlimited", async () => {
        const members = ids(8);
        const run = await simulate({
            ids: members,
            policy: () => group({ canary: 1, maxParallel: 4 }),
            failure: (id) => (id === members[0] ? "verify failed: image is img-00000000" : undefined),
        });
        expect(run.startOrder).to.deep.equal([members[0]]);
        for (const id of members.slice(1)) {
            const e = run.outcomes.get(id)!.error!;
            expect(e.code).to.equal("ROLLOUT_HALTED");
            expect(e.message).to.include(`canary ${members[0]} failed (verify failed: image is img-00000000)`);
            expect(e.message).to.include(`${id} was not touched`);
        }
    });

    it("a canary that fails in pre-flight (before any reset) also halts the group", async () => {
        const members = ids(3);
        const run = await simulate({
            ids: members,
            policy: () => group({ canary: 1 }),
            preflightFailure: (id) => (id === members[0] ? "instance not found" : undefined),
        });
        expect(run.outcomes.get(members[1])!.error!.code).to.equal("ROLLOUT_HALTED");
    });

    it("starts at most maxReinstalls in one run; the rest fail untouched with 'run pulumi up again'", async () => {
        const members = ids(7);
        const run = await simulate({ ids: members, policy: () => group({ maxParallel: 2, maxReinstalls: 3 }) });
        expect(run.startOrder).to.deep.equal(members.slice(0, 3));
        for (const id of members.slice(3)) {
            const e = run.outcomes.get(id)!.error!;
            expect(e.code).to.equal("ROLLOUT_CAPPED");
            expect(e.message)
                .to.include("maxReinstalls (3)")
                .and.include(`${id} was not touched`)
                .and.include("Run `pulumi up` again to continue");
        }
    });

    it("gives a maxReinstalls place back when a started member fails before its reset was accepted", async () => {
        const members = ids(4);
        const run = await simulate({
            ids: members,
            policy: () => group({ maxReinstalls: 2 }),
            preflightFailure: (id) => (id === members[0] ? "instance is in rescue mode" : undefined),
        });
        expect(run.startOrder).to.deep.equal(members.slice(0, 3));
        expect(run.outcomes.get(members[3])!.error!.code).to.equal("ROLLOUT_CAPPED");
    });

    it("fails a member whose policy differs from its group's with an error naming both policies", async () => {
        const members = ids(4);
        const run = await simulate({
            ids: members,
            policy: (id) => group(id === members[2] ? { maxParallel: 5, canary: 0 } : { maxParallel: 2, canary: 1 }),
        });
        const e = run.outcomes.get(members[2])!.error!;
        expect(e.code).to.equal("ROLLOUT_POLICY_CONFLICT");
        expect(e.message).to.include("{maxParallel: 5, canary: 0,").and.include("{maxParallel: 2, canary: 1,");
        expect(e.message).to.include(members[0]).and.include(`${members[2]} was not touched`);
        expect(members.filter((id) => !run.outcomes.get(id)!.error)).to.deep.equal([
            members[0],
            members[1],
            members[3],
        ]);
    });

    it("admits a member without a policy at once, whatever else is waiting", async () => {
        const members = ids(3);
        const run = await simulate({
            ids: members,
            policy: (id) => (id === members[2] ? undefined : group({ canary: 1 })),
        });
        expect(run.outcomes.get(members[2])!.startedAt).to.equal(run.start0);
        expect(run.outcomes.get(members[1])!.startedAt).to.equal(run.start0 + 120_000);
    });

    it("keeps separate groups independent", async () => {
        const a = ids(3, "ins-a");
        const b = ids(3, "ins-b");
        const run = await simulate({
            ids: [...a, ...b],
            policy: (id) => (id.startsWith("ins-a") ? { group: "a", maxParallel: 1 } : { group: "b", canary: 1 }),
            failure: (id) => (id === b[0] ? "boom" : undefined),
        });
        expect(a.every((id) => !run.outcomes.get(id)!.error)).to.equal(true);
        expect(b.slice(1).every((id) => run.outcomes.get(id)!.error?.code === "ROLLOUT_HALTED")).to.equal(true);
    });

    it("lets a resumed member (reset accepted in an earlier run) through a halted, capped or canary-gated group", async () => {
        const members = ids(5);
        const run = await simulate({
            ids: members,
            policy: () => group({ canary: 1, maxReinstalls: 1, maxParallel: 3 }),
            resumed: (id) => id === members[3],
            failure: (id) => (id === members[0] ? "boom" : undefined),
        });
        expect(run.outcomes.get(members[3])!.startedAt).to.equal(run.start0);
        expect(run.outcomes.get(members[1])!.error!.code).to.equal("ROLLOUT_HALTED");
    });

    it("counts resumed members against maxParallel", async () => {
        const members = ids(4);
        const run = await simulate({ ids: members, policy: () => group({ maxParallel: 2 }), resumed: () => true });
        expect(run.maxInFlight).to.equal(2);
    });

    it("refuses the submit of a member whose group halted during its pre-flight", async () => {
        const clock = new FakeClock();
        const s = new RolloutScheduler({ clock, progress: () => undefined });
        const p = group({ maxParallel: 2, maxFailures: 1 });
        const a = await s.admit({ key: "a", instanceId: "ins-aaaaaaaa" }, p);
        const b = await s.admit({ key: "b", instanceId: "ins-bbbbbbbb" }, p);
        a.submitted();
        a.done({ ok: false, reason: "task failed" });
        expect(() => b.beforeSubmit()).to.throw(RolloutError, /ins-bbbbbbbb was not touched/);
    });

    it("reports each active group at least every 30 s with counts, canary state and an ETA, then stops", async () => {
        const members = ids(6);
        const run = await simulate({ ids: members, policy: () => group({ canary: 1, maxParallel: 5 }) });
        const status = run.lines.filter((l) => /^rollout web: \d+ done/.test(l));
        // 240 s of rollout: ticks at 30, 60, …, 240 s.
        expect(status.length).to.be.within(7, 8);
        expect(status[0]).to.equal(
            "rollout web: 0 done, 1 in flight, 0 failed, 5 waiting; canary 0/1 passed, the rest wait; ETA unknown until a member finishes",
        );
        expect(status.find((l) => l.startsWith("rollout web: 1 done, 5 in flight"))).to.match(
            /canary passed; ETA ~2m00s for the 5/,
        );
        const after = run.lines.length;
        await run.clock.advance(10 * 60_000);
        expect(run.lines.length).to.equal(after);
    });

    it("says once, with the flag to raise, when the engine sends fewer members at once than maxParallel allows", async () => {
        const run = await simulate({
            ids: ids(30),
            policy: () => group({ canary: 1, maxParallel: 10 }),
            engineParallel: 4,
        });
        const hints = run.lines.filter((l) => l.includes("--parallel"));
        expect(hints).to.have.length(1);
        expect(hints[0])
            .to.include("at most 4 reinstalls reached the provider at once")
            .and.include("`pulumi up --parallel 10`");
        expect(run.maxInFlight).to.equal(4);
    });

    it("gives no --parallel hint when every member reaches the provider at once", async () => {
        const run = await simulate({ ids: ids(30), policy: () => group({ canary: 1, maxParallel: 10 }) });
        expect(run.lines.filter((l) => l.includes("--parallel"))).to.have.length(0);
        expect(run.maxInFlight).to.equal(10);
    });

    it("is deterministic: the same arrivals give the same schedule and the same lines", async () => {
        const scenario: Scenario = {
            ids: ids(25),
            policy: () => group({ canary: 2, maxParallel: 4, pauseMinutes: 1, maxFailures: 3 }),
            durationMs: (id) => 60_000 + (Number(id.slice(-2)) % 7) * 10_000,
            failure: (id) => (["ins-00000011", "ins-00000017"].includes(id) ? "boom" : undefined),
            engineParallel: 9,
        };
        const a = await simulate(scenario);
        const b = await simulate(scenario);
        const times = (r: Run) => [...r.outcomes.values()].map((o) => [o.id, o.startedAt, o.endedAt, o.error?.code]);
        expect(times(a)).to.deep.equal(times(b));
        expect(a.lines).to.deep.equal(b.lines);
    });
});
