/**
 * The legacy v2 dialect (`<endpoint>/v2/index.php`, signature v1, `ResetInstances`).
 *
 * POST with a form body by default, so the password never sits in a URL (proxies and access logs keep
 * URLs); GET is available as an option because the API accepts both (never mixed). Every attempt is
 * signed afresh: new `Timestamp` and `Nonce` (the server rejects a reused nonce as a replay).
 */
import { legacyLocateReset, legacyTraceReset } from "./legacyTrace";
import { acceptReset } from "./resetOutcome";
import type { ClientDeps } from "./callRunner";
import type { CallContext } from "./callRunner";
import { callContextOf, createCallRunner } from "./callRunner";
import { cvmErrorFromApi3, cvmErrorFromLegacy, CvmTransportError } from "./errors";
import { addLegacyInstance, legacyDescribeParams, legacyResetParams, legacyTaskStatus } from "./legacyMapping";
import { READ_POLICY, RESET_POLICY } from "./retryPolicy";
import type { ParamValue } from "./signatureV1";
import { signV1 } from "./signatureV1";
import type { HttpRequest } from "./transport";
import { hostHeaderOf, parseEndpoint } from "./transport";
import type {
    CallOptions,
    ClientTarget,
    CvmClient,
    InstanceView,
    ResetAccepted,
    ResetRequest,
    TaskStatus,
} from "./types";

export const LEGACY_PATH = "/v2/index.php";
const LEGACY_DESCRIBE_CHUNK = 100;

/** The legacy client; `describeTask` is extra (the task query is inferred, not documented). */
export interface LegacyClient extends CvmClient {
    readonly dialect: "legacy";
    /** `DescribleTaskResult(taskId)`; any failure or unknown shape is `"unknown"`. */
    describeTask(taskId: string, options?: CallOptions): Promise<TaskStatus>;
}

export function createLegacyClient(target: ClientTarget, deps: ClientDeps = {}): LegacyClient {
    const base = parseEndpoint(target.endpoint);
    const runner = createCallRunner(target, base, deps);
    const method = deps.legacy?.method ?? "POST";
    const signatureMethod = deps.legacy?.signatureMethod ?? "HmacSHA256";
    const { secretId, secretKey, token } = target.credentials;
    const host = hostHeaderOf(base);

    /** One signed attempt; returns the success body or throws the API's error. */
    async function attempt(
        action: string,
        actionParams: Record<string, ParamValue>,
        context: CallContext,
        timeoutMs?: number,
    ) {
        const params: Record<string, ParamValue> = {
            Action: action,
            Region: target.region,
            Timestamp: Math.floor(runner.clock.now() / 1000),
            Nonce: runner.nonce(),
            SecretId: secretId,
            SignatureMethod: signatureMethod,
            ...(token ? { Token: token } : {}),
            ...actionParams,
        };
        const signature = signV1({ method, host, path: LEGACY_PATH, params, secretKey });
        const encoded = formEncode({ ...params, Signature: signature });
        const url = new URL(LEGACY_PATH, base.origin);
        const timeout = timeoutMs !== undefined ? { timeoutMs } : {};
        const request: HttpRequest =
            method === "GET"
                ? { method, url: new URL(`${url.toString()}?${encoded}`), headers: { Host: host }, ...timeout }
                : {
                      method,
                      url,
                      headers: { Host: host, "Content-Type": "application/x-www-form-urlencoded" },
                      body: encoded,
                      ...timeout,
                  };
        const secrets = [secretKey, token, context.password, signature];
        const ctx = { ...(context.instanceId ? { instanceId: context.instanceId } : {}), secrets };
        const body = asRecord(await runner.transport.send(request, { action, ...ctx }));
        if (typeof body.Response === "object" && body.Response !== null && "Error" in body.Response) {
            throw cvmErrorFromApi3(body, action, ctx); // the transitional new-style envelope of the legacy domain
        }
        if (body.code === undefined) {
            const where = context.instanceId ? { instanceId: context.instanceId } : {};
            const detail = "the answer has no code";
            throw new CvmTransportError({ code: "BAD_RESPONSE", ambiguous: true, action, ...where, detail });
        }
        if (body.code !== 0 && body.code !== "0") throw cvmErrorFromLegacy(body, action, ctx);
        return body;
    }

    return {
        dialect: "legacy",
        resetAction: "ResetInstances",
        capabilities: {
            latestOperation: false,
            intentTags: false,
            dryRun: false,
            passwordReset: false,
            commands: false,
        },
        traceReset: legacyTraceReset,
        locateReset: legacyLocateReset,
        submitReset(request, options) {
            return acceptReset(() => this.resetInstance(request, options), runner.clock);
        },

        async describeInstances(instanceIds, options = {}) {
            const ids = [...new Set(instanceIds)];
            const views = new Map<string, InstanceView>();
            for (let i = 0; i < ids.length; i += LEGACY_DESCRIBE_CHUNK) {
                const chunk = ids.slice(i, i + LEGACY_DESCRIBE_CHUNK);
                const single = chunk.length === 1 ? { instanceId: chunk[0]! } : {};
                const body = await runner.run(
                    "DescribeInstances",
                    chunk,
                    READ_POLICY,
                    (_, timeoutMs) => attempt("DescribeInstances", legacyDescribeParams(chunk), single, timeoutMs),
                    options,
                );
                const items = Array.isArray(body.instanceSet) ? body.instanceSet : [];
                for (const item of items) addLegacyInstance(views, item);
            }
            return views;
        },

        async resetInstance(request: ResetRequest, options = {}): Promise<ResetAccepted> {
            const params = legacyResetParams(request);
            const context = callContextOf(request);
            const body = await runner.run(
                "ResetInstances",
                [request.instanceId],
                RESET_POLICY,
                () => attempt("ResetInstances", params, context),
                options,
            );
            const requestId = body.requestId;
            if ((typeof requestId !== "number" && typeof requestId !== "string") || requestId === "") {
                throw new CvmTransportError({
                    code: "BAD_RESPONSE",
                    ambiguous: true,
                    action: "ResetInstances",
                    instanceId: request.instanceId,
                    detail: "the success answer carries no requestId (task id)",
                });
            }
            return { requestId: String(requestId) };
        },

        async describeTask(taskId, options = {}) {
            try {
                const body = await runner.run(
                    "DescribleTaskResult",
                    [],
                    READ_POLICY,
                    (_, timeoutMs) => attempt("DescribleTaskResult", { taskId }, {}, timeoutMs),
                    options,
                );
                return legacyTaskStatus(body);
            } catch {
                return "unknown";
            }
        },
    };
}

/** `application/x-www-form-urlencoded` with `%20` for spaces; every value encoded once. */
function formEncode(params: Readonly<Record<string, ParamValue>>): string {
    return Object.entries(params)
        .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(String(value))}`)
        .join("&");
}

function asRecord(value: unknown): Record<string, unknown> {
    return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};
}
