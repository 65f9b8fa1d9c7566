// The legacy dialect at /v2/index.php (the seed's API 2.0, switched off by Tencent in 2023:
// https://cloud.tencent.com/document/product/1278/82311): GET reads only the query, POST only the
// form body; signature v1 over the Host header exactly as received; HTTP 200 {code, message, codeDesc}.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Cloud } from "./cloud";
import { formToRecord, header, queryString, sendJson } from "./httpIo";
import { legacyAction, legacyInstanceIds } from "./legacyActions";
import { LegacyError, legacyCodeFor } from "./legacyErrors";
import { runApiCall } from "./pipeline";
import { type V1Failure, verifyV1 } from "./v1Auth";

export const LEGACY_PATH = "/v2/index.php";

const V1_FAILURE_CODE: Record<V1Failure, string> = {
    missing: "InvalidParameter",
    malformed: "InvalidParameter",
    unknownSecretId: "AuthFailure.SecretIdNotFound",
    skew: "AuthFailure.SignatureExpire",
    signature: "AuthFailure.SignatureFailure",
    token: "AuthFailure.TokenFailure",
    replay: "AuthFailure.ReplayAttack",
};

export function legacyErrorBody(codeDesc: string, message: string): Record<string, unknown> {
    return { code: legacyCodeFor(codeDesc), message, codeDesc };
}

export async function handleLegacy(
    cloud: Cloud,
    req: IncomingMessage,
    res: ServerResponse,
    body: Buffer,
): Promise<void> {
    const method = (req.method ?? "GET").toUpperCase();
    const contentType = (header(req, "content-type") ?? "").toLowerCase();
    const raw =
        method === "GET"
            ? formToRecord(queryString(req))
            : contentType === "" || contentType.startsWith("application/x-www-form-urlencoded")
              ? formToRecord(body.toString("utf8"))
              : {};
    // PHP turns "." into "_" in incoming names and the server converts back, so
    // `instanceIds_0` and `instanceIds.0` mean the same parameter.
    const p: Record<string, string> = {};
    for (const [k, v] of Object.entries(raw)) p[k.replace(/_/g, ".")] = v;

    const action = p.Action ?? "";
    const entry = cloud.log.open({
        dialect: "legacy",
        method,
        action,
        region: p.Region,
        instanceIds: legacyInstanceIds(p),
        params: raw,
    });
    const reply = (codeDesc: string, message: string) => {
        sendJson(res, 200, legacyErrorBody(codeDesc, message));
        entry.outcome = codeDesc;
    };

    if (method !== "GET" && method !== "POST") return reply("InvalidParameter", "only GET and POST are supported");
    const auth = verifyV1(cloud, method, header(req, "host") ?? "", LEGACY_PATH, raw);
    if (!auth.ok) return reply(V1_FAILURE_CODE[auth.failure], auth.message);

    await runApiCall(cloud, {
        res,
        entry,
        action,
        instanceIds: entry.instanceIds,
        admit: () => cloud.limits.admitLegacy(auth.credential.secretId, action),
        errorFor: (kind, code) =>
            kind === "throttle"
                ? {
                      body: legacyErrorBody("RequestLimitExceeded", "请求超过限额配置，请稍后重试。"),
                      outcome: "RequestLimitExceeded",
                  }
                : kind === "serverError"
                  ? {
                        body: legacyErrorBody(code ?? "InternalError", "internal error, please retry"),
                        outcome: code ?? "InternalError",
                    }
                  : {
                        body: legacyErrorBody(
                            "OperationFail.SystemBusy",
                            "resource purchase system busy, please retry",
                        ),
                        outcome: "OperationFail.SystemBusy",
                    },
        handle: (gate) => {
            try {
                return { body: legacyAction(cloud, action, p, gate), outcome: "ok" };
            } catch (err) {
                if (err instanceof LegacyError)
                    return { body: legacyErrorBody(err.codeDesc, err.message), outcome: err.codeDesc };
                return { body: legacyErrorBody("InternalError", "internal error"), outcome: "InternalError" };
            }
        },
    });
}
