import * as pulumi from "@pulumi/pulumi";
import type { InstanceReinstallArgs, ReadinessArgs, RolloutArgs } from "./instanceReinstallArgs";
import { DYNAMIC_TYPE_PREFIX, providerText } from "./providerText";

// A CustomResource under the dynamic-provider type token, with `__provider` set directly (see
// providerText.ts): the same registration `pulumi.dynamic.Resource` makes, minus the serialized closure.
/**
 * The declared operating system of an existing Tencent Cloud CVM instance. Creating the resource,
 * or changing `imageId`, `password`, `rootSize`, `userData` or `triggers`, REINSTALLS the instance:
 * its system disk is wiped. Deleting the resource leaves the instance as it is.
 *
 * Type token: `pulumi-nodejs:dynamic/cvm:InstanceReinstall`.
 */
export class InstanceReinstall extends pulumi.CustomResource {
    declare public readonly instanceId: pulumi.Output<string>;
    declare public readonly imageId: pulumi.Output<string | undefined>;
    declare public readonly imageType: pulumi.Output<number | undefined>;
    declare public readonly password: pulumi.Output<string | undefined>;
    declare public readonly needSecurityAgent: pulumi.Output<boolean>;
    declare public readonly needMonitorAgent: pulumi.Output<boolean>;
    declare public readonly rootSize: pulumi.Output<number | undefined>;
    declare public readonly region: pulumi.Output<string | undefined>;
    declare public readonly endpoint: pulumi.Output<string | undefined>;
    declare public readonly waitTimeoutMinutes: pulumi.Output<number>;
    declare public readonly triggers: pulumi.Output<unknown[] | undefined>;
    declare public readonly api: pulumi.Output<string>;
    declare public readonly keyIds: pulumi.Output<string[] | undefined>;
    declare public readonly keepImageLogin: pulumi.Output<boolean | undefined>;
    declare public readonly hostName: pulumi.Output<string | undefined>;
    declare public readonly userData: pulumi.Output<string | undefined>;
    /** Legacy: the last reset's task id. API 3.0: the last reset's RequestId. */
    declare public readonly requestId: pulumi.Output<string>;
    /** When the last reinstall was confirmed (ISO 8601). */
    declare public readonly reinstalledAt: pulumi.Output<string>;
    /** What the instance reports after the reinstall (or at the last refresh). */
    declare public readonly osName: pulumi.Output<string>;
    declare public readonly currentImageId: pulumi.Output<string>;
    declare public readonly currentRootSize: pulumi.Output<number>;
    declare public readonly rollout: pulumi.Output<RolloutArgs | undefined>;
    declare public readonly readiness: pulumi.Output<ReadinessArgs | undefined>;
    /** Readiness passed after the last reinstall (only when `readiness` is declared). */
    declare public readonly ready: pulumi.Output<boolean | undefined>;

    constructor(name: string, args: InstanceReinstallArgs, opts?: pulumi.CustomResourceOptions) {
        const inputs: Record<string, unknown> = {
            ...args,
            // A password is a secret even when the program passed a plain string.
            password: args.password === undefined ? undefined : pulumi.secret(args.password),
            requestId: undefined,
            reinstalledAt: undefined,
            osName: undefined,
            currentImageId: undefined,
            currentRootSize: undefined,
            ready: undefined,
        };
        inputs.__provider = providerText;
        super(`${DYNAMIC_TYPE_PREFIX}/cvm:InstanceReinstall`, name, inputs, {
            ...opts,
            additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), "password"],
        });
    }
}
