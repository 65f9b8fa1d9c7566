// TAT (Automation Tools, tat.tencentcloudapi.com, Version 2020-10-28;
// https://www.tencentcloud.com/document/api/1147/46677): DescribeAutomationAgentStatus, RunCommand
// and DescribeInvocationTasks. The agent is online only while the guest is booted and healthy;
// commands exit with the scripted code (admin API), 0 by default.
import type { Api3Context, Api3Service } from "../api3Context";
import { Api3Error } from "../api3Error";
import { type Json, type ParamReader, rejectUnknown } from "../api3Params";
import { isoSeconds } from "../api3View";
import type { Instance } from "../instance";
import { INSTANCE_ID_PATTERN } from "../instanceSeed";
import type { Invocation, InvocationTaskRecord } from "./invocations";

export const TAT_VERSION = "2020-10-28";
const AGENT_VERSION = "1.1.8";
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const COMMAND_TYPES = ["SHELL", "POWERSHELL", "BAT"];

interface Filter {
    name: string;
    values: string[];
}

/** `tooMany`: the action's documented code for too many filters or values. */
function readFilters(
    r: ParamReader,
    value: unknown,
    allowed: readonly string[],
    tooMany: string,
): Filter[] | undefined {
    const list = r.array(value, "Filters");
    if (list === undefined) return undefined;
    if (list.length > 10) throw new Api3Error(tooMany, "at most 10 Filters");
    return list.map((f, i) => {
        const obj = r.object(f, `Filters.${i}`, ["Name", "Values"]);
        const name = r.string(obj?.Name, `Filters.${i}.Name`);
        const values = r.stringArray(obj?.Values, `Filters.${i}.Values`);
        if (name === undefined || values === undefined || !allowed.includes(name)) {
            throw new Api3Error(
                "InvalidParameterValue.InvalidFilter",
                `Filters.${i}: Name must be one of ${allowed.join(", ")}, with Values`,
            );
        }
        if (values.length > 5) throw new Api3Error(tooMany, "at most 5 values per filter");
        return { name, values };
    });
}

function paging(r: ParamReader, params: Json): { offset: number; limit: number } {
    const limit = r.int(params.Limit, "Limit") ?? 20;
    const offset = r.int(params.Offset, "Offset") ?? 0;
    if (limit < 1 || limit > 100 || offset < 0)
        throw new Api3Error("InvalidParameterValue", "Limit must be 1..100 and Offset >= 0");
    return { offset, limit };
}

function agentInstalled(ctx: Api3Context, inst: Instance): boolean {
    return ctx.cloud.guestConfig.effective(inst, ctx.cloud.store.image(inst.imageId)).tatAgent;
}

function agentOnline(ctx: Api3Context, inst: Instance): boolean {
    return inst.state === "RUNNING" && ctx.cloud.store.guestStatus(inst) === "up";
}

function environment(ctx: Api3Context, inst: Instance): "Linux" | "Windows" {
    return ctx.cloud.store.image(inst.imageId)?.platform === "windows" ? "Windows" : "Linux";
}

function describeAutomationAgentStatus(ctx: Api3Context): Json {
    const { cloud, params, reader: r, region } = ctx;
    rejectUnknown(params, ["InstanceIds", "Filters", "Limit", "Offset"]);
    const ids = r.stringArray(params.InstanceIds, "InstanceIds");
    const filters = readFilters(
        r,
        params.Filters,
        ["agent-status", "environment", "instance-id"],
        "InvalidParameterValue.LimitExceeded",
    );
    if (ids !== undefined && filters !== undefined)
        throw new Api3Error("InvalidParameter.ConflictParameter", "InstanceIds and Filters cannot be combined");
    if (ids && ids.length > 100) throw new Api3Error("InvalidParameterValue.LimitExceeded", "at most 100 InstanceIds");
    const bad = ids?.find((id) => !INSTANCE_ID_PATTERN.test(id));
    if (bad !== undefined)
        throw new Api3Error("InvalidParameterValue.InvalidInstanceId", `InstanceId ${bad} is malformed`);
    const { offset, limit } = paging(r, params);
    // Our choice: an instance without an agent (or unknown) is left out rather than shown Offline.
    const rows = cloud.store
        .list(region?.long)
        .filter((i) => ids === undefined || ids.includes(i.instanceId))
        .filter((i) => agentInstalled(ctx, i))
        .map((i) => {
            const online = agentOnline(ctx, i);
            const heartbeat = online ? cloud.clock.nowSeconds() : cloud.store.guestSince(i);
            return {
                InstanceId: i.instanceId,
                Version: AGENT_VERSION,
                LastHeartbeatTime: isoSeconds(cloud.clock.wallMs(heartbeat)),
                AgentStatus: online ? "Online" : "Offline",
                Environment: environment(ctx, i),
                SupportFeatures: [],
            };
        })
        .filter((row) =>
            (filters ?? []).every((f) => {
                const field =
                    f.name === "agent-status"
                        ? row.AgentStatus
                        : f.name === "environment"
                          ? row.Environment
                          : row.InstanceId;
                return f.values.includes(field);
            }),
        );
    return { AutomationAgentSet: rows.slice(offset, offset + limit), TotalCount: rows.length };
}

