// TAT invocations (RunCommand) and their per-instance tasks. A task is PENDING for half a
// simulated second, then RUNNING for its duration, then SUCCESS (exit 0), FAILED (non-zero exit)
// or TIMEOUT (ran longer than the command's Timeout); states are derived from the clock on read.
import { randomBytes } from "node:crypto";
import type { Clock } from "../clock";

export interface InvocationTaskRecord {
    invocationTaskId: string;
    instanceId: string;
    startAt: number;
    endAt: number;
    exitCode: number;
    output: string;
    timedOut: boolean;
}

export interface Invocation {
    invocationId: string;
    commandId: string;
    commandName: string;
    content: string;
    commandType: string;
    timeout: number;
    workingDirectory: string;
    username: string;
    createdAt: number;
    tasks: InvocationTaskRecord[];
}

export interface TaskPlan {
    instanceId: string;
    exitCode: number;
    output: string;
    durationSeconds: number;
}

const DELIVERY_SECONDS = 0.5;

export function tatId(prefix: string): string {
    const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    return `${prefix}-${[...randomBytes(8)].map((b) => alphabet[b % alphabet.length]).join("")}`;
}

export type TaskStatus = "PENDING" | "RUNNING" | "SUCCESS" | "FAILED" | "TIMEOUT";

export class Invocations {
    private readonly byId = new Map<string, Invocation>();

    constructor(
        private readonly clock: Clock,
        readonly defaultSeconds: number,
    ) {}

    create(
        meta: Omit<Invocation, "invocationId" | "commandId" | "createdAt" | "tasks">,
        plans: readonly TaskPlan[],
    ): Invocation {
        const now = this.clock.nowSeconds();
        const invocation: Invocation = {
            ...meta,
            invocationId: tatId("inv"),
            commandId: tatId("cmd"),
            createdAt: now,
            tasks: plans.map((p) => {
                const startAt = now + DELIVERY_SECONDS;
                const timedOut = p.durationSeconds > meta.timeout;
                return {
                    invocationTaskId: tatId("invt"),
                    instanceId: p.instanceId,
                    startAt,
                    endAt: startAt + (timedOut ? meta.timeout : p.durationSeconds),
                    exitCode: p.exitCode,
                    output: p.output,
                    timedOut,
                };
            }),
        };
        this.byId.set(invocation.invocationId, invocation);
        return invocation;
    }

    all(): Invocation[] {
        return [...this.byId.values()];
    }

    status(task: InvocationTaskRecord): TaskStatus {
        const now = this.clock.nowSeconds() + 1e-6;
        if (now < task.startAt) return "PENDING";
        if (now < task.endAt) return "RUNNING";
        if (task.timedOut) return "TIMEOUT";
        return task.exitCode === 0 ? "SUCCESS" : "FAILED";
    }
}
