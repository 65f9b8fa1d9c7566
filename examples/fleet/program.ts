import * as pulumi from "@pulumi/pulumi";
// Inside this repository the example imports the SDK sources (see examples/basic/program.ts for why);
// a user's program writes `from "pulumi-cvm-reinstall"`.
import { InstanceFleet } from "../../sdk";

/**
 * Re-images a list of instances as one rollout: the first instance to reach the provider is the
 * canary and must come back with its SSH port (22) answering before any other starts; then at most
 * `maxParallel` reinstall at once; one failure halts the rest, untouched.
 *
 * Config (project `cvm-reinstall-fleet`): `instanceIds` (JSON list), `imageId`, `password` (secret),
 * optional `maxParallel` (a number or a percentage such as "50%", default "10%") and
 * `pauseMinutes` (bake time after the canary). Credentials and region: `tencentcloud:*` or
 * TENCENTCLOUD_* (read by the provider).
 */
export function program(): Record<string, unknown> {
    const config = new pulumi.Config();
    const maxParallel = config.get("maxParallel");
    const fleet = new InstanceFleet("web", {
        instances: config.requireObject<string[]>("instanceIds"),
        imageId: config.require("imageId"),
        password: config.requireSecret("password"),
        rollout: {
            canary: 1,
            maxFailures: 1,
            ...(maxParallel
                ? { maxParallel: /%$/.test(maxParallel) ? (maxParallel as `${number}%`) : Number(maxParallel) }
                : {}),
            pauseMinutes: config.getNumber("pauseMinutes") ?? 0,
        },
        readiness: { tcpPort: 22, timeoutMinutes: 5 },
    });
    return {
        group: fleet.group,
        ready: Object.fromEntries(Object.entries(fleet.reinstalls).map(([id, r]) => [id, r.ready])),
    };
}