function runCommand(ctx: Api3Context): Json {
    const { cloud, params, reader: r, region } = ctx;
    rejectUnknown(params, [
        "Content",
        "InstanceIds",
        "CommandName",
        "Description",
        "CommandType",
        "WorkingDirectory",
        "Timeout",
        "SaveCommand",
        "EnableParameter",
        "DefaultParameters",
        "DefaultParameterConfs",
        "Parameters",
        "Tags",
        "Username",
        "OutputCOSBucketUrl",
        "OutputCOSKeyPrefix",
    ]);
    const content = r.string(params.Content, "Content");
    if (content === undefined || content === "")
        throw new Api3Error("MissingParameter", "Content (the base64-encoded script) is required");
    if (!BASE64.test(content))
        throw new Api3Error("InvalidParameterValue.InvalidContent", "Content must be base64 encoded");
    if (content.length > 64 * 1024)
        throw new Api3Error("InvalidParameterValue.LimitExceeded", "Content may be at most 64 KB once encoded");
    const ids = r.stringArray(params.InstanceIds, "InstanceIds");
    if (ids === undefined || ids.length === 0) throw new Api3Error("MissingParameter", "InstanceIds is required");
    if (ids.length > 200) throw new Api3Error("InvalidParameterValue.LimitExceeded", "at most 200 InstanceIds");
    const commandType = r.string(params.CommandType, "CommandType") ?? "SHELL";
    if (!COMMAND_TYPES.includes(commandType))
        throw new Api3Error("InvalidParameterValue", `CommandType must be one of ${COMMAND_TYPES.join(", ")}`);
    const timeout = r.int(params.Timeout, "Timeout") ?? 60;
    if (timeout < 1 || timeout > 86400)
        throw new Api3Error("InvalidParameterValue.Range", "Timeout must be 1..86400 seconds");
    const commandName = r.string(params.CommandName, "CommandName") ?? "";
    if (commandName.length > 60 || !/^[\p{L}\p{N}_.-]*$/u.test(commandName))
        throw new Api3Error(
            "InvalidParameterValue.InvalidCommandName",
            "CommandName: at most 60 letters, digits, _ - .",
        );
    const username = r.string(params.Username, "Username");
    const workingDirectory = r.string(params.WorkingDirectory, "WorkingDirectory");
    r.bool(params.SaveCommand, "SaveCommand");
    r.bool(params.EnableParameter, "EnableParameter");

    // Preconditions in the documented order: exists, RUNNING, agent installed, online, command type.
    const instances = ids.map((id) => {
        if (!INSTANCE_ID_PATTERN.test(id))
            throw new Api3Error("InvalidParameterValue.InvalidInstanceId", `InstanceId ${id} is malformed`);
        const inst = cloud.store.get(id, region?.long);
        if (!inst) throw new Api3Error("ResourceNotFound.InstanceNotFound", `the instance ${id} does not exist`);
        if (inst.state !== "RUNNING")
            throw new Api3Error(
                "ResourceUnavailable.InstanceStateNotRunning",
                `the instance ${id} is ${inst.state}, not RUNNING`,
            );
        if (!agentInstalled(ctx, inst))
            throw new Api3Error("ResourceUnavailable.AgentNotInstalled", `the TAT agent is not installed on ${id}`);
        if (!agentOnline(ctx, inst))
            throw new Api3Error("ResourceUnavailable.AgentStatusNotOnline", `the TAT agent on ${id} is not online`);
        const env = environment(ctx, inst);
        if ((env === "Linux") !== (commandType === "SHELL")) {
            throw new Api3Error(
                "InvalidParameterValue.AgentUnsupportedCommandType",
                `the ${env} agent on ${id} cannot run ${commandType} commands`,
            );
        }
        return inst;
    });
    const script = Buffer.from(content, "base64").toString("utf8");
    const windows = commandType !== "SHELL";
    const invocation = cloud.invocations.create(
        {
            commandName,
            content,
            commandType,
            timeout,
            workingDirectory: workingDirectory ?? (windows ? "C:\\Program Files\\qcloud\\tat_agent\\workdir" : "/root"),
            username: username ?? (windows ? "System" : "root"),
        },
        instances.map((inst) => {
            const rule = cloud.commandScripts.match(inst.instanceId, script);
            return {
                instanceId: inst.instanceId,
                exitCode: rule?.exitCode ?? 0,
                output: rule?.output ?? "",
                durationSeconds: rule?.durationSeconds ?? cloud.invocations.defaultSeconds,
            };
        }),
    );
    return { CommandId: invocation.commandId, InvocationId: invocation.invocationId };
}

