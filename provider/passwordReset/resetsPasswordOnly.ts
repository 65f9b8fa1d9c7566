import type { ReinstallInputs } from "../inputs";

/**
 * Whether a change is applied with `ResetInstancesPassword` instead of a reinstall: the user opted
 * in (`passwordChange: "reset"`, API 3.0) and the password is the only reinstall trigger that
 * changed. Any other trigger (image, disk, keys, …) still reinstalls, and the new password goes
 * with that reinstall.
 */
export function resetsPasswordOnly(reinstalls: readonly string[], news: Partial<ReinstallInputs>): boolean {
    return (
        news.passwordChange === "reset" &&
        news.api === "2017-03-12" &&
        typeof news.password === "string" &&
        reinstalls.length === 1 &&
        reinstalls[0] === "password"
    );
}
