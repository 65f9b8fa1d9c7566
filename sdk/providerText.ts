/** The package subpath whose `provider` export the dynamic-provider host runs. */
export const PROVIDER_MODULE = "pulumi-cvm-reinstall/provider";

/** The type token prefix the engine routes to the Node.js dynamic-provider host. */
export const DYNAMIC_TYPE_PREFIX = "pulumi-nodejs:dynamic";

/**
 * The `__provider` text of every resource: a one-line CommonJS module whose `handler()` returns the
 * installed package's provider, looked up by package name when the host first needs it (resolved
 * from the host's working directory, which the engine sets to the user's project).
 *
 * The host loads `__provider` with require-from-string and calls `.handler()`
 * (https://github.com/pulumi/pulumi/blob/master/sdk/nodejs/cmd/dynamic-provider/index.ts).
 * `pulumi.dynamic.Resource` would build that text with the closure serializer
 * (https://github.com/pulumi/pulumi/blob/master/sdk/nodejs/dynamic/index.ts), which wraps each
 * function in about 170 bytes of scaffolding: one forwarder per method came to 2,022 bytes, stored
 * twice per resource (inputs and outputs) and rewritten on every checkpoint. Written out, it captures
 * nothing by construction, and refresh and destroy run the installed code, never a copy frozen in state.
 */
export const providerText = `exports.handler = () => require(${JSON.stringify(PROVIDER_MODULE)}).provider;\n`;
