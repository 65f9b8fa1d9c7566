import * as pulumi from "@pulumi/pulumi";
import { providerShim } from "../../sdk/providerShim";

export interface SerializedProvider {
    /** The `__provider` text, byte-identical to what `pulumi.dynamic.Resource` sends. */
    text: string;
    containsSecrets: boolean;
}

let cached: Promise<SerializedProvider> | undefined;

/**
 * Serializes the SDK's provider shim exactly as `@pulumi/pulumi/dynamic` does:
 * `serializeFunction(() => provider, { allowSecrets: true })`. The arrow's source text is part of
 * the output, so it must read `() => provider` with a variable called `provider`. A program test
 * checks the result against the `__provider` captured under setMocks.
 */
export function serializeProvider(): Promise<SerializedProvider> {
    if (!cached) {
        const provider = providerShim;
        cached = pulumi.runtime
            .serializeFunction(() => provider, { allowSecrets: true })
            .then((sf) => ({ text: sf.text, containsSecrets: sf.containsSecrets }));
    }
    return cached;
}
