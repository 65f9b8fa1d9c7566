import * as os from "node:os";
import type { Clock } from "../cvm/clock";
import type { RolloutPolicy } from "../inputs";
import { formatDuration } from "../progress";
import { describePolicy, groupPolicy, type GroupPolicy, samePolicy } from "./groupPolicy";
import { groupStatusLine } from "./groupStatusLine";
import { engineParallelHint } from "./engineParallelHint";
import { RolloutError } from "./rolloutError";
import { unrefTimer } from "./unrefTimer";

export interface RolloutTicket {
    /** The reset was accepted by the API (counts toward maxReinstalls from here). */
    submitted(): void;
    /** The member is ready, or failed (task failed, verify failed, readiness failed, or any error after admission). Frees the slot. */
    done(result: { ok: true } | { ok: false; reason: string }): void;
    /**
     * Optional, right before submitting the reset: throws a RolloutError (`ROLLOUT_HALTED`) when the
     * group halted while this member was in its pre-flight, so it is released untouched.
     */
    beforeSubmit(): void;
}

export interface RolloutMember {
    key: string;
    instanceId: string;
}

type MemberState = "waiting" | "started" | "submitted" | "ok" | "failed" | "released";

interface Member extends RolloutMember {
    resumed: boolean;
    canary: boolean;
    state: MemberState;
    arrivedAt: number;
    startedAt?: number;
    reason?: string;
    admit?: (t: RolloutTicket) => void;
    reject?: (e: Error) => void;
}

export interface GroupState {
    policy: GroupPolicy;
    /** The instance whose policy the group runs with (the first to arrive). */
    declaredBy: string;
    members: Member[];
    canaryOk: number;
    canaryStarted: number;
    /** Set once the canary passed (or at once without a canary): the rest may start after `pauseUntil`. */
    openedAt?: number;
    pauseUntil?: number;
    halt?: string;
    failures: Member[];
    /** Non-resumed members whose reset was accepted in this run (maxReinstalls). */
    submittedCount: number;
    /** How long the finished members took from start to ready, for the ETA. */
    durations: number[];
    /** Arrivals that found a free slot and nobody waiting after the group opened (the engine's --parallel). */
    lateArrivals: number;
    hinted: boolean;
}

const TICK_MS = 30_000;
const LATE_ARRIVALS_BEFORE_HINT = 2;

/**
 * Schedules the reinstalls of one host process (one `pulumi up`): members of a rollout group start
 * in arrival order, the canary first, at most `maxParallel` in flight, and the group halts on a
 * failed canary or `maxFailures`. Deterministic under a fake clock: it reads time only from `clock`
 * and acts only on admit/submitted/done and its own timers.
 */
export class RolloutScheduler {
    private readonly clock: Clock;
    private readonly progress: (line: string) => void;
    private readonly cpuCount: number;
    private readonly groups = new Map<string, GroupState>();
    /** Members that reached the provider and are not done yet, all groups and lone resources. */
    private present = 0;
    private peakPresent = 0;
    private stopTicker: (() => void) | undefined;

    constructor(deps: { clock: Clock; progress: (line: string) => void; cpuCount?: number }) {
        this.clock = deps.clock;
        this.progress = deps.progress;
        this.cpuCount = deps.cpuCount ?? os.cpus().length;
    }

    admit(
        member: RolloutMember,
        policy: RolloutPolicy | undefined,
        options: { resumed?: boolean } = {},
    ): Promise<RolloutTicket> {
        this.arrive();
        if (!policy) return Promise.resolve(this.loneTicket());
        const wanted = groupPolicy(policy);
        let g = this.groups.get(wanted.group);
        if (!g) {
            g = newGroup(wanted, member.instanceId);
            this.groups.set(wanted.group, g);
        } else if (!samePolicy(g.policy, wanted)) {
            this.leave();
            return Promise.reject(
                new RolloutError(
                    "ROLLOUT_POLICY_CONFLICT",
                    `${member.instanceId} declares rollout group "${wanted.group}" with ${describePolicy(wanted)}, but ` +
                        `${g.declaredBy} declared it with ${describePolicy(g.policy)}; every member of a group must declare ` +
                        `the same policy. ${member.instanceId} was not touched.`,
                    member.instanceId,
                    wanted.group,
                ),
            );
        }
        const group = g;
        const m: Member = {
            ...member,
            resumed: options.resumed ?? false,
            canary: false,
            state: "waiting",
            arrivedAt: this.clock.now(),
        };
        if (!m.resumed && this.isLate(group)) group.lateArrivals++;
        group.members.push(m);
        const admitted = new Promise<RolloutTicket>((resolve, reject) => {
            m.admit = resolve;
            m.reject = reject;
        });
        this.pump(group);
        this.maybeHint(group);
        this.ensureTicker();
        return admitted;
    }

