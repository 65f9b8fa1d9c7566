import * as pulumi from "@pulumi/pulumi";
// A user's program writes `from "pulumi-cvm-reinstall"`. Inside this repository the example imports
// the SDK sources instead: tsc (moduleResolution "node") would resolve the package name through the
// self link to dist/sdk/index.d.ts, i.e. to its own build output, which does not exist on a clean
// build, and `npm install` prunes the link. At run time both paths load the same module, and the
// serialized `__provider` is identical either way: it reaches the provider only through
// `require("pulumi-cvm-reinstall/provider")` when a method runs. tests/host/packedInstall.test.ts
// proves the package-name import against the packed, installed package.
import { InstanceReinstall } from "../../sdk";
import type { CvmApi } from "../../sdk";

/** The instance ids a `fleetSize` config generates: ins-00000001, ins-00000002, … */
export function fleetInstanceIds(size: number): string[] {
    return Array.from({ length: size }, (_, i) => `ins-${String(i + 1).padStart(8, "0")}`);
}

/**
 * Re-images a fleet of CVM instances: one InstanceReinstall per instance.
 *
 * Config (project `cvm-reinstall-demo`):
 * - `instanceIds` (JSON list) or `fleetSize` (number; ids from {@link fleetInstanceIds});
 * - `imageId`, `password` (secret), optional `rootSize`, `api`, `waitTimeoutMinutes`, `endpoint`;
 * - credentials and region: `tencentcloud:secretId`, `tencentcloud:secretKey` (secret),
 *   `tencentcloud:region`, or TENCENTCLOUD_* in the environment (read by the provider, not here).
 */
export function program(): Record<string, unknown> {
    const config = new pulumi.Config();
    const instanceIds =
        config.getObject<string[]>("instanceIds") ?? fleetInstanceIds(config.getNumber("fleetSize") ?? 0);
    if (instanceIds.length === 0) {
        throw new Error("set `instanceIds` (a JSON list) or `fleetSize` in the stack config");
    }
    const imageId = config.get("imageId");
    const password = config.getSecret("password");
    const rootSize = config.getNumber("rootSize");
    const api = config.get("api") as CvmApi | undefined;
    const waitTimeoutMinutes = config.getNumber("waitTimeoutMinutes");
    const endpoint = config.get("endpoint");

    const reinstalls = instanceIds.map(
        (instanceId) =>
            new InstanceReinstall(`reinstall-${instanceId}`, {
                instanceId,
                imageId,
                password,
                rootSize,
                api,
                waitTimeoutMinutes,
                endpoint,
            }),
    );

    const byInstance = <T>(pick: (r: InstanceReinstall) => pulumi.Output<T>) =>
        Object.fromEntries(reinstalls.map((r, i) => [instanceIds[i], pick(r)]));

    return {
        instanceIds,
        ids: byInstance((r) => r.id),
        osName: byInstance((r) => r.osName),
        currentImageId: byInstance((r) => r.currentImageId),
        reinstalledAt: byInstance((r) => r.reinstalledAt),
    };
}
