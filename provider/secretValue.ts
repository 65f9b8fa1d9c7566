/** The wire shape the engine reads as a secret (`specialSigKey` / `specialSecretSig` of the Node SDK). */
const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/**
 * Wraps a value so the engine stores it encrypted. Used for the password in the properties of a
 * partial failure. The engine (3.248) also re-marks those properties from the secret inputs and
 * `additionalSecretOutputs`; wrapping it here keeps the password secret even where an engine or a
 * stand-in would not.
 */
export function secretValue(value: unknown): Record<string, unknown> {
    return { [SIG_KEY]: SECRET_SIG, value };
}
