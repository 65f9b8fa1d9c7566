import type * as pulumi from "@pulumi/pulumi";
import { createResourceProvider } from "./resourceProvider";

/**
 * The provider the serialized `__provider` shim forwards to (`require("pulumi-cvm-reinstall/provider")`).
 * One instance per host process, so every resource of a stack shares its rate limiters and its
 * batched DescribeInstances polls.
 */
export const provider: pulumi.dynamic.ResourceProvider = createResourceProvider();

export { createResourceProvider } from "./resourceProvider";
export { checkInputs } from "./checkInputs";
export { diffInputs } from "./diffInputs";
export { passwordViolation, describePasswordRule } from "./passwordPolicy";
export { ReinstallError, PartialReinstallError } from "./errors";
