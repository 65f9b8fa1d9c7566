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
}

/** Enough to resume an accepted reset on the next run instead of issuing another one. */
export interface PendingReset {
    requestId: string;
    submittedAt: string;
    /** {@link intentKey} of what that reset asked for (the password is compared separately). */
    intent: string;
}

export const INPUT_NAMES = [
    "instanceId", "imageId", "imageType", "password", "needSecurityAgent", "needMonitorAgent",
    "rootSize", "region", "endpoint", "waitTimeoutMinutes", "triggers", "api", "keyIds",
    "keepImageLogin", "hostName", "userData",
] as const;

/** A change of one of these to a new declared value wipes the system disk. */
export const REINSTALL_TRIGGERS = [
    "imageId", "password", "rootSize", "triggers", "userData", "keyIds", "hostName", "keepImageLogin",
] as const;

/** A change of one of these means another instance: replace. */
export const REPLACE_TRIGGERS = ["instanceId", "region"] as const;

/** Inputs only API 3.0 can honour. */
export const API3_ONLY = ["keyIds", "keepImageLogin", "hostName", "userData"] as const;

/** The engine's marker for a value not known yet (preview). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/**
 * A stable text of what a reinstall asks for, without the password: the reinstall triggers and
 * the agents. Dialect-neutral, so switching `api` never makes a pending reset look like another intent.
 */
export function intentKey(inputs: ReinstallInputs): string {
    return JSON.stringify([
        inputs.imageId ?? null, inputs.rootSize ?? null, inputs.triggers ?? null,
        inputs.userData ?? null, inputs.keyIds ?? null, inputs.hostName ?? null, inputs.keepImageLogin ?? null,
        inputs.needSecurityAgent, inputs.needMonitorAgent, inputs.password === undefined,
    ]);
}
