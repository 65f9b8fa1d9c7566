import { createHash } from "node:crypto";

/**
 * A model of how the Pulumi engine treats secrets around a provider that answers Configure with
 * `acceptSecrets=false` (the Node dynamic-provider host does): see the reference, §2.4.
 *
 * - On the wire a secret is `{ [SIG_KEY]: SECRET_SIG, value }`.
 * - Before Check/Diff/Create/Update/Read/Delete the engine strips the wrappers: the provider sees
 *   plain values ({@link stripSecrets}).
 * - Coming back, the engine re-marks outputs whose same-named input held a secret
 *   ({@link annotateSecrets}) and applies `additionalSecretOutputs` ({@link markSecretOutputs}).
 * - State stores secrets encrypted ({@link toCheckpoint}).
 */

export const SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
/** The engine's "unknown during preview" value. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export type JsonValue = null | boolean | number | string | JsonValue[] | { [k: string]: JsonValue };
export type PropertyMap = Record<string, unknown>;

export interface SecretValue {
    [SIG_KEY]: typeof SECRET_SIG;
    value: unknown;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}

export function isSecret(v: unknown): v is SecretValue {
    return isPlainObject(v) && v[SIG_KEY] === SECRET_SIG;
}

/** Wraps a value as a secret (idempotent). */
export function makeSecret(v: unknown): SecretValue {
    return isSecret(v) ? v : { [SIG_KEY]: SECRET_SIG, value: v };
}

/** The engine's marshalling with `KeepSecrets: false`: every secret wrapper, at any depth, removed. */
export function stripSecrets<T = unknown>(v: T): T {
    if (isSecret(v)) {
        return stripSecrets(v.value) as T;
    }
    if (Array.isArray(v)) {
        return v.map((x) => stripSecrets(x)) as unknown as T;
    }
    if (isPlainObject(v)) {
        const out: Record<string, unknown> = {};
        for (const [k, x] of Object.entries(v)) {
            out[k] = stripSecrets(x);
        }
        return out as T;
    }
    return v;
}

export function containsSecrets(v: unknown): boolean {
    if (isSecret(v)) {
        return true;
    }
    if (Array.isArray(v)) {
        return v.some(containsSecrets);
    }
    if (isPlainObject(v)) {
        return Object.values(v).some(containsSecrets);
    }
    return false;
}

/**
 * The engine's `annotateSecrets(outs, ins)`: an output whose same-named input contains a secret
 * becomes wholly secret; where both are objects, the rule recurses. Returns a new map.
 */
export function annotateSecrets(outs: PropertyMap, ins: PropertyMap | undefined): PropertyMap {
    const result: PropertyMap = { ...outs };
    if (!ins) {
        return result;
    }
    for (const [key, inValue] of Object.entries(ins)) {
        if (!(key in result)) {
            continue;
        }
        const outValue = result[key];
        if (containsSecrets(inValue)) {
            result[key] = makeSecret(stripSecrets(outValue));
        } else if (isPlainObject(inValue) && isPlainObject(outValue) && !isSecret(outValue)) {
            result[key] = annotateSecrets(outValue, inValue);
        }
    }
    return result;
}

/** `additionalSecretOutputs`: the named top-level outputs become secret. */
export function markSecretOutputs(outs: PropertyMap, names: readonly string[]): PropertyMap {
    const result: PropertyMap = { ...outs };
    for (const name of names) {
        if (name in result && result[name] !== undefined) {
            result[name] = makeSecret(result[name]);
        }
    }
    return result;
}

/** Top-level keys whose value is or contains a secret. */
export function secretKeys(props: PropertyMap): string[] {
    return Object.keys(props)
        .filter((k) => containsSecrets(props[k]))
        .sort();
}

/** JSON round trip: drops `undefined` (Struct conversion throws on it) and class instances. */
export function jsonClean<T>(v: T): T {
    return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
}

/**
 * How a checkpoint stores a secret: the signature plus a ciphertext. The placeholder is a salted
 * digest, so equal secrets stay comparable while the plaintext never appears.
 */
export function toCheckpoint(v: unknown): unknown {
    if (isSecret(v)) {
        const digest = createHash("sha256")
            .update("checkpoint-salt\0")
            .update(JSON.stringify(stripSecrets(v.value)) ?? "null")
            .digest("base64");
        return { [SIG_KEY]: SECRET_SIG, ciphertext: `v1:${digest}` };
    }
    if (Array.isArray(v)) {
        return v.map(toCheckpoint);
    }
    if (isPlainObject(v)) {
        const out: Record<string, unknown> = {};
        for (const [k, x] of Object.entries(v)) {
            out[k] = toCheckpoint(x);
        }
        return out;
    }
    return v;
}

/** Which of `needles` (ignoring empty ones) occur in `haystack`, e.g. a checkpoint or host log. */
export function findPlaintext(haystack: string, needles: readonly (string | undefined)[]): string[] {
    return needles.filter((n): n is string => typeof n === "string" && n.length > 0 && haystack.includes(n));
}