function taskView(ctx: Api3Context, inv: Invocation, task: InvocationTaskRecord, hideOutput: boolean): Json {
    const { cloud } = ctx;
    const status = cloud.invocations.status(task);
    const iso = (sim: number) => isoSeconds(cloud.clock.wallMs(sim));
    const started = status !== "PENDING";
    const ended = status !== "PENDING" && status !== "RUNNING";
    const output = Buffer.from(task.output, "utf8").toString("base64");
    return {
        InvocationId: inv.invocationId,
        InvocationTaskId: task.invocationTaskId,
        CommandId: inv.commandId,
        TaskStatus: status,
        InstanceId: task.instanceId,
        TaskResult: {
            // Our choice for the undocumented codes: a running task shows 0, a timed-out one -1.
            ExitCode: ended ? (task.timedOut ? -1 : task.exitCode) : 0,
            Output: hideOutput || !ended ? "" : output,
            ExecStartTime: started ? iso(task.startAt) : null,
            ExecEndTime: ended ? iso(task.endAt) : null,
            Dropped: 0,
            OutputUrl: "",
            OutputUploadCOSErrorInfo: "",
        },
        StartTime: started ? iso(task.startAt) : null,
        EndTime: ended ? iso(task.endAt) : null,
        CreatedTime: iso(inv.createdAt),
        UpdatedTime: iso(ended ? task.endAt : started ? task.startAt : inv.createdAt),
        CommandDocument: {
            Content: inv.content,
            CommandType: inv.commandType,
            Timeout: inv.timeout,
            WorkingDirectory: inv.workingDirectory,
            Username: inv.username,
            OutputCOSBucketUrl: "",
            OutputCOSKeyPrefix: "",
        },
        ErrorInfo: status === "TIMEOUT" ? "the command timed out" : "",
        InvocationSource: "USER",
        CommandName: inv.commandName,
    };
}

function describeInvocationTasks(ctx: Api3Context): Json {
    const { cloud, params, reader: r } = ctx;
    rejectUnknown(params, ["InvocationTaskIds", "Filters", "Limit", "Offset", "HideOutput"]);
    const ids = r.stringArray(params.InvocationTaskIds, "InvocationTaskIds");
    const filters = readFilters(
        r,
        params.Filters,
        ["invocation-task-id", "invocation-id", "instance-id", "command-id"],
        "InvalidParameterValue",
    );
    if (ids !== undefined && filters !== undefined)
        throw new Api3Error("InvalidParameter.ConflictParameter", "InvocationTaskIds and Filters cannot be combined");
    if (ids && ids.length > 100) throw new Api3Error("InvalidParameterValue", "at most 100 InvocationTaskIds");
    const badId = ids?.find((id) => !/^invt-[a-z0-9]{8}$/.test(id));
    if (badId !== undefined)
        throw new Api3Error("InvalidParameterValue.InvalidInvocationTaskId", `InvocationTaskId ${badId} is malformed`);
    const hideOutput = r.bool(params.HideOutput, "HideOutput") ?? true; // the documented default
    const { offset, limit } = paging(r, params);
    const rows = cloud.invocations
        .all()
        .flatMap((inv) => inv.tasks.map((task) => ({ inv, task })))
        .filter(({ task }) => ids === undefined || ids.includes(task.invocationTaskId))
        .filter(({ inv, task }) =>
            (filters ?? []).every((f) => {
                const field = {
                    "invocation-task-id": task.invocationTaskId,
                    "invocation-id": inv.invocationId,
                    "instance-id": task.instanceId,
                    "command-id": inv.commandId,
                }[f.name];
                return field !== undefined && f.values.includes(field);
            }),
        );
    return {
        TotalCount: rows.length,
        InvocationTaskSet: rows
            .slice(offset, offset + limit)
            .map(({ inv, task }) => taskView(ctx, inv, task, hideOutput)),
    };
}

export const TAT_SERVICE: Api3Service = {
    name: "tat",
    version: TAT_VERSION,
    actions: {
        DescribeAutomationAgentStatus: describeAutomationAgentStatus,
        RunCommand: runCommand,
        DescribeInvocationTasks: describeInvocationTasks,
    },
};
