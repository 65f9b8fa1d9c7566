/**
 * The API 3.0 dialect (`2017-03-12`): JSON POST to `<endpoint>/`, TC3-HMAC-SHA256 over the exact body
 * bytes sent, signing `content-type`, `host` and `x-tc-action`. Errors come back as HTTP 200 with
 * `Response.Error`. Every attempt is signed afresh (new `X-TC-Timestamp`).
 */
import type { ClientDeps } from "./callRunner";
import type { CallContext } from "./callRunner";
import { callContextOf, createCallRunner } from "./callRunner";
import { api3LocateReset, api3TraceReset } from "./api3Trace";
import { acceptReset } from "./resetOutcome";
import { api3InstanceView, api3ResetBody } from "./api3Mapping";
import { cvmErrorFromApi3, CvmTransportError } from "./errors";
import { toLongRegion } from "./regions";
import { READ_POLICY, RESET_POLICY } from "./retryPolicy";
import { signTc3 } from "./signatureTc3";
import { hostHeaderOf, parseEndpoint } from "./transport";
import type { ClientTarget, CvmClient, InstanceView, ResetAccepted, ResetRequest } from "./types";

export const API3_VERSION = "2017-03-12";
export const API3_SERVICE = "cvm";
export const API3_DESCRIBE_CHUNK = 100;
export const API3_CONTENT_TYPE = "application/json";

export function createApi3Client(target: ClientTarget, deps: ClientDeps = {}): CvmClient {
    const base = parseEndpoint(target.endpoint);
    const runner = createCallRunner(target, base, deps);
    const { secretId, secretKey, token } = target.credentials;
    const host = hostHeaderOf(base);
    const region = toLongRegion(target.region);

    /** One signed attempt; returns `Response` of a success or throws the API's error. */
    async function attempt(action: string, payload: Record<string, unknown>, context: CallContext) {
        const timestamp = Math.floor(runner.clock.now() / 1000);
        const body = JSON.stringify(payload);
        const headers: Record<string, string> = {
            "Content-Type": API3_CONTENT_TYPE,
            Host: host,
            "X-TC-Action": action,
            "X-TC-Timestamp": String(timestamp),
            "X-TC-Version": API3_VERSION,
            "X-TC-Region": region,
            ...(token ? { "X-TC-Token": token } : {}),
        };
        const signed = signTc3({ method: "POST", headers, payload: body, timestamp, service: API3_SERVICE, secretId, secretKey });
        headers.Authorization = signed.authorization;
        const secrets = [secretKey, token, context.password, signed.signature];
        const ctx = { ...(context.instanceId ? { instanceId: context.instanceId } : {}), secrets };
        const url = new URL("/", base.origin);
        const answer = asRecord(await runner.transport.send({ method: "POST", url, headers, body }, { action, ...ctx }));
        const response = answer.Response;
        if (typeof response !== "object" || response === null) {
            throw new CvmTransportError({
                code: "BAD_RESPONSE",
                ambiguous: true,
                action,
                ...(context.instanceId ? { instanceId: context.instanceId } : {}),
                detail: "the answer has no Response object",
            });
        }
        if ("Error" in response) throw cvmErrorFromApi3(answer, action, ctx);
        return response as Record<string, unknown>;
    }

    return {
        dialect: "2017-03-12",
        capabilities: { latestOperation: true, intentTags: false, dryRun: false, passwordReset: false, commands: false },
        traceReset: api3TraceReset,
        locateReset: api3LocateReset,
        submitReset(request) {
            return acceptReset(() => this.resetInstance(request), runner.clock);
        },

        async describeInstances(instanceIds) {
            const ids = [...new Set(instanceIds)];
            const views = new Map<string, InstanceView>();
            for (let i = 0; i < ids.length; i += API3_DESCRIBE_CHUNK) {
                const chunk = ids.slice(i, i + API3_DESCRIBE_CHUNK);
                const single = chunk.length === 1 ? { instanceId: chunk[0]! } : {};
                const response = await runner.run("DescribeInstances", chunk, READ_POLICY, () =>
                    attempt("DescribeInstances", { InstanceIds: chunk, Limit: API3_DESCRIBE_CHUNK }, single),
                );
                const items = Array.isArray(response.InstanceSet) ? response.InstanceSet : [];
                for (const item of items) {
                    const view = api3InstanceView(item);
                    if (view) views.set(view.instanceId, view);
                }
            }
            return views;
        },

        async resetInstance(request: ResetRequest): Promise<ResetAccepted> {
            const payload = api3ResetBody(request);
            const context = callContextOf(request);
            const response = await runner.run("ResetInstance", [request.instanceId], RESET_POLICY, () =>
                attempt("ResetInstance", payload, context),
            );
            if (typeof response.RequestId !== "string" || response.RequestId === "") {
                throw new CvmTransportError({
                    code: "BAD_RESPONSE",
                    ambiguous: true,
                    action: "ResetInstance",
                    instanceId: request.instanceId,
                    detail: "the success answer carries no RequestId",
                });
            }
            return { requestId: response.RequestId };
        },
    };
}

function asRecord(value: unknown): Record<string, unknown> {
    return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};
}
