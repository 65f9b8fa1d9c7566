/**
 * The host process's rollout gate: the fleet scheduler decides when a member may submit, the
 * readiness probes decide when it is done. One per host process, shared by every resource.
 */
import type { Clock } from "./cvm/clock";
import type { Progress } from "./progress";
import { awaitReadiness } from "./readiness/awaitReadiness";
import type { RolloutGate } from "./reinstall";
import { RolloutScheduler } from "./rollout/rolloutScheduler";

export function createFleetGate(deps: {
    clock: Clock;
    random: () => number;
    progress: Progress;
    pollMaxMs: () => number;
}): RolloutGate {
    const scheduler = new RolloutScheduler({ clock: deps.clock, progress: deps.progress });
    return {
        admit: (inputs, options) =>
            scheduler.admit({ key: inputs.instanceId, instanceId: inputs.instanceId }, inputs.rollout, options),
        async ready(inputs, view, taskSucceededAt, client) {
            if (!inputs.readiness) return { ready: true };
            const verdict = await awaitReadiness(inputs.readiness, view, {
                clock: deps.clock,
                random: deps.random,
                client,
                progress: deps.progress,
                taskSucceededAt,
                pollMaxMs: deps.pollMaxMs(),
            });
            return verdict.ready ? { ready: true } : verdict;
        },
    };
}
