/**
 * Reads a recorded state of any provider version into the current shape, so a newer provider never
 * misreads an older one. 0.1.x states (no `stateVersion`) recorded a pending reset without the
 * dialect that submitted it (it is the recorded `api`, whose default then was `legacy`) and
 * without an outcome (only accepted resets were recorded).
 */
import { type ReinstallOutputs, STATE_VERSION } from "./inputs";

export function upgradeState(recorded: Record<string, unknown>): ReinstallOutputs {
    const state = { ...recorded } as unknown as ReinstallOutputs;
    if (state.stateVersion !== undefined && state.stateVersion >= STATE_VERSION) return state;
    if (state.pendingReset) {
        state.pendingReset = {
            ...state.pendingReset,
            dialect: state.pendingReset.dialect ?? state.api ?? "legacy",
            outcome: state.pendingReset.outcome ?? "accepted",
        };
    }
    if (state.api === undefined) state.api = "legacy";
    return state;
}
