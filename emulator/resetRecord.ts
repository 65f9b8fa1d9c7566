// The record tests count: accepted resets per instance (by dialect) and the largest number of
// reinstalls that ran at the same time, overall and among a given set of instances, since the
// record was last reset. Derived from the store's tasks, so nothing can drift out of step.
import type { OperationVia, Task } from "./instanceStore";

export interface ResetCounts {
    legacy: number;
    api3: number;
    outOfBand: number;
    total: number;
}

export interface ResetRecordView {
    /** Real wall time (ISO) of the last reset of the record (or the emulator's start). */
    since: string;
    totalResets: number;
    resets: Record<string, ResetCounts>;
    /** Most reinstall tasks running at one simulated instant. */
    maxConcurrentReinstalls: number;
    /** The same, counting only `instanceIds` (absent when none were asked for). */
    maxConcurrentReinstallsOf?: number;
    instanceIds?: string[];
}

const KEY: Record<OperationVia, keyof Omit<ResetCounts, "total">> = {
    legacy: "legacy",
    "2017-03-12": "api3",
    outOfBand: "outOfBand",
};

/** Largest number of overlapping [startedAt, endsAt) intervals (an end before a start at the same instant). */
export function maxOverlap(tasks: readonly Pick<Task, "startedAt" | "endsAt">[]): number {
    const events = tasks.flatMap((t) => [
        { at: t.startedAt, delta: 1 },
        { at: t.endsAt, delta: -1 },
    ]);
    events.sort((a, b) => a.at - b.at || a.delta - b.delta);
    let current = 0;
    let max = 0;
    for (const e of events) {
        current += e.delta;
        max = Math.max(max, current);
    }
    return max;
}

export class ResetRecord {
    private sinceTaskId = 0;
    private sinceSim = -Infinity;
    private sinceTime = new Date().toISOString();

    /** `nextTaskId` and `nowSim` mark the start: later tasks count, and so does a task whose id was taken before but which started later (applyLate). */
    reset(nextTaskId: number, nowSim: number): void {
        this.sinceTaskId = nextTaskId;
        this.sinceSim = nowSim;
        this.sinceTime = new Date().toISOString();
    }

    view(tasks: readonly Task[], instanceIds?: readonly string[]): ResetRecordView {
        const resets = tasks.filter(
            (t) => t.operation === "ResetInstance" && (t.taskId >= this.sinceTaskId || t.startedAt > this.sinceSim),
        );
        const counts: Record<string, ResetCounts> = {};
        for (const t of resets) {
            const c = (counts[t.instanceId] ??= { legacy: 0, api3: 0, outOfBand: 0, total: 0 });
            c[KEY[t.via]] += 1;
            c.total += 1;
        }
        const view: ResetRecordView = {
            since: this.sinceTime,
            totalResets: resets.length,
            resets: counts,
            maxConcurrentReinstalls: maxOverlap(resets),
        };
        if (instanceIds && instanceIds.length > 0) {
            view.instanceIds = [...instanceIds];
            view.maxConcurrentReinstallsOf = maxOverlap(resets.filter((t) => instanceIds.includes(t.instanceId)));
        }
        return view;
    }
}
