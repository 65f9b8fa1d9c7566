/**
 * Shared test fixtures around the emulator: the environment a host needs to reach it, request
 * counting, and the secrets every test scans for.
 */
import { DEFAULT_CREDENTIALS } from "../../emulator";

/** A password valid for Linux under both dialects (8–16 chars, letters + digits + specials). */
export const PASSWORD = "Reinst4ll!Pw";
export const PASSWORD_2 = "S3cond#Passw0rd";
/** 20 chars: valid for Linux under API 3.0 (8–30), too long for the legacy API (8–16). */
export const PASSWORD_20 = "Twenty#Chars0fSecr3t";
/** 31 chars: too long for Linux under both dialects. */
export const PASSWORD_31 = "ThirtyOne#Chars0fSecr3tPassw0rd";
export const REGION = "ap-guangzhou";

/** Emulator settings that make a reinstall take ~0.2 s of real time. */
export const FAST_CLOCK = { clockSpeed: 600, reinstallSeconds: 120 } as const;

/** The plaintext values that must never appear in state, logs, responses or the request log. */
export function secretNeedles(...extra: string[]): string[] {
    return [PASSWORD, PASSWORD_2, PASSWORD_20, PASSWORD_31, DEFAULT_CREDENTIALS.secretKey, ...extra];
}

/** Host environment: credentials and region from env, endpoint = the emulator, fast polling. */
export function hostEnv(url: string, opts: { credentials?: "env" | "none" } = {}): Record<string, string | undefined> {
    const creds = (opts.credentials ?? "env") === "env";
    return {
        TENCENTCLOUD_SECRET_ID: creds ? DEFAULT_CREDENTIALS.secretId : undefined,
        TENCENTCLOUD_SECRET_KEY: creds ? DEFAULT_CREDENTIALS.secretKey : undefined,
        TENCENTCLOUD_SECURITY_TOKEN: undefined,
        TENCENTCLOUD_REGION: creds ? REGION : undefined,
        CVM_REINSTALL_ENDPOINT: url,
        CVM_REINSTALL_POLL_MAX_MS: "50",
    };
}

/** Stack config carrying the credentials the way `pulumi config set [--secret] tencentcloud:…` does. */
export const CREDENTIAL_CONFIG = {
    "tencentcloud:secretId": DEFAULT_CREDENTIALS.secretId,
    "tencentcloud:secretKey": DEFAULT_CREDENTIALS.secretKey,
    "tencentcloud:region": REGION,
} as const;

export interface LoggedRequestLike {
    seq: number;
    dialect: string;
    action: string;
    instanceIds: string[];
    params: Record<string, unknown>;
    outcome: string;
}

interface HasRequests {
    requests(): LoggedRequestLike[];
}

/** CVM API requests (the admin API the tests themselves use is left out). */
export function apiRequests(emu: HasRequests): LoggedRequestLike[] {
    return emu.requests().filter((r) => r.dialect !== "admin");
}

/** `ResetInstances` (legacy) / `ResetInstance` (3.0) requests, optionally for one instance. */
export function resetRequests(emu: HasRequests, instanceId?: string): LoggedRequestLike[] {
    return apiRequests(emu).filter(
        (r) =>
            (r.action === "ResetInstances" || r.action === "ResetInstance") &&
            (!instanceId || r.instanceIds.includes(instanceId)),
    );
}

export function describeRequests(emu: HasRequests): LoggedRequestLike[] {
    return apiRequests(emu).filter((r) => r.action === "DescribeInstances");
}

/** Polls `probe` until it returns true (or throws after `timeoutMs`). */
export async function waitUntil(
    probe: () => boolean | Promise<boolean>,
    timeoutMs = 10_000,
    what = "condition",
): Promise<void> {
    const end = Date.now() + timeoutMs;
    while (!(await probe())) {
        if (Date.now() > end) {
            throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
        }
        await new Promise((r) => setTimeout(r, 20));
    }
}

/** `ins-00000001`-style ids (8 lower-case alphanumerics, as the emulator and the provider require). */
export function instanceIds(prefix: string, n: number): string[] {
    return Array.from({ length: n }, (_, i) => `ins-${prefix}${String(i + 1).padStart(8 - prefix.length, "0")}`);
}
