// The API 3.0 dialect at "/" (https://www.tencentcloud.com/document/api/213/15692): POST
// application/json signed with TC3-HMAC-SHA256 (the main path), plus GET / form POST signed with v1
// (flattened params). One port serves the CVM, TAT and Tag services: a request goes to the service
// its TC3 credential scope names, else (v1, or an SDK pointed at an address) to the one whose
// version it sends. Errors are HTTP 200 {"Response":{"Error":{Code,Message},"RequestId"}}.
import type { IncomingMessage, ServerResponse } from "node:http";
import { api3InstanceIds } from "./api3Actions";
import type { Api3Service } from "./api3Context";
import { Api3Error } from "./api3Error";
import { type Json, ParamReader, unflatten } from "./api3Params";
import type { Cloud } from "./cloud";
import type { Credential } from "./credentials";
import { formToRecord, header, queryString, sendJson } from "./httpIo";
import { CVM_SERVICE, CVM_VERSION } from "./cvmService";
import { runApiCall } from "./pipeline";
import { type Region, regionFromLong } from "./regions";
import { type LoggedRequest, REDACTED, redactAuthorization } from "./requestLog";
import { TAG_SERVICE } from "./tag/tagActions";
import { TAT_SERVICE } from "./tat/tatActions";
import { verifyTc3 } from "./tc3Auth";
import { type V1Failure, verifyV1 } from "./v1Auth";

/** The CVM version (kept under this name for the dialect's log entries). */
export const API3_VERSION = CVM_VERSION;

export const API3_SERVICES: readonly Api3Service[] = [CVM_SERVICE, TAT_SERVICE, TAG_SERVICE];

/** The common parameters of v1-signed calls, which the official SDKs all send (RequestClient included). */
const V1_COMMON = [
    "Action",
    "Region",
    "Timestamp",
    "Nonce",
    "SecretId",
    "Signature",
    "SignatureMethod",
    "Token",
    "Version",
    "Language",
    "RequestClient",
];
const LANGUAGES = ["zh-CN", "en-US"];

const V1_FAILURE_CODE: Record<V1Failure, string> = {
    missing: "MissingParameter",
    malformed: "InvalidParameter",
    unknownSecretId: "AuthFailure.SecretIdNotFound",
    skew: "AuthFailure.SignatureExpire",
    signature: "AuthFailure.SignatureFailure",
    token: "AuthFailure.TokenFailure",
    replay: "AuthFailure.SignatureExpire", // reused Nonce; 3.0 has no dedicated code we could confirm
};

const LOGGED_HEADERS = [
    "host",
    "content-type",
    "x-tc-action",
    "x-tc-region",
    "x-tc-timestamp",
    "x-tc-version",
    "x-tc-language",
    "x-tc-requestclient",
];

export function api3ErrorBody(code: string, message: string, requestId: string): Json {
    return { Response: { Error: { Code: code, Message: message }, RequestId: requestId } };
}

interface Parsed {
    signing: "tc3" | "v1";
    action: string | undefined;
    region: string | undefined;
    version: string | undefined;
    language: string | undefined;
    params: Json | undefined; // undefined: the body is not usable (reported after authentication)
    parseProblem?: string;
    loose: boolean;
    v1Raw?: Record<string, string>;
}

function parse(req: IncomingMessage, body: Buffer): Parsed {
    const method = (req.method ?? "POST").toUpperCase();
    const contentType = (header(req, "content-type") ?? "").toLowerCase();
    if (header(req, "authorization") !== undefined) {
        const common = {
            signing: "tc3" as const,
            action: header(req, "x-tc-action"),
            region: header(req, "x-tc-region"),
            version: header(req, "x-tc-version"),
            language: header(req, "x-tc-language"),
        };
        if (method === "GET") return { ...common, params: unflatten(formToRecord(queryString(req))), loose: true };
        if (!contentType.startsWith("application/json")) {
            return {
                ...common,
                params: undefined,
                parseProblem: "TC3 POST requests must use Content-Type application/json",
                loose: false,
            };
        }
        try {
            const json: unknown = JSON.parse(body.toString("utf8") || "{}");
            if (json === null || typeof json !== "object" || Array.isArray(json)) throw new Error("not an object");
            return { ...common, params: json as Json, loose: false };
        } catch {
            return {
                ...common,
                params: undefined,
                parseProblem: "the request body is not a JSON object",
                loose: false,
            };
        }
    }
    const raw =
        method === "GET"
            ? formToRecord(queryString(req))
            : contentType.startsWith("application/x-www-form-urlencoded")
              ? formToRecord(body.toString("utf8"))
              : {};
    const actionParams: Record<string, string> = {};
    for (const [k, v] of Object.entries(raw)) if (!V1_COMMON.includes(k)) actionParams[k] = v;
    return {
        signing: "v1",
        action: raw.Action,
        region: raw.Region,
        version: raw.Version,
        language: raw.Language,
        params: unflatten(actionParams),
        loose: true,
        v1Raw: raw,
    };
}

function loggedHeaders(req: IncomingMessage): Record<string, string> {
    const out: Record<string, string> = {};
    for (const name of LOGGED_HEADERS) {
        const v = header(req, name);
        if (v !== undefined) out[name] = v;
    }
    const auth = header(req, "authorization");
    if (auth !== undefined) out.authorization = redactAuthorization(auth);
    if (header(req, "x-tc-token") !== undefined) out["x-tc-token"] = REDACTED;
    return out;
}

