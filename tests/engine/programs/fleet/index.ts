import * as pulumi from "@pulumi/pulumi";
import type * as sdk from "../../../../sdk";

// The package by its name, as a user's program imports it (the repository's self link resolves it).
const { InstanceFleet } = require("pulumi-cvm-reinstall") as typeof sdk;

/**
 * Config (project `cvm-reinstall-fleet`): `instanceIds` (JSON list), `imageId`, `api`, optional
 * `rollout` and `readiness` (JSON objects), `triggers` (JSON list). Credentials and region come
 * from `tencentcloud:*` config, read by the provider.
 */
const config = new pulumi.Config();
const instanceIds = config.requireObject<string[]>("instanceIds");

const fleet = new InstanceFleet("web", {
    instances: instanceIds,
    imageId: config.get("imageId"),
    api: config.get("api") as sdk.CvmApi | undefined,
    rollout: config.getObject<sdk.FleetRolloutArgs>("rollout"),
    readiness: config.getObject<sdk.ReadinessArgs>("readiness"),
    triggers: config.getObject<unknown[]>("triggers"),
});

const byInstance = <T>(pick: (r: sdk.InstanceReinstall) => pulumi.Output<T>) =>
    Object.fromEntries(instanceIds.map((id) => [id, pick(fleet.reinstalls[id])]));

export = {
    group: fleet.group,
    maxParallel: fleet.rollout.maxParallel,
    ready: byInstance((r) => r.ready),
    currentImageId: byInstance((r) => r.currentImageId),
};
