import { formatDuration } from "../progress";
import type { GroupState } from "./rolloutScheduler";

/**
 * One progress line for a rollout group: counts, canary state and an ETA. The ETA covers the
 * members that reached the provider so far (the engine may not have sent the others yet).
 */
export function groupStatusLine(g: Readonly<GroupState>, now: number): string {
    const count = (...states: string[]) => g.members.filter((m) => states.includes(m.state)).length;
    const done = count("ok");
    const inFlight = count("started", "submitted");
    const failed = count("failed");
    const waiting = count("waiting");
    const untouched = count("released");
    const parts = [`${done} done`, `${inFlight} in flight`, `${failed} failed`, `${waiting} waiting`];
    if (untouched > 0) parts.push(`${untouched} not started (halted or capped)`);
    return `rollout ${g.policy.group}: ${parts.join(", ")}; ${canaryState(g, now)}; ${eta(g, now, waiting + inFlight)}`;
}

function canaryState(g: Readonly<GroupState>, now: number): string {
    const p = g.policy;
    if (g.halt) return `HALTED: ${g.halt}`;
    if (p.canary === 0) return "no canary";
    if (g.canaryOk < p.canary) return `canary ${g.canaryOk}/${p.canary} passed, the rest wait`;
    if (g.pauseUntil !== undefined && now < g.pauseUntil)
        return `canary passed, baking ${formatDuration(g.pauseUntil - now)} more`;
    return "canary passed";
}

function eta(g: Readonly<GroupState>, now: number, remaining: number): string {
    if (g.halt) return inFlightNote(remaining);
    if (remaining === 0) return "nothing left that reached the provider";
    if (g.durations.length === 0) return "ETA unknown until a member finishes";
    const average = g.durations.reduce((a, b) => a + b, 0) / g.durations.length;
    const slots = Math.max(1, Math.min(g.policy.maxParallel, remaining));
    const bake = g.pauseUntil !== undefined ? Math.max(0, g.pauseUntil - now) : 0;
    return `ETA ~${formatDuration(bake + Math.ceil(remaining / slots) * average)} for the ${remaining} that reached the provider`;
}

function inFlightNote(remaining: number): string {
    return remaining === 0 ? "nothing in flight" : `waiting for the ${remaining} in flight to finish`;
}