    /** The group's state, for tests and status lines. */
    snapshot(group: string): Readonly<GroupState> | undefined {
        return this.groups.get(group);
    }

    private loneTicket(): RolloutTicket {
        let finished = false;
        return {
            submitted: () => undefined,
            beforeSubmit: () => undefined,
            done: () => {
                if (finished) return;
                finished = true;
                this.leave();
            },
        };
    }

    private arrive(): void {
        this.present++;
        this.peakPresent = Math.max(this.peakPresent, this.present);
    }

    private leave(): void {
        this.present = Math.max(0, this.present - 1);
    }

    /**
     * A member arriving now could have started earlier: the group is open, a slot is free, nobody
     * waits, and a member already finished. Only a cap on what the engine sends at once explains it.
     */
    private isLate(g: GroupState): boolean {
        const p = g.policy;
        if (g.halt || g.canaryOk < p.canary || (g.pauseUntil !== undefined && this.clock.now() < g.pauseUntil))
            return false;
        if (this.active(g) >= p.maxParallel) return false;
        return (
            !g.members.some((x) => x.state === "waiting") &&
            g.members.some((x) => x.state === "ok" || x.state === "failed")
        );
    }

    private active(g: GroupState): number {
        return g.members.filter((m) => m.state === "started" || m.state === "submitted").length;
    }

    /** Starts, or fails, every waiting member the policy allows now, in arrival order. */
    private pump(g: GroupState): void {
        const p = g.policy;
        const now = this.clock.now();
        for (const m of g.members) {
            if (m.state !== "waiting") continue;
            const slotFree = this.active(g) < p.maxParallel;
            if (m.resumed) {
                // Its reset was accepted in an earlier run: following it or re-checking readiness wipes
                // nothing, so neither halts, the cap nor the canary hold it back; it still takes a slot.
                if (!slotFree) break;
                this.start(g, m);
                continue;
            }
            if (g.halt) {
                this.refuse(
                    g,
                    m,
                    "ROLLOUT_HALTED",
                    `Rollout group "${p.group}" halted: ${g.halt}. ${m.instanceId} was not touched; ` +
                        `fix the cause and run \`pulumi up\` again (instances already reinstalled are not reinstalled again).`,
                );
                continue;
            }
            const pendingStarts = g.members.filter((x) => !x.resumed && x.state === "started").length;
            if (g.submittedCount >= p.maxReinstalls) {
                this.refuse(
                    g,
                    m,
                    "ROLLOUT_CAPPED",
                    `Rollout group "${p.group}" already started maxReinstalls (${p.maxReinstalls}) ` +
                        `reinstalls in this run; ${m.instanceId} was not touched. Run \`pulumi up\` again to continue.`,
                );
                continue;
            }
            // A started member may still fail its pre-flight and give its place back.
            if (g.submittedCount + pendingStarts >= p.maxReinstalls) continue;
            if (g.canaryOk < p.canary) {
                if (g.canaryStarted < p.canary && slotFree) {
                    m.canary = true;
                    g.canaryStarted++;
                    this.start(g, m);
                }
                continue;
            }
            if (g.pauseUntil !== undefined && now < g.pauseUntil) continue;
            if (!slotFree) break;
            this.start(g, m);
        }
    }

    private start(g: GroupState, m: Member): void {
        m.state = "started";
        m.startedAt = this.clock.now();
        if (m.canary)
            this.progress(
                `rollout ${g.policy.group}: canary ${g.canaryStarted}/${g.policy.canary} ${m.instanceId} starts; the rest wait for it to pass`,
            );
        const admit = m.admit!;
        m.admit = m.reject = undefined;
        admit(this.ticket(g, m));
    }

    private refuse(g: GroupState, m: Member, code: "ROLLOUT_HALTED" | "ROLLOUT_CAPPED", message: string): void {
        m.state = "released";
        m.reason = code;
        const reject = m.reject!;
        m.admit = m.reject = undefined;
        this.leave();
        reject(new RolloutError(code, message, m.instanceId, g.policy.group));
    }

