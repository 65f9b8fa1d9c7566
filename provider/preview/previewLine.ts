/** Why `up` will touch the disk: a new resource, changed reinstall triggers, or a replace. */
export type ReinstallCause =
    | { kind: "create" }
    | { kind: "update"; changed: readonly string[] }
    | { kind: "replace"; changed: readonly string[]; previousInstanceId?: string };

export const REINSTALL_WARNING = "`up` will REINSTALL this instance and wipe its system disk";
export const PASSWORD_RESET_NOTICE =
    "`up` will reset the password with ResetInstancesPassword (no reinstall, no wipe; the instance is force-stopped and started again)";

/**
 * The line every create, replace and reinstalling update prints in preview and up: the same words
 * for all three, since each of them wipes a disk. `checked` lists what the preview verified.
 */
export function reinstallLine(instanceId: string, cause: ReinstallCause, checked: readonly string[] = []): string {
    const why =
        cause.kind === "create"
            ? "new resource"
            : cause.kind === "update"
              ? `${cause.changed.join(", ")} changed`
              : `${cause.changed.join(", ")} changed, so the resource is replaced${cause.previousInstanceId ? ` (the previous one was ${cause.previousInstanceId})` : ""}`;
    return `${instanceId}: ${why}: ${REINSTALL_WARNING}${suffix(checked)}`;
}

/** The line of a password-only change under `passwordChange: "reset"`. */
export function passwordResetLine(instanceId: string, checked: readonly string[] = []): string {
    return `${instanceId}: password changed (passwordChange "reset"): ${PASSWORD_RESET_NOTICE}${suffix(checked)}`;
}

function suffix(checked: readonly string[]): string {
    return checked.length ? ` [checked: ${checked.join("; ")}]` : "";
}
