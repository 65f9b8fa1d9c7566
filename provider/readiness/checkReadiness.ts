import { UNKNOWN } from "../inputs";
import type { NestedViolation } from "../rollout/checkRollout";
import { expandUrl } from "./probeTarget";

const FIELDS = ["tcpPort", "httpUrl", "command", "address", "warmupSeconds", "timeoutMinutes"] as const;
/** RunCommand's `Content` is base64 of at most 64 KB, so at most 48 KB of script. */
const MAX_COMMAND_BYTES = 48 * 1024;
const MAX_TIMEOUT_MINUTES = 24 * 60;

const known = (v: unknown): boolean => v !== undefined && v !== null && v !== UNKNOWN;

/**
 * Validates `readiness` (pure). `dialect` is the resource's API: a TAT command needs API 3.0.
 * Returns the spec with the defaults a check records (`address` private, `warmupSeconds` 0,
 * `timeoutMinutes` 10).
 */
export function checkReadiness(
    value: unknown,
    dialect: "legacy" | "2017-03-12",
): { value: unknown; violations: NestedViolation[] } {
    const violations: NestedViolation[] = [];
    const bad = (field: string, rule: string) => violations.push({ property: `readiness.${field}`, rule });
    if (!known(value)) return { value, violations };
    if (typeof value !== "object" || Array.isArray(value)) {
        return {
            value,
            violations: [
                {
                    property: "readiness",
                    rule: 'must be an object such as { tcpPort: 22 } or { httpUrl: "http://{privateIp}/healthz" }',
                },
            ],
        };
    }
    const r = value as Record<string, unknown>;
    for (const key of Object.keys(r)) {
        if (!(FIELDS as readonly string[]).includes(key))
            bad(key, `is not a readiness field (fields: ${FIELDS.join(", ")})`);
    }
    if (![r.tcpPort, r.httpUrl, r.command].some((v) => v !== undefined && v !== null)) {
        violations.push({ property: "readiness", rule: "must declare at least one of tcpPort, httpUrl or command" });
    }
    if (
        known(r.tcpPort) &&
        !(typeof r.tcpPort === "number" && Number.isInteger(r.tcpPort) && r.tcpPort >= 1 && r.tcpPort <= 65535)
    ) {
        bad("tcpPort", "must be a TCP port number from 1 to 65535");
    }
    if (known(r.httpUrl)) {
        const why = typeof r.httpUrl === "string" ? urlViolation(r.httpUrl) : "must be a string";
        if (why) bad("httpUrl", why);
    }
    if (known(r.command)) {
        if (typeof r.command !== "string" || r.command.trim() === "")
            bad("command", "must be a non-empty shell command");
        else if (Buffer.byteLength(r.command, "utf8") > MAX_COMMAND_BYTES)
            bad("command", "is longer than the 48 KB RunCommand takes (64 KB of base64)");
        else if (dialect === "legacy")
            bad("command", `needs api "2017-03-12": it runs through TAT, which the legacy API cannot reach`);
    }
    if (known(r.address) && r.address !== "private" && r.address !== "public")
        bad("address", `must be "private" (default) or "public"`);
    if (
        known(r.warmupSeconds) &&
        !(typeof r.warmupSeconds === "number" && Number.isFinite(r.warmupSeconds) && r.warmupSeconds >= 0)
    ) {
        bad("warmupSeconds", "must be a number of seconds of at least 0");
    }
    if (
        known(r.timeoutMinutes) &&
        !(typeof r.timeoutMinutes === "number" && r.timeoutMinutes > 0 && r.timeoutMinutes <= MAX_TIMEOUT_MINUTES)
    ) {
        bad("timeoutMinutes", `must be a number of minutes above 0 and at most ${MAX_TIMEOUT_MINUTES}`);
    }
    if (
        known(r.warmupSeconds) &&
        known(r.timeoutMinutes) &&
        typeof r.warmupSeconds === "number" &&
        typeof r.timeoutMinutes === "number" &&
        r.warmupSeconds >= r.timeoutMinutes * 60
    ) {
        bad(
            "warmupSeconds",
            `(${r.warmupSeconds}) must be shorter than timeoutMinutes (${r.timeoutMinutes} min): both count from the task's success`,
        );
    }
    const normalised: Record<string, unknown> = { ...r };
    normalised.address ??= "private";
    normalised.warmupSeconds ??= 0;
    normalised.timeoutMinutes ??= 10;
    for (const k of Object.keys(normalised)) if (normalised[k] === null) delete normalised[k];
    return { value: normalised, violations };
}

function urlViolation(text: string): string | undefined {
    const rule = `must be an http:// or https:// URL, optionally with {privateIp} or {publicIp} (e.g. "http://{privateIp}:8080/healthz")`;
    const unknownPlaceholder = /\{(?!privateIp\}|publicIp\})[^}]*\}/.exec(text);
    if (unknownPlaceholder) return `has an unknown placeholder ${unknownPlaceholder[0]}; ${rule}`;
    try {
        const url = new URL(expandUrl(text, { privateIp: "10.0.0.1", publicIp: "10.0.0.2" }));
        if (url.protocol !== "http:" && url.protocol !== "https:") return rule;
        if (url.username || url.password)
            return "must not carry credentials (user:password@); they would be stored in state";
    } catch {
        return rule;
    }
    return undefined;
}
