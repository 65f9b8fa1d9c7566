import { providerText } from "../../sdk/providerText";

export interface SerializedProvider {
    /** The `__provider` text, byte-identical to what `InstanceReinstall` registers. */
    text: string;
    containsSecrets: boolean;
}

/**
 * The `__provider` text the SDK sends (the host tests attach it to every request). A program test
 * checks it against the `__provider` captured under setMocks, so the two cannot drift apart.
 */
export function serializeProvider(): Promise<SerializedProvider> {
    return Promise.resolve({ text: providerText, containsSecrets: false });
}
