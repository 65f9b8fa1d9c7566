import * as pulumi from "@pulumi/pulumi";
import type * as sdk from "../../../sdk";

// The package by its name, as a user's program imports it.
const { InstanceReinstall } = require("pulumi-cvm-reinstall") as typeof sdk;

/**
 * The baseline: the registration as the SDK made it before `__provider` was written out, kept
 * here so the benchmark measures both in one run. `pulumi.dynamic.Resource` serialized a forwarder
 * per method through the closure serializer, and the output names were declared as undefined inputs.
 */
const p = (): pulumi.dynamic.ResourceProvider => require("pulumi-cvm-reinstall/provider").provider;
const forwarders: pulumi.dynamic.ResourceProvider = {
    configure: (...a) => p().configure!(...a),
    check: (...a) => p().check!(...a),
    diff: (...a) => p().diff!(...a),
    create: (...a) => p().create(...a),
    update: (...a) => p().update!(...a),
    read: (...a) => p().read!(...a),
    delete: (...a) => p().delete!(...a),
};

class BaselineReinstall extends pulumi.dynamic.Resource {
    constructor(name: string, args: sdk.InstanceReinstallArgs) {
        const inputs: Record<string, unknown> = {
            ...args,
            password: args.password === undefined ? undefined : pulumi.secret(args.password),
            requestId: undefined,
            reinstalledAt: undefined,
            osName: undefined,
            currentImageId: undefined,
            currentRootSize: undefined,
        };
        super(forwarders, name, inputs, { additionalSecretOutputs: ["password"] }, "cvm", "InstanceReinstall");
    }
}

/** Config: `count`, `shape` (`before` | `after`), `imageId`, `password` (secret), `waitTimeoutMinutes`, `api`. */
const config = new pulumi.Config();
const count = config.requireNumber("count");
const Shape = config.require("shape") === "before" ? BaselineReinstall : InstanceReinstall;

for (let i = 1; i <= count; i++) {
    new Shape(`r-${i}`, {
        instanceId: `ins-${String(i).padStart(8, "0")}`,
        imageId: config.get("imageId"),
        password: config.getSecret("password"),
        waitTimeoutMinutes: config.getNumber("waitTimeoutMinutes"),
        api: config.get("api") as sdk.CvmApi | undefined,
    });
}
