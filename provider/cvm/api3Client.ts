/**
 * The API 3.0 dialect (`2017-03-12`): CVM, plus the Tag API and TAT that the provider uses beside it.
 * Each product is signed with its own credential-scope service and sent to its own host, or to the
 * endpoint override, which serves them all (see {@link serviceBaseUrl}).
 */
import { createApi3Attempt } from "./api3Call";
import type { ClientDeps } from "./callRunner";
import { callContextOf, createCallRunner } from "./callRunner";
import { api3InquiryBody, api3InstanceView, api3ResetBody } from "./api3Mapping";
import { api3LocateReset, api3TraceReset } from "./api3Trace";
import { CvmTransportError } from "./errors";
import { canonicalRegion } from "./regions";
import { acceptReset } from "./resetOutcome";
import { READ_POLICY, RESET_POLICY } from "./retryPolicy";
import { serviceBaseUrl } from "./serviceEndpoint";
import { cvmTagResource, modifyResourceTagsBodies, TAG_VERSION } from "./tagMapping";
import {
    agentStatuses,
    commandTaskOf,
    invocationTasksBody,
    runCommandBody,
    TAT_AGENT_CHUNK,
    TAT_VERSION,
} from "./tatMapping";
import { parseEndpoint } from "./transport";
import type { ClientTarget, CvmClient, InstanceView, ResetAccepted } from "./types";
import { str } from "./wireValues";

export const API3_VERSION = "2017-03-12";
const API3_DESCRIBE_CHUNK = 100;