/** The service a version belongs to (tag and sts share 2018-08-13; only tag is served here). */
function serviceForVersion(version: string | undefined): Api3Service | undefined {
    return API3_SERVICES.find((s) => s.version === version);
}

function serviceNamed(name: string): Api3Service | undefined {
    return API3_SERVICES.find((s) => s.name === name);
}

export async function handleApi3(cloud: Cloud, req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<void> {
    const method = (req.method ?? "POST").toUpperCase();
    const requestId = cloud.requestIds.next();
    // The official SDKs read x-tc-traceid from the response; echoing the caller's is harmless.
    const traceId = header(req, "x-tc-traceid");
    if (traceId !== undefined && /^[A-Za-z0-9-]{1,128}$/.test(traceId)) res.setHeader("X-TC-TraceId", traceId);
    const parsed = parse(req, body);
    const action = parsed.action ?? "";
    const entry = cloud.log.open({
        dialect: (serviceForVersion(parsed.version)?.version ?? CVM_VERSION) as LoggedRequest["dialect"],
        method,
        action,
        region: parsed.region,
        instanceIds: parsed.params ? api3InstanceIds(parsed.params) : [],
        params: parsed.signing === "v1" ? (parsed.v1Raw ?? {}) : (parsed.params ?? {}),
        headers: parsed.signing === "tc3" ? loggedHeaders(req) : undefined,
    });
    const reply = (code: string, message: string) => {
        sendJson(res, 200, api3ErrorBody(code, message, requestId));
        entry.outcome = code;
    };

    if (method !== "GET" && method !== "POST") return reply("UnsupportedProtocol", "only GET and POST are supported");
    let credential: Credential;
    let service: Api3Service | undefined;
    if (parsed.signing === "tc3") {
        const auth = verifyTc3(cloud, req, body, (name) => serviceNamed(name) !== undefined);
        if (!auth.ok) return reply(auth.code, auth.message);
        credential = auth.credential;
        service = serviceNamed(auth.service);
    } else {
        const auth = verifyV1(cloud, method, header(req, "host") ?? "", "/", parsed.v1Raw ?? {});
        if (!auth.ok) return reply(V1_FAILURE_CODE[auth.failure], auth.message);
        credential = auth.credential;
    }
    if (parsed.params === undefined) return reply("InvalidParameter", parsed.parseProblem ?? "unreadable request");
    if (parsed.version === undefined || parsed.version === "")
        return reply("MissingParameter", "the Version (X-TC-Version) is required");
    // A scope that names a service fixes it; otherwise (v1, or the scope is the first label of an
    // address, as the official SDKs sign when their endpoint is overridden) the version decides.
    service ??= serviceForVersion(parsed.version);
    if (!service || service.version !== parsed.version) {
        return reply(
            "NoSuchVersion",
            `the version ${parsed.version} does not exist${service ? `, ${service.name} uses ${service.version}` : ""}`,
        );
    }
    if (parsed.language !== undefined && parsed.language !== "" && !LANGUAGES.includes(parsed.language)) {
        return reply("InvalidParameterValue", `Language must be one of ${LANGUAGES.join(", ")}`);
    }
    if (action === "") return reply("MissingParameter", "the Action (X-TC-Action) is required");
    const handler = Object.hasOwn(service.actions, action) ? service.actions[action] : undefined;
    if (!handler)
        return reply("InvalidAction", `the action ${action} does not exist in ${service.name} ${service.version}`);
    let region: Region | undefined;
    // Tag calls take no region ("passing it has no effect"); CVM and TAT refuse an unknown one.
    if (service.name !== "tag" && parsed.region !== undefined && parsed.region !== "") {
        region = regionFromLong(parsed.region);
        if (!region)
            return reply(
                "UnsupportedRegion",
                `the region ${parsed.region} is not supported (use a long name such as ap-guangzhou)`,
            );
    }
    const params = parsed.params;
    const reader = new ParamReader(parsed.loose);

    await runApiCall(cloud, {
        res,
        entry,
        action,
        instanceIds: entry.instanceIds,
        admit: () => cloud.limits.admitApi3(credential.secretId, action),
        errorFor: (kind, code) =>
            kind === "throttle"
                ? {
                      body: api3ErrorBody("RequestLimitExceeded", "the request rate exceeds the limit", requestId),
                      outcome: "RequestLimitExceeded",
                  }
                : kind === "serverError"
                  ? {
                        body: api3ErrorBody(code ?? "InternalError", "internal error, please retry", requestId),
                        outcome: code ?? "InternalError",
                    }
                  : {
                        body: api3ErrorBody("InternalError", "internal error, please retry", requestId),
                        outcome: "InternalError",
                    },
        handle: (gate) => {
            try {
                const fields = handler({ cloud, region, params, reader, requestId, gate });
                return { body: { Response: { ...fields, RequestId: requestId } }, outcome: "ok" };
            } catch (err) {
                if (err instanceof Api3Error)
                    return { body: api3ErrorBody(err.code, err.message, requestId), outcome: err.code };
                return { body: api3ErrorBody("InternalError", "internal error", requestId), outcome: "InternalError" };
            }
        },
    });
}
