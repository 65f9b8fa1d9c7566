/** An InstanceFleet's rollout: a plain resource's, without `group` (the fleet names it), and `maxParallel` may be a percentage. */
export interface FleetRolloutArgs {
    /** At most this many reinstalls in flight; `"10%"` is resolved from the number of instances (at least 1). Default `"10%"`. */
    maxParallel?: number | `${number}%`;
    /** The first N reinstalls must pass before any other starts. Default 1. */
    canary?: number;
    /** Bake time after the canary passed. Default 0. */
    pauseMinutes?: number;
    /** The fleet halts once this many reinstalls failed. Default 1. */
    maxFailures?: number;
    /** At most this many reinstalls start in one run. Default unlimited. */
    maxReinstalls?: number;
}

/** The resolved policy every child receives: numbers only. */
export interface ResolvedRollout {
    group: string;
    maxParallel: number;
    canary: number;
    pauseMinutes: number;
    maxFailures: number;
    maxReinstalls?: number;
}

const FIELDS = ["maxParallel", "canary", "pauseMinutes", "maxFailures", "maxReinstalls"];

/**
 * The group name: a plain string from the fleet's own stack, project, type and name. It must not
 * come from the component's `urn` output: the engine resolves that only after the component's
 * children registered, and the children would wait for it.
 */
export function fleetGroup(project: string, stack: string, type: string, name: string): string {
    return `${project}/${stack}/${type}/${name}`;
}

/** `"10%"` of `count` instances, rounded down, at least 1; a number is kept. Throws naming the rule. */
export function resolveMaxParallel(value: number | string, count: number): number {
    if (typeof value === "number") {
        if (!Number.isInteger(value) || value < 1)
            throw new Error(
                `rollout.maxParallel must be a whole number of at least 1 or a percentage such as "10%" (got ${value})`,
            );
        return value;
    }
    const m = /^(\d+(?:\.\d+)?)%$/.exec(value);
    const percent = m ? Number(m[1]) : NaN;
    if (!(percent > 0 && percent <= 100)) {
        throw new Error(
            `rollout.maxParallel must be a whole number of at least 1 or a percentage above 0% and at most 100% such as "10%" (got ${JSON.stringify(value)})`,
        );
    }
    return Math.max(1, Math.floor((count * percent) / 100));
}

/** The fleet's safe defaults (canary 1, maxParallel 10%, maxFailures 1), with the user's fields over them. */
export function resolveFleetRollout(args: FleetRolloutArgs | undefined, count: number, group: string): ResolvedRollout {
    const given = (args ?? {}) as Record<string, unknown>;
    for (const key of Object.keys(given)) {
        if (key === "group")
            throw new Error("rollout.group is set by InstanceFleet itself (one group per fleet); remove it");
        if (!FIELDS.includes(key))
            throw new Error(`rollout.${key} is not a rollout field (fields: ${FIELDS.join(", ")})`);
    }
    const resolved: ResolvedRollout = {
        group,
        maxParallel: resolveMaxParallel(args?.maxParallel ?? "10%", count),
        canary: args?.canary ?? 1,
        pauseMinutes: args?.pauseMinutes ?? 0,
        maxFailures: args?.maxFailures ?? 1,
    };
    if (args?.maxReinstalls !== undefined) resolved.maxReinstalls = args.maxReinstalls;
    return resolved;
}
