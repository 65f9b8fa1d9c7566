/**
 * Pure wire mapping for TAT, Tencent's automation tools (`2020-10-28`): agent status, `RunCommand`
 * of a shell command, and one invocation's task on one instance
 * (https://www.tencentcloud.com/document/api/1147/46677).
 */
import type { CommandTask } from "./types";
import { asRecord, num, str } from "./wireValues";

export const TAT_VERSION = "2020-10-28";
/** `DescribeAutomationAgentStatus` takes at most 100 instance ids per call. */
export const TAT_AGENT_CHUNK = 100;
/** TAT's default command timeout, seconds. */
const TAT_DEFAULT_TIMEOUT_S = 60;

/** `RunCommand` body: the script base64-encoded, as the API requires; `Timeout` within [1, 86400] s. */
export function runCommandBody(
    instanceId: string,
    command: string,
    timeoutSeconds = TAT_DEFAULT_TIMEOUT_S,
): Record<string, unknown> {
    if (!Number.isInteger(timeoutSeconds) || timeoutSeconds < 1 || timeoutSeconds > 86_400) {
        throw new RangeError(`command timeout must be a whole number of seconds in [1, 86400], got ${timeoutSeconds}`);
    }
    return {
        Content: Buffer.from(command, "utf8").toString("base64"),
        InstanceIds: [instanceId],
        CommandType: "SHELL",
        Timeout: timeoutSeconds,
    };
}

/** `AutomationAgentSet` → instance id → `AgentStatus` (`Online`, `Offline`). Instances without an agent are absent. */
export function agentStatuses(response: Record<string, unknown>): Map<string, string> {
    const statuses = new Map<string, string>();
    const items = Array.isArray(response.AutomationAgentSet) ? response.AutomationAgentSet : [];
    for (const item of items) {
        const record = asRecord(item);
        const id = str(record.InstanceId);
        const status = str(record.AgentStatus);
        if (id && status) statuses.set(id, status);
    }
    return statuses;
}

/** `DescribeInvocationTasks` filtered to one invocation on one instance; `HideOutput` defaults to true, so ask for it. */
export function invocationTasksBody(invocationId: string, instanceId: string): Record<string, unknown> {
    return {
        Filters: [
            { Name: "invocation-id", Values: [invocationId] },
            { Name: "instance-id", Values: [instanceId] },
        ],
        HideOutput: false,
        Limit: 1,
    };
}

/** The task of `instanceId` in a `DescribeInvocationTasks` answer, its output decoded from base64. */
export function commandTaskOf(response: Record<string, unknown>, instanceId: string): CommandTask | undefined {
    const items = Array.isArray(response.InvocationTaskSet) ? response.InvocationTaskSet.map(asRecord) : [];
    const task = items.find((t) => t.InstanceId === instanceId);
    if (!task) return undefined;
    const result = asRecord(task.TaskResult);
    const exitCode = num(result.ExitCode);
    const output = str(result.Output);
    return {
        status: str(task.TaskStatus) ?? "PENDING",
        ...(exitCode !== undefined ? { exitCode } : {}),
        ...(output !== undefined ? { output: Buffer.from(output, "base64").toString("utf8") } : {}),
    };
}
