import type * as pulumi from "@pulumi/pulumi";

/**
 * Loads the installed provider when a method runs. Resolved from the host's working directory,
 * which the engine sets to the user's project, where this package is installed.
 */
const p = (): pulumi.dynamic.ResourceProvider => require("pulumi-cvm-reinstall/provider").provider;

/**
 * The object `pulumi.dynamic.Resource` serializes into `__provider`. It holds no logic and no
 * values, only forwarders: refresh and destroy then run the installed provider (never a stale copy
 * frozen in state), nothing secret can be captured, and the text stays under 2 KB per resource.
 */
export const providerShim: pulumi.dynamic.ResourceProvider = {
    configure: (...a) => p().configure!(...a),
    check: (...a) => p().check!(...a),
    diff: (...a) => p().diff!(...a),
    create: (...a) => p().create(...a),
    update: (...a) => p().update!(...a),
    read: (...a) => p().read!(...a),
    delete: (...a) => p().delete!(...a),
};