    private ticket(g: GroupState, m: Member): RolloutTicket {
        return {
            submitted: () => {
                if (m.state !== "started") return;
                m.state = "submitted";
                if (!m.resumed) g.submittedCount++;
            },
            beforeSubmit: () => {
                if (m.state !== "started" || m.resumed || !g.halt) return;
                m.state = "released";
                this.leave();
                if (m.canary) g.canaryStarted--;
                this.pump(g);
                throw new RolloutError(
                    "ROLLOUT_HALTED",
                    `Rollout group "${g.policy.group}" halted while ${m.instanceId} was being checked: ` +
                        `${g.halt}. ${m.instanceId} was not touched; fix the cause and run \`pulumi up\` again.`,
                    m.instanceId,
                    g.policy.group,
                );
            },
            done: (result) => {
                if (m.state !== "started" && m.state !== "submitted") return;
                this.leave();
                if (result.ok) this.succeeded(g, m);
                else this.failed(g, m, result.reason);
                this.pump(g);
                this.stopTickerWhenIdle();
            },
        };
    }

    private succeeded(g: GroupState, m: Member): void {
        m.state = "ok";
        g.durations.push(this.clock.now() - (m.startedAt ?? this.clock.now()));
        if (!m.canary) return;
        g.canaryOk++;
        if (g.canaryOk < g.policy.canary) return;
        const now = this.clock.now();
        g.openedAt = now;
        const pauseMs = g.policy.pauseMinutes * 60_000;
        if (pauseMs > 0) {
            g.pauseUntil = now + pauseMs;
            this.progress(
                `rollout ${g.policy.group}: canary passed; baking for ${formatDuration(pauseMs)} before the rest start`,
            );
            unrefTimer(this.clock, pauseMs, () => {
                this.progress(`rollout ${g.policy.group}: bake time over; starting the rest`);
                this.pump(g);
                this.maybeHint(g);
            });
        } else {
            this.progress(`rollout ${g.policy.group}: canary passed; starting the rest`);
        }
    }

    private failed(g: GroupState, m: Member, reason: string): void {
        m.state = "failed";
        m.reason = reason;
        g.failures.push(m);
        if (g.halt) return;
        if (m.canary) {
            g.halt = `canary ${m.instanceId} failed (${reason})`;
        } else if (g.failures.length >= g.policy.maxFailures) {
            g.halt =
                `${g.failures.length} reinstall${g.failures.length === 1 ? "" : "s"} failed (maxFailures ${g.policy.maxFailures}): ` +
                g.failures
                    .slice(0, 5)
                    .map((f) => `${f.instanceId} (${f.reason})`)
                    .join("; ") +
                (g.failures.length > 5 ? `; and ${g.failures.length - 5} more` : "");
        }
        if (g.halt)
            this.progress(`rollout ${g.policy.group}: HALTED: ${g.halt}; members not started yet fail untouched`);
    }

    /** Says once per group when the engine, not the policy, limits how many members run at once. */
    private maybeHint(g: GroupState): void {
        if (g.hinted || g.lateArrivals < LATE_ARRIVALS_BEFORE_HINT || !Number.isFinite(g.policy.maxParallel)) return;
        if (this.peakPresent >= g.policy.maxParallel) return;
        g.hinted = true;
        this.progress(engineParallelHint(g.policy.group, this.peakPresent, g.policy.maxParallel, this.cpuCount));
    }

    private isActive(g: GroupState): boolean {
        return g.members.some((m) => m.state === "waiting" || m.state === "started" || m.state === "submitted");
    }

    private ensureTicker(): void {
        if (this.stopTicker) return;
        const tick = () => {
            this.stopTicker = undefined;
            const active = [...this.groups.values()].filter((g) => this.isActive(g));
            if (active.length === 0) return;
            for (const g of active) this.progress(groupStatusLine(g, this.clock.now()));
            this.stopTicker = unrefTimer(this.clock, TICK_MS, tick);
        };
        this.stopTicker = unrefTimer(this.clock, TICK_MS, tick);
    }

    private stopTickerWhenIdle(): void {
        if ([...this.groups.values()].some((g) => this.isActive(g))) return;
        this.stopTicker?.();
        this.stopTicker = undefined;
    }
}

function newGroup(policy: GroupPolicy, declaredBy: string): GroupState {
    return {
        policy,
        declaredBy,
        members: [],
        canaryOk: 0,
        canaryStarted: 0,
        failures: [],
        submittedCount: 0,
        durations: [],
        lateArrivals: 0,
        hinted: false,
    };
}
