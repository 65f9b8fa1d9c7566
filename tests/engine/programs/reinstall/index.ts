import * as pulumi from "@pulumi/pulumi";
import type * as sdk from "../../../../sdk";

// The package by its name, as a user's program imports it (the repository's self link resolves it
// at run time; the type comes from the sources so a clean build does not need dist/ first).
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { InstanceReinstall } = require("pulumi-cvm-reinstall") as typeof sdk;

/**
 * Config (project `cvm-reinstall-engine`): `instanceIds` (JSON list), `imageId`, `password` (secret),
 * optional `rootSize`, `api`, `waitTimeoutMinutes`, `endpoint`. Credentials and region come from
 * `tencentcloud:*` config, read by the provider.
 */
const config = new pulumi.Config();
const instanceIds = config.requireObject<string[]>("instanceIds");

const reinstalls = instanceIds.map(
    (instanceId) =>
        new InstanceReinstall(`reinstall-${instanceId}`, {
            instanceId,
            imageId: config.get("imageId"),
            password: config.getSecret("password"),
            rootSize: config.getNumber("rootSize"),
            api: config.get("api") as sdk.CvmApi | undefined,
            waitTimeoutMinutes: config.getNumber("waitTimeoutMinutes"),
            endpoint: config.get("endpoint"),
        }),
);

const byInstance = <T>(pick: (r: sdk.InstanceReinstall) => pulumi.Output<T>) =>
    Object.fromEntries(reinstalls.map((r, i) => [instanceIds[i], pick(r)]));

export = {
    /** Secret: `pulumi stack output --show-secrets` must show it, nothing else may. */
    password: reinstalls[0].password,
    imageId: byInstance((r) => r.imageId),
    currentImageId: byInstance((r) => r.currentImageId),
    osName: byInstance((r) => r.osName),
    requestId: byInstance((r) => r.requestId),
    reinstalledAt: byInstance((r) => r.reinstalledAt),
    waitTimeoutMinutes: byInstance((r) => r.waitTimeoutMinutes),
};
