/** The wire shape the engine reads as a secret (`specialSigKey` / `specialSecretSig` of the Node SDK). */
const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/**
 * Wraps a value so the engine stores it encrypted. Used for the properties of a partial failure,
 * which the engine records without applying `additionalSecretOutputs` to them.
 */
export function secretValue(value: unknown): Record<string, unknown> {
    return { [SIG_KEY]: SECRET_SIG, value };
}
