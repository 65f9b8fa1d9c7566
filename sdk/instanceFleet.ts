import * as pulumi from "@pulumi/pulumi";
import { type FleetRolloutArgs, fleetGroup, type ResolvedRollout, resolveFleetRollout } from "./fleetPolicy";
import { InstanceReinstall } from "./instanceReinstall";
import type { InstanceReinstallArgs } from "./instanceReinstallArgs";

/** What one instance of a fleet may declare differently from the rest (e.g. its `hostName`). */
export type FleetMemberOverrides = Omit<InstanceReinstallArgs, "instanceId" | "rollout">;

/** An instance id, or an object with the id and its own overrides. */
export type FleetMember = string | ({ instanceId: string } & FleetMemberOverrides);

/** The inputs of {@link InstanceFleet}: one shared declaration for a list of instances. */
export interface InstanceFleetArgs extends FleetMemberOverrides {
    /** The instances to reinstall. They start in the order the engine sends them (the first to arrive is the canary). */
    instances: FleetMember[];
    /** Default: `{ canary: 1, maxParallel: "10%", maxFailures: 1 }`. */
    rollout?: FleetRolloutArgs;
}

export const INSTANCE_FLEET_TYPE = "pulumi-cvm-reinstall:index:InstanceFleet";

/**
 * Reinstalls a list of CVM instances as one rollout: one {@link InstanceReinstall} child per
 * instance (each keeps its own state, resume and drift), all in one rollout group with the safe
 * defaults: a canary of 1, at most 10% in flight, halt at the first failure.
 *
 * Type token: `pulumi-cvm-reinstall:index:InstanceFleet`. Children are named `<fleet>-<instanceId>`.
 */
export class InstanceFleet extends pulumi.ComponentResource {
    /** The rollout group every child belongs to. */
    public readonly group: string;
    /** The policy every child received (numbers, not percentages). */
    public readonly rollout: ResolvedRollout;
    public readonly instanceIds: string[];
    /** One child per instance, by instance id. */
    public readonly reinstalls: Record<string, InstanceReinstall>;

    constructor(name: string, args: InstanceFleetArgs, opts?: pulumi.ComponentResourceOptions) {
        super(INSTANCE_FLEET_TYPE, name, {}, opts);
        const members = normaliseMembers(name, args.instances);
        this.instanceIds = members.map((m) => m.instanceId);
        this.group = fleetGroup(pulumi.getProject(), pulumi.getStack(), INSTANCE_FLEET_TYPE, name);
        try {
            this.rollout = resolveFleetRollout(args.rollout, members.length, this.group);
        } catch (e) {
            throw new Error(`InstanceFleet ${name}: ${(e as Error).message}`);
        }
        const { instances: _instances, rollout: _rollout, ...shared } = args;
        this.reinstalls = {};
        for (const { instanceId, overrides } of members) {
            this.reinstalls[instanceId] = new InstanceReinstall(
                `${name}-${instanceId}`,
                { ...shared, ...overrides, instanceId, rollout: this.rollout },
                { parent: this },
            );
        }
        this.registerOutputs({ group: this.group, instanceIds: this.instanceIds });
    }
}

function normaliseMembers(name: string, instances: unknown): { instanceId: string; overrides: FleetMemberOverrides }[] {
    if (!Array.isArray(instances) || instances.length === 0) {
        throw new Error(
            `InstanceFleet ${name}: instances must be a non-empty list of instance ids (or { instanceId, ... } objects)`,
        );
    }
    const seen = new Set<string>();
    return instances.map((entry, i) => {
        const { instanceId, ...overrides } =
            typeof entry === "string" ? { instanceId: entry } : ((entry ?? {}) as { instanceId?: unknown });
        if (typeof instanceId !== "string" || instanceId === "") {
            throw new Error(
                `InstanceFleet ${name}: instances[${i}] must be an instance id string or an object with a string instanceId (children are named after it, so it cannot be an Output)`,
            );
        }
        if ("rollout" in overrides)
            throw new Error(
                `InstanceFleet ${name}: instances[${i}].rollout is not allowed; the fleet's rollout applies to every instance`,
            );
        if (seen.has(instanceId)) throw new Error(`InstanceFleet ${name}: instances lists ${instanceId} twice`);
        seen.add(instanceId);
        return { instanceId, overrides: overrides as FleetMemberOverrides };
    });
}
