import type { RolloutPolicy } from "../inputs";

/** A group's policy with every default applied (unlimited = `Infinity`). */
export interface GroupPolicy {
    group: string;
    maxParallel: number;
    canary: number;
    pauseMinutes: number;
    maxFailures: number;
    maxReinstalls: number;
}

/** Defaults of a plain resource's `rollout`: no limit, no canary, no pause. */
export function groupPolicy(policy: RolloutPolicy): GroupPolicy {
    return {
        group: policy.group,
        maxParallel: policy.maxParallel ?? Infinity,
        canary: policy.canary ?? 0,
        pauseMinutes: policy.pauseMinutes ?? 0,
        maxFailures: policy.maxFailures ?? Infinity,
        maxReinstalls: policy.maxReinstalls ?? Infinity,
    };
}

export function samePolicy(a: GroupPolicy, b: GroupPolicy): boolean {
    return (
        a.maxParallel === b.maxParallel &&
        a.canary === b.canary &&
        a.pauseMinutes === b.pauseMinutes &&
        a.maxFailures === b.maxFailures &&
        a.maxReinstalls === b.maxReinstalls
    );
}

/** `{maxParallel: 5, canary: 1, pauseMinutes: 0, maxFailures: 1, maxReinstalls: unlimited}`, for messages. */
export function describePolicy(p: GroupPolicy): string {
    const n = (v: number) => (Number.isFinite(v) ? String(v) : "unlimited");
    return (
        `{maxParallel: ${n(p.maxParallel)}, canary: ${p.canary}, pauseMinutes: ${p.pauseMinutes}, ` +
        `maxFailures: ${n(p.maxFailures)}, maxReinstalls: ${n(p.maxReinstalls)}}`
    );
}
