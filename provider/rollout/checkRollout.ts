import { UNKNOWN } from "../inputs";

/** One rule broken by a nested input: `property` is the path (`rollout.maxParallel`). */
export interface NestedViolation {
    property: string;
    rule: string;
}

const FIELDS = ["group", "maxParallel", "canary", "pauseMinutes", "maxFailures", "maxReinstalls"] as const;

const known = (v: unknown): boolean => v !== undefined && v !== null && v !== UNKNOWN;
const isWhole = (v: unknown, min: number): boolean => typeof v === "number" && Number.isInteger(v) && v >= min;

/**
 * Validates `rollout` (pure; values still unknown in preview are left alone). Returns the policy
 * with the defaults a check records (`canary` 0, `pauseMinutes` 0; unlimited fields stay absent).
 */
export function checkRollout(value: unknown): { value: unknown; violations: NestedViolation[] } {
    const violations: NestedViolation[] = [];
    const bad = (field: string, rule: string) => violations.push({ property: `rollout.${field}`, rule });
    if (!known(value)) return { value, violations };
    if (typeof value !== "object" || Array.isArray(value)) {
        return {
            value,
            violations: [
                { property: "rollout", rule: `must be an object such as { group: "web", maxParallel: 5, canary: 1 }` },
            ],
        };
    }
    const r = value as Record<string, unknown>;
    for (const key of Object.keys(r)) {
        if (!(FIELDS as readonly string[]).includes(key))
            bad(key, `is not a rollout field (fields: ${FIELDS.join(", ")})`);
    }
    if (r.group === undefined || r.group === null)
        bad("group", "is required: members with the same group share one policy (InstanceFleet sets it)");
    else if (known(r.group) && (typeof r.group !== "string" || r.group.trim() === ""))
        bad("group", "must be a non-empty string");
    if (known(r.maxParallel) && !isWhole(r.maxParallel, 1)) {
        bad(
            "maxParallel",
            `must be a whole number of at least 1 (InstanceFleet also takes a percentage such as "10%")`,
        );
    }
    if (known(r.canary) && !isWhole(r.canary, 0))
        bad("canary", "must be a whole number of at least 0 (the first N reinstalls gate the rest)");
    if (
        known(r.pauseMinutes) &&
        !(typeof r.pauseMinutes === "number" && Number.isFinite(r.pauseMinutes) && r.pauseMinutes >= 0)
    ) {
        bad("pauseMinutes", "must be a number of minutes of at least 0 (fractions allowed)");
    }
    if (known(r.maxFailures) && !isWhole(r.maxFailures, 1))
        bad("maxFailures", "must be a whole number of at least 1 (the group halts once this many failed)");
    if (known(r.maxReinstalls) && !isWhole(r.maxReinstalls, 0))
        bad("maxReinstalls", "must be a whole number of at least 0 (starts allowed in one run)");
    const normalised: Record<string, unknown> = { ...r };
    normalised.canary ??= 0;
    normalised.pauseMinutes ??= 0;
    for (const k of Object.keys(normalised)) if (normalised[k] === null) delete normalised[k];
    return { value: normalised, violations };
}