export function createApi3Client(target: ClientTarget, deps: ClientDeps = {}): CvmClient {
    const base = parseEndpoint(target.endpoint);
    const runner = createCallRunner(target, base, deps);
    const region = canonicalRegion(target.region);
    const tagBase = serviceBaseUrl(base, "tag");
    const tatBase = serviceBaseUrl(base, "tat");
    const cvm = createApi3Attempt({ service: "cvm", version: API3_VERSION, base }, runner, target.credentials, region);
    const tag = createApi3Attempt(
        { service: "tag", version: TAG_VERSION, base: tagBase },
        runner,
        target.credentials,
        region,
    );
    const tat = createApi3Attempt(
        { service: "tat", version: TAT_VERSION, base: tatBase },
        runner,
        target.credentials,
        region,
    );

    /** A success that lacks the id it must carry: the call may have been applied, so it is ambiguous. */
    const missing = (action: string, instanceId: string, what: string) =>
        new CvmTransportError({
            code: "BAD_RESPONSE",
            ambiguous: true,
            action,
            instanceId,
            detail: `the success answer carries no ${what}`,
        });

    return {
        dialect: "2017-03-12",
        resetAction: "ResetInstance",
        capabilities: { latestOperation: true, intentTags: true, dryRun: true, passwordReset: true, commands: true },
        traceReset: api3TraceReset,
        locateReset: api3LocateReset,
        submitReset(request, options) {
            return acceptReset(() => this.resetInstance(request, options), runner.clock);
        },

        async describeInstances(instanceIds, options = {}) {
            const ids = [...new Set(instanceIds)];
            const views = new Map<string, InstanceView>();
            for (let i = 0; i < ids.length; i += API3_DESCRIBE_CHUNK) {
                const chunk = ids.slice(i, i + API3_DESCRIBE_CHUNK);
                const single = chunk.length === 1 ? { instanceId: chunk[0]! } : {};
                const response = await runner.run(
                    "DescribeInstances",
                    chunk,
                    READ_POLICY,
                    (_, timeoutMs) =>
                        cvm("DescribeInstances", { InstanceIds: chunk, Limit: API3_DESCRIBE_CHUNK }, single, timeoutMs),
                    options,
                );
                const items = Array.isArray(response.InstanceSet) ? response.InstanceSet : [];
                for (const item of items) {
                    const view = api3InstanceView(item);
                    if (view) views.set(view.instanceId, view);
                }
            }
            return views;
        },

        async resetInstance(request, options = {}): Promise<ResetAccepted> {
            const payload = api3ResetBody(request);
            const context = callContextOf(request);
            const response = await runner.run(
                "ResetInstance",
                [request.instanceId],
                RESET_POLICY,
                () => cvm("ResetInstance", payload, context),
                options,
            );
            const requestId = str(response.RequestId);
            if (!requestId) throw missing("ResetInstance", request.instanceId, "RequestId");
            return { requestId };
        },

        async inquireReset(request, options = {}) {
            // No side effects (a price quote), so it is retried like a read.
            const payload = api3InquiryBody(request);
            const context = callContextOf(request);
            await runner.run(
                "InquiryPriceResetInstance",
                [request.instanceId],
                READ_POLICY,
                (_, timeoutMs) => cvm("InquiryPriceResetInstance", payload, context, timeoutMs),
                options,
            );
        },

        async resetPassword(instanceId, password, options = {}) {
            // ForceStop: a running instance is refused without it (https://www.tencentcloud.com/document/api/213/33240).
            const payload = { InstanceIds: [instanceId], Password: password, ForceStop: true };
            const context = { instanceId, password };
            const response = await runner.run(
                "ResetInstancesPassword",
                [instanceId],
                RESET_POLICY,
                () => cvm("ResetInstancesPassword", payload, context),
                options,
            );
            const requestId = str(response.RequestId);
            if (!requestId) throw missing("ResetInstancesPassword", instanceId, "RequestId");
            return { requestId };
        },

        async writeTags(instanceId, tags, options = {}) {
            // An upsert of the same values is harmless, so it is retried like a read.
            const bodies = modifyResourceTagsBodies(cvmTagResource(region, instanceId), tags);
            for (const body of bodies) {
                await runner.run(
                    "ModifyResourceTags",
                    [instanceId],
                    READ_POLICY,
                    (_, timeoutMs) => tag("ModifyResourceTags", body, { instanceId }, timeoutMs),
                    { ...options, endpoint: tagBase },
                );
            }
        },

        async describeAgentStatus(instanceIds, options = {}) {
            const ids = [...new Set(instanceIds)];
            const statuses = new Map<string, string>();
            for (let i = 0; i < ids.length; i += TAT_AGENT_CHUNK) {
                const chunk = ids.slice(i, i + TAT_AGENT_CHUNK);
                const single = chunk.length === 1 ? { instanceId: chunk[0]! } : {};
                const response = await runner.run(
                    "DescribeAutomationAgentStatus",
                    chunk,
                    READ_POLICY,
                    (_, timeoutMs) =>
                        tat(
                            "DescribeAutomationAgentStatus",
                            { InstanceIds: chunk, Limit: TAT_AGENT_CHUNK },
                            single,
                            timeoutMs,
                        ),
                    { ...options, endpoint: tatBase },
                );
                for (const [id, status] of agentStatuses(response)) statuses.set(id, status);
            }
            return statuses;
        },

        async runCommand(instanceId, command, options = {}) {
            // RunCommand has no idempotency token: a lost reply is not resent (it may have run).
            const { timeoutSeconds, ...call } = options;
            const payload = runCommandBody(instanceId, command, timeoutSeconds);
            const response = await runner.run(
                "RunCommand",
                [instanceId],
                RESET_POLICY,
                () => tat("RunCommand", payload, { instanceId }),
                {
                    ...call,
                    endpoint: tatBase,
                },
            );
            const invocationId = str(response.InvocationId);
            if (!invocationId) throw missing("RunCommand", instanceId, "InvocationId");
            return { invocationId };
        },

        async describeCommandTask(invocationId, instanceId, options = {}) {
            const response = await runner.run(
                "DescribeInvocationTasks",
                [instanceId],
                READ_POLICY,
                (_, timeoutMs) =>
                    tat(
                        "DescribeInvocationTasks",
                        invocationTasksBody(invocationId, instanceId),
                        { instanceId },
                        timeoutMs,
                    ),
                { ...options, endpoint: tatBase },
            );
            return commandTaskOf(response, instanceId);
        },
    };
}
