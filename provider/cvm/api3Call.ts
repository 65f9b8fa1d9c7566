/**
 * One signed API 3.0 attempt for any product: JSON POST to `<base>/`, TC3-HMAC-SHA256 over the exact
 * body bytes sent, with the product's name in the credential scope
 * (https://cloud.tencent.com/document/api/213/30654), signing `content-type`, `host` and
 * `x-tc-action`. Errors come back as HTTP 200 with `Response.Error`. Every attempt is signed afresh
 * (new `X-TC-Timestamp`).
 */
import type { CallContext, CallRunner } from "./callRunner";
import { cvmErrorFromApi3, CvmTransportError } from "./errors";
import { signTc3 } from "./signatureTc3";
import { hostHeaderOf } from "./transport";
import type { Credentials } from "./types";
import { asRecord } from "./wireValues";

const API3_CONTENT_TYPE = "application/json";

export interface Api3Product {
    /** Credential-scope service and host prefix: `cvm`, `tag`, `tat`. */
    service: string;
    version: string;
    base: URL;
}

/** `(action, payload, context, timeoutMs)` → the `Response` of a success; throws the API's error. */
export type Api3Attempt = (
    action: string,
    payload: Record<string, unknown>,
    context: CallContext,
    timeoutMs?: number,
) => Promise<Record<string, unknown>>;

export function createApi3Attempt(
    product: Api3Product,
    runner: CallRunner,
    credentials: Credentials,
    region: string,
): Api3Attempt {
    const { secretId, secretKey, token } = credentials;
    const host = hostHeaderOf(product.base);
    const url = new URL("/", product.base.origin);
    return async (action, payload, context, timeoutMs) => {
        const timestamp = Math.floor(runner.clock.now() / 1000);
        const body = JSON.stringify(payload);
        const headers: Record<string, string> = {
            "Content-Type": API3_CONTENT_TYPE,
            Host: host,
            "X-TC-Action": action,
            "X-TC-Timestamp": String(timestamp),
            "X-TC-Version": product.version,
            "X-TC-Region": region,
            ...(token ? { "X-TC-Token": token } : {}),
        };
        const signed = signTc3({
            method: "POST",
            headers,
            payload: body,
            timestamp,
            service: product.service,
            secretId,
            secretKey,
        });
        headers.Authorization = signed.authorization;
        const secrets = [secretKey, token, context.password, signed.signature];
        const where = context.instanceId ? { instanceId: context.instanceId } : {};
        const ctx = { ...where, secrets };
        const request = {
            method: "POST" as const,
            url,
            headers,
            body,
            ...(timeoutMs !== undefined ? { timeoutMs } : {}),
        };
        const answer = asRecord(await runner.transport.send(request, { action, ...ctx }));
        const response = answer.Response;
        if (typeof response !== "object" || response === null) {
            throw new CvmTransportError({
                code: "BAD_RESPONSE",
                ambiguous: true,
                action,
                ...where,
                detail: "the answer has no Response object",
            });
        }
        if ("Error" in response) throw cvmErrorFromApi3(answer, action, ctx);
        return response as Record<string, unknown>;
    };
}
