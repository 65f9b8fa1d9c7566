import type { Dialect } from "./cvm/types";

/** The resource's inputs after check: defaults filled, types validated. */
export interface ReinstallInputs {
    instanceId: string;
    imageId?: string;
    imageType?: 1 | 2 | 3 | 4;
    password?: string;
    needSecurityAgent: boolean;
    needMonitorAgent: boolean;
    rootSize?: number;
    region?: string;
    endpoint?: string;
    waitTimeoutMinutes: number;
    triggers?: unknown[];
    api: Dialect;
    keyIds?: string[];
    keepImageLogin?: boolean;
    hostName?: string;
    userData?: string;
    /** Fleet policy (README "Rolling out a fleet"). */
    rollout?: RolloutPolicy;
    /** What "reinstalled" must also mean before a reinstall counts as done. */
    readiness?: ReadinessSpec;
    /** How a password-only change is applied: `reinstall` (default, wipes) or `reset` (ResetInstancesPassword, no wipe). */
    passwordChange?: "reinstall" | "reset";
}

/** A rollout group's policy; every member of `group` must declare the same one. */
export interface RolloutPolicy {
    group: string;
    maxParallel?: number;
    canary?: number;
    pauseMinutes?: number;
    maxFailures?: number;
    maxReinstalls?: number;
}

/** Readiness gates probed after the reinstall task succeeded. */
export interface ReadinessSpec {
    tcpPort?: number;
    /** GET, 2xx; `{privateIp}` / `{publicIp}` are replaced by the instance's addresses. */
    httpUrl?: string;
    /** API 3.0 only: a shell command run through TAT; exit code 0 = ready. */
    command?: string;
    address?: "private" | "public";
    warmupSeconds?: number;
    timeoutMinutes?: number;
}

/** What the provider records besides the inputs. */
export interface ReinstallOutputs extends ReinstallInputs {
    requestId?: string;
    reinstalledAt?: string;
    osName?: string;
    currentImageId?: string;
    currentRootSize?: number;
    /** Present only while a reset that was accepted has not been confirmed. */
    pendingReset?: PendingReset;
    /** Readiness passed (only when `readiness` is declared). */
    ready?: boolean;
    /** The shape of this recorded state ({@link STATE_VERSION}); absent in states of 0.1.x. */
    stateVersion?: number;
}

/** Bumped whenever the recorded shape changes; a newer provider upgrades older states on read. */
export const STATE_VERSION = 2;

/**
 * Enough for the next run to resolve a reset of this run instead of issuing another one: an
 * accepted reset (`requestId` known) is followed; one whose outcome is unknown is resolved from the
 * instance (see docs/exactly-once.md).
 */
export interface PendingReset {
    /** Absent when the outcome is unknown (the request id was never seen). */
    requestId?: string;
    submittedAt: string;
    /** The intent digest of what that reset asked for (0.1.x: a JSON array without the password). */
    intent: string;
    /** The dialect that submitted it, which is the one that can trace it. Absent in 0.1.x states. */
    dialect?: Dialect;
    /** Absent in 0.1.x states: accepted. */
    outcome?: "accepted" | "unknown";
    /** API 3.0: `LatestOperationRequestId` before the reset. */
    baselineRequestId?: string;
    /** The image before the reset, to tell a reset that provably changed it. */
    baselineImageId?: string;
}

export const INPUT_NAMES = [
    "instanceId",
    "imageId",
    "imageType",
    "password",
    "needSecurityAgent",
    "needMonitorAgent",
    "rootSize",
    "region",
    "endpoint",
    "waitTimeoutMinutes",
    "triggers",
    "api",
    "keyIds",
    "keepImageLogin",
    "hostName",
    "userData",
    "rollout",
    "readiness",
    "passwordChange",
] as const;

/** A change of one of these to a new declared value wipes the system disk. */
export const REINSTALL_TRIGGERS = [
    "imageId",
    "password",
    "rootSize",
    "triggers",
    "userData",
    "keyIds",
    "hostName",
    "keepImageLogin",
] as const;

/** A change of one of these means another instance: replace. */
export const REPLACE_TRIGGERS = ["instanceId", "region"] as const;

/** Inputs only API 3.0 can honour. */
export const API3_ONLY = ["keyIds", "keepImageLogin", "hostName", "userData"] as const;

/** The engine's marker for a value not known yet (preview). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
