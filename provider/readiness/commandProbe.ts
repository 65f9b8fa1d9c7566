import type { Clock } from "../cvm/clock";
import { isCvmApiError } from "../cvm/errors";
import type { CvmClient } from "../cvm/types";

/** `DescribeInvocationTasks` task states that end an invocation (the others are still on their way). */
const TERMINAL = new Set([
    "SUCCESS",
    "FAILED",
    "TIMEOUT",
    "TASK_TIMEOUT",
    "CANCELLED",
    "TERMINATED",
    "DELIVER_FAILED",
    "START_FAILED",
]);
/** Refusals that only mean "not yet" right after a reinstall: the new OS's agent is still coming up. */
const NOT_YET = ["ResourceUnavailable.AgentStatusNotOnline", "ResourceUnavailable.InstanceStateNotRunning"];
const OUTPUT_CHARS = 160;

export type CommandAttempt =
    /** Exit code 0. */
    | { state: "passed"; detail: string }
    /** Not ready yet; try again while time is left. */
    | { state: "retry"; reason: string }
    /** Cannot pass by waiting (agent missing, command refused, auth). */
    | { state: "fatal"; reason: string };

export interface CommandDeps {
    clock: Clock;
    client: CvmClient;
    intervalMs: number;
    deadlineAt: number;
}

/**
 * One TAT attempt: the agent must be online, then `RunCommand`, then `DescribeInvocationTasks`
 * until the task ends; exit code 0 passes.
 */
export async function commandProbe(instanceId: string, command: string, deps: CommandDeps): Promise<CommandAttempt> {
    const { client, clock } = deps;
    if (!client.runCommand || !client.describeCommandTask || !client.describeAgentStatus) {
        return { state: "fatal", reason: `readiness.command needs API 3.0 (TAT); this client cannot run commands` };
    }
    try {
        const status = (await client.describeAgentStatus([instanceId], { deadlineAt: deps.deadlineAt })).get(
            instanceId,
        );
        if (status !== "Online")
            return { state: "retry", reason: `TAT agent is ${status ?? "not reported (not installed yet?)"}` };
        const left = Math.floor((deps.deadlineAt - clock.now()) / 1000);
        if (left < 1) return { state: "retry", reason: "no time left to run the command" };
        const { invocationId } = await client.runCommand(instanceId, command, {
            deadlineAt: deps.deadlineAt,
            timeoutSeconds: Math.min(60, left),
        });
        for (;;) {
            const task = await client.describeCommandTask(invocationId, instanceId, { deadlineAt: deps.deadlineAt });
            if (task && TERMINAL.has(task.status)) {
                if (task.status === "SUCCESS" && (task.exitCode ?? 0) === 0)
                    return { state: "passed", detail: `command exited 0 (invocation ${invocationId})` };
                const code = task.exitCode === undefined ? "" : `, exit code ${task.exitCode}`;
                return {
                    state: "retry",
                    reason: `command ended ${task.status}${code}${outputTail(task.output)} (invocation ${invocationId})`,
                };
            }
            if (clock.now() + deps.intervalMs >= deps.deadlineAt) {
                return {
                    state: "retry",
                    reason: `command still ${task?.status ?? "unreported"} at the deadline (invocation ${invocationId})`,
                };
            }
            await clock.sleep(deps.intervalMs);
        }
    } catch (e) {
        if (isCvmApiError(e) && !e.retryable && !NOT_YET.includes(e.code)) {
            return { state: "fatal", reason: `${e.code || e.name}: ${e.apiMessage || e.message}` };
        }
        return { state: "retry", reason: e instanceof Error ? e.message : String(e) };
    }
}

function outputTail(output: string | undefined): string {
    const text = (output ?? "").trim();
    if (!text) return "";
    return `, output: ${text.length > OUTPUT_CHARS ? `…${text.slice(-OUTPUT_CHARS)}` : text}`;
}
