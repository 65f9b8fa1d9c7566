import * as pulumi from "@pulumi/pulumi";
// Inside this repository the example imports the SDK sources (see examples/basic/program.ts for why);
// a user's program writes `from "pulumi-cvm-reinstall"`.
import { InstanceReinstall } from "../../sdk";

/** The fleet's roles: which instances, which image and disk each role declares. */
export interface Fleet20Ids {
    web: string[];
    batch: string[];
    windows: string[];
}

/** The ids `examples/fleet20/emulator-seed.json` seeds: 12 web, 6 batch (Linux) and 2 Windows instances. */
export const DEFAULT_IDS: Fleet20Ids = {
    web: Array.from({ length: 12 }, (_, i) => `ins-${String(i + 1).padStart(8, "0")}`),
    batch: Array.from({ length: 6 }, (_, i) => `ins-${String(i + 13).padStart(8, "0")}`),
    windows: ["ins-win00001", "ins-win00002"],
};

/**
 * Twenty instances in three roles, one InstanceReinstall each (API 3.0, the default):
 * - web: `webImageId` (default img-ubun2204) with a `webRootSize` GB disk (default 60);
 * - batch: `batchImageId` (default img-debian12) with `batchRootSize` (default 80);
 * - windows: keep their image, set `windowsPassword` (Windows rules: 12+ characters, 3 classes).
 *
 * Config (project `cvm-reinstall-fleet20`): `password` and `windowsPassword` (secrets), the image
 * and size keys above, optional `ids` (JSON {web, batch, windows}) and `region`. Credentials and
 * the default region: `tencentcloud:*` or TENCENTCLOUD_* (read by the provider).
 */
export function program(): Record<string, unknown> {
    const config = new pulumi.Config();
    const ids = config.getObject<Fleet20Ids>("ids") ?? DEFAULT_IDS;
    const password = config.requireSecret("password");
    const windowsPassword = config.requireSecret("windowsPassword");
    const region = config.get("region");
    const role = (
        name: keyof Fleet20Ids,
        args: { imageId?: string; rootSize?: number; password: pulumi.Output<string> },
    ) =>
        ids[name].map(
            (instanceId) =>
                [instanceId, new InstanceReinstall(`${name}-${instanceId}`, { instanceId, region, ...args })] as const,
        );

    const all = [
        ...role("web", {
            imageId: config.get("webImageId") ?? "img-ubun2204",
            rootSize: config.getNumber("webRootSize") ?? 60,
            password,
        }),
        ...role("batch", {
            imageId: config.get("batchImageId") ?? "img-debian12",
            rootSize: config.getNumber("batchRootSize") ?? 80,
            password,
        }),
        ...role("windows", { password: windowsPassword }),
    ];
    return {
        currentImageId: Object.fromEntries(all.map(([id, r]) => [id, r.currentImageId])),
    };
}
