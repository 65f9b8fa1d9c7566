/**
 * What one reinstall is for: the declared values that wipe the disk when they change. Two runs with
 * the same digest want the same reset; fields that never reinstall (agents, timeouts, endpoint,
 * `api`, `imageType`'s default, rollout, readiness) are left out, so changing them never turns a
 * pending reset into "another intent".
 *
 * The digest is written on the instance as a tag (readable by anyone who may list its tags), so the
 * password enters only through scrypt, salted with the instance id: equal passwords on two
 * instances give unrelated digests and guessing is slow (https://nodejs.org/api/crypto.html#cryptoscryptsyncpassword-salt-keylen-options).
 */
import { createHash, scryptSync } from "node:crypto";
import type { PendingReset, ReinstallInputs } from "../inputs";

const FIELDS = ["imageId", "rootSize", "triggers", "userData", "keyIds", "hostName", "keepImageLogin"] as const;

/** 24 hex characters; stable across processes, machines and provider versions of this format. */
export function intentDigest(inputs: ReinstallInputs): string {
    const declared = JSON.stringify(FIELDS.map((k) => canonical(inputs[k] ?? null)));
    const password =
        inputs.password === undefined
            ? "-"
            : scryptSync(inputs.password, `pulumi-cvm-reinstall/${inputs.instanceId}`, 16, {
                  N: 1 << 14,
                  r: 8,
                  p: 1,
              }).toString("hex");
    return createHash("sha256").update(declared).update("\u0000").update(password).digest("hex").slice(0, 24);
}

/**
 * Whether a pending reset was for what `inputs` declare. States of 0.1.x recorded the intent as a
 * JSON array without the password (which was compared with the recorded one) and with the agent
 * flags, which no longer count.
 */
export function intentMatches(
    pending: PendingReset,
    inputs: ReinstallInputs,
    recordedPassword: string | undefined,
): boolean {
    if (!pending.intent.startsWith("[")) return pending.intent === intentDigest(inputs);
    let old: unknown[];
    try {
        old = JSON.parse(pending.intent) as unknown[];
    } catch {
        return false;
    }
    const declared = FIELDS.map((k) => canonical(inputs[k] ?? null));
    return (
        JSON.stringify(old.slice(0, FIELDS.length).map(canonical)) === JSON.stringify(declared) &&
        recordedPassword === inputs.password
    );
}

function canonical(v: unknown): unknown {
    if (Array.isArray(v)) return v.map(canonical);
    if (v && typeof v === "object") {
        return Object.fromEntries(
            Object.keys(v as object)
                .sort()
                .map((k) => [k, canonical((v as Record<string, unknown>)[k])]),
        );
    }
    return v;
}
