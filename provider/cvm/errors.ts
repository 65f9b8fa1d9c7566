/**
 * The CVM API's error model: {@link CvmApiError} for answers the API gave, {@link CvmTransportError}
 * for calls that got no usable answer. Both carry a literal `name`, a string `code` (the API's own
 * error code, e.g. `InvalidParameterValue.InvalidPassword`, or a transport code such as
 * `ECONNRESET`), a brand field checked by {@link isCvmError} (works across copies of this module),
 * and a message that says what happened and what to do.
 *
 * Secrets: no error holds request parameters, headers, URLs with queries or the original got error.
 * The server's own text (`apiMessage`) is scrubbed of every secret the client knows (password,
 * secret key, token, signature) before it is stored.
 *
 * Classification lives in one data table, {@link ERROR_TABLE}: a legacy numeric code, an exact
 * code name, or a `Family*` prefix → kind (+ the equivalent legacy common code). The most specific
 * row wins (exact name, then the longest prefix, then the numeric code), so row order does not matter.
 *
 * `busy` and `internal` are kept apart because they mean different things for a write: a busy
 * answer (`SystemBusy`, `ResourceBusy`) refuses the request before doing anything, while an internal
 * error (`InternalError*`, `InternalServerError`, `ServiceUnavailable`, legacy 6000/6200) may come
 * after the server applied it (https://www.tencentcloud.com/document/api/213/33281).
 */

export type CvmErrorKind =
    | "auth"
    | "permission"
    | "balance"
    | "instanceState"
    | "throttled"
    | "busy"
    | "internal"
    | "invalidParameter"
    | "notFound"
    | "failed"
    | "unsupported"
    | "unsupportedRegion"
    | "other";

/** The `name` of a {@link CvmApiError} of each kind. */
export const ERROR_NAMES: Readonly<Record<CvmErrorKind, string>> = {
    auth: "CvmAuthError",
    permission: "CvmPermissionError",
    balance: "CvmBalanceError",
    instanceState: "CvmInstanceStateError",
    throttled: "CvmThrottledError",
    busy: "CvmBusyError",
    internal: "CvmInternalError",
    invalidParameter: "CvmInvalidParameterError",
    notFound: "CvmNotFoundError",
    failed: "CvmOperationFailedError",
    unsupported: "CvmUnsupportedError",
    unsupportedRegion: "CvmUnsupportedRegionError",
    other: "CvmApiError",
};

/** What to do, per kind; appended to every message. */
const ADVICE: Readonly<Record<CvmErrorKind, string>> = {
    auth:
        "Tencent Cloud rejected the credentials: check tencentcloud:secretId / tencentcloud:secretKey " +
        "(or TENCENTCLOUD_SECRET_ID / TENCENTCLOUD_SECRET_KEY), tencentcloud:securityToken " +
        "(TENCENTCLOUD_SECURITY_TOKEN) for temporary credentials, and clock skew (this machine's clock must be " +
        "within a few minutes of real time).",
    permission:
        "The credentials are valid but not allowed to do this: grant this (sub-)account a CAM policy for the " +
        "CVM action on this instance.",
    balance: "The account's balance is insufficient: top up the account, then run again.",
    instanceState:
        "The instance must be running or stopped with no operation in progress: wait for it to settle, then run again.",
    throttled:
        "Tencent Cloud's rate limit was hit and retries did not get through: lower the parallelism " +
        "(pulumi up --parallel) or run again later.",
    busy: "Tencent Cloud reported a busy system and retries did not get through: run again later.",
    internal:
        "Tencent Cloud reported an internal error; a request that changes something may or may not have been " +
        "applied: read the instance before trying again.",
    invalidParameter:
        "The API rejected a request parameter: check the resource's inputs (instanceId, imageId/imageType, " +
        "password rules, rootSize).",
    notFound: "The instance does not exist in this region and account: check instanceId and region.",
    failed: "Tencent Cloud could not complete the operation: check the instance in the console, then run again.",
    unsupported: "The endpoint does not support this action: check the endpoint, region and API dialect.",
    unsupportedRegion:
        "The API does not serve this region: check the resource input `region`, else the stack config " +
        "tencentcloud:region (or TENCENTCLOUD_REGION), e.g. ap-guangzhou.",
    other: "Unexpected answer from Tencent Cloud: quote the code and RequestId to support.",
};

/** One classification row. String patterns ending in `*` match a prefix. */
interface ErrorRule {
    match: number | string;
    kind: CvmErrorKind;
    /** For API 3.0 names: the equivalent legacy common code. Ignored for numeric rows. */
    legacyCode?: number;
}

/**
 * The classification table. Sources: the legacy common codes and ResetInstances' module codes (the
 * legacy CVM API pages, https://cloud.tencent.com/document/api/213/831), the API 3.0 common list
 * (https://www.tencentcloud.com/document/product/213/33281), ResetInstance's list (tencentcloud-sdk-go
 * `cvm/v20170312/client.go`) and the 2017-03-12 codes the legacy domain answered with.
 * `InvalidImageId.*` stays a parameter error: for the caller a missing image is a wrong input, while
 * `notFound` means the instance itself is gone.
 */
const ERROR_TABLE: readonly ErrorRule[] = [
    // auth
    { match: 4100, kind: "auth" },
    { match: 4104, kind: "auth" },
    { match: 4105, kind: "auth" },
    { match: 4106, kind: "auth" },
    { match: 4200, kind: "auth" },
    { match: 4500, kind: "auth" },
    { match: "AuthFailure*", kind: "auth", legacyCode: 4100 },
    { match: "AuthFailure.SecretIdNotFound", kind: "auth", legacyCode: 4104 },
    { match: "AuthFailure.InvalidSecretId", kind: "auth", legacyCode: 4104 },
    { match: "AuthFailure.TokenFailure", kind: "auth", legacyCode: 4105 },
    { match: "AuthFailure.SignatureExpire", kind: "auth", legacyCode: 4200 },
    { match: "UnauthorizedOperation.InvalidToken", kind: "auth", legacyCode: 4105 },
    { match: "InvalidParameter.SignatureFailure", kind: "auth", legacyCode: 4100 },
    { match: "InvalidParameter.SecretIdNotFound", kind: "auth", legacyCode: 4104 },
    { match: "InvalidRequest.TokenCheckFailed", kind: "auth", legacyCode: 4105 },
    { match: "InvalidRequest.MFACheckFailed", kind: "auth", legacyCode: 4106 },
    { match: "InvalidRequest.ReplayAttack", kind: "auth", legacyCode: 4500 },
    { match: "MFACheckFailed", kind: "auth", legacyCode: 4106 },
    // permission
    { match: 4101, kind: "permission" },
    { match: 4102, kind: "permission" },
    { match: 4103, kind: "permission" },
    { match: 4110, kind: "permission" },
    { match: 4300, kind: "permission" },
    { match: 5500, kind: "permission" },
    { match: "UnauthorizedOperation*", kind: "permission", legacyCode: 4101 },
    { match: "AuthFailure.UnauthorizedOperation", kind: "permission", legacyCode: 4101 },
    { match: "InvalidRequest.Forbidden", kind: "permission", legacyCode: 4300 },
    { match: "PermissionDenied*", kind: "permission", legacyCode: 4110 },
    // balance
    { match: 5300, kind: "balance" },
    { match: "OperationConstraints.AccountBalanceNotEnough", kind: "balance", legacyCode: 5300 },
    { match: "InvalidAccount*", kind: "balance", legacyCode: 5300 },
    // instance state
    { match: "OperationConstraints.InvaildInstanceStatus", kind: "instanceState", legacyCode: 5100 },
    { match: "UnsupportedOperation.InstanceState*", kind: "instanceState", legacyCode: 5100 },
    { match: "OperationDenied.InstanceOperationInProgress", kind: "instanceState", legacyCode: 5100 },
    { match: "MutexOperation.TaskRunning", kind: "instanceState", legacyCode: 5100 },
    // throttled
    { match: 4400, kind: "throttled" },
    { match: "RequestLimitExceeded*", kind: "throttled", legacyCode: 4400 },
    { match: "InvalidRequest.LimitExceeded", kind: "throttled", legacyCode: 4400 },
    { match: "InvalidRequest.RequestConcurrencyExceeded", kind: "throttled", legacyCode: 4400 },
    // busy: refused before anything was done, safe to retry
    { match: "OperationFail.SystemBusy", kind: "busy", legacyCode: 5100 },
    { match: "ResourceBusy*", kind: "busy", legacyCode: 5100 },
    // internal: the server failed somewhere, perhaps after applying the request
    { match: 6000, kind: "internal" },
    { match: 6200, kind: "internal" },
    { match: "InternalError*", kind: "internal", legacyCode: 6000 },
    { match: "InnerError*", kind: "internal", legacyCode: 6000 },
    { match: "InternalServerError", kind: "internal", legacyCode: 6000 },
    { match: "ServiceUnavailable", kind: "internal", legacyCode: 6200 },
    // invalid parameter
    { match: 4000, kind: "invalidParameter" },
    { match: "InvalidParameter*", kind: "invalidParameter", legacyCode: 4000 },
    { match: "InvalidParameterValue*", kind: "invalidParameter", legacyCode: 4000 },
    { match: "MissingParameter*", kind: "invalidParameter", legacyCode: 4000 },
    { match: "UnknownParameter*", kind: "invalidParameter", legacyCode: 4000 },
    { match: "InvalidImageId*", kind: "invalidParameter", legacyCode: 4000 },
    { match: "InvalidInstanceId.Malformed", kind: "invalidParameter", legacyCode: 4000 },
    { match: "InvalidInstanceType*", kind: "invalidParameter", legacyCode: 4000 },
    // not found
    { match: 5000, kind: "notFound" },
    { match: "InvalidInstanceId.NotFound", kind: "notFound", legacyCode: 5000 },
    { match: "ResourceNotFound*", kind: "notFound", legacyCode: 5000 },
    // failed
    { match: 5100, kind: "failed" },
    { match: 5200, kind: "failed" },
    { match: 5400, kind: "failed" },
    { match: "OperationFail*", kind: "failed", legacyCode: 5100 },
    { match: "OperationFail.AllResourceOpFailed", kind: "failed", legacyCode: 5100 },
    { match: "FailedOperation*", kind: "failed", legacyCode: 5100 },
    { match: "ResourceInsufficient*", kind: "failed", legacyCode: 5200 },
    { match: "ResourcesSoldOut*", kind: "failed", legacyCode: 5200 },
    // unsupported
    { match: 4600, kind: "unsupported" },
    { match: 6100, kind: "unsupported" },
    { match: "UnsupportedOperation*", kind: "unsupported", legacyCode: 6100 },
    { match: "InvalidInstance.NotSupported", kind: "unsupported", legacyCode: 6100 },
    { match: "InvalidAction*", kind: "unsupported", legacyCode: 6100 },
    { match: "ActionOffline", kind: "unsupported", legacyCode: 6100 },
    { match: "NoSuchVersion", kind: "unsupported", legacyCode: 6100 },
    { match: "NoSuchProduct", kind: "unsupported", legacyCode: 6100 },
    { match: "UnsupportedRegion", kind: "unsupportedRegion", legacyCode: 6100 },
    { match: "InvalidRegion*", kind: "unsupportedRegion", legacyCode: 4000 },
    { match: "InvalidParameter.InvalidRegion", kind: "unsupportedRegion", legacyCode: 4000 },
    { match: "UnsupportedProtocol", kind: "unsupported", legacyCode: 4600 },
];

/** Legacy code for an API 3.0 name the table does not know. */
export const NO_LEGACY_CODE = -1;

/** Finds the most specific row: exact name, then longest prefix, then the numeric code. */
function classifyError(codeDesc: string | undefined, code: number | undefined): ErrorRule | undefined {
    if (codeDesc) {
        let best: ErrorRule | undefined;
        let bestLength = -1;
        for (const rule of ERROR_TABLE) {
            if (typeof rule.match !== "string") continue;
            if (rule.match === codeDesc) return rule;
            if (rule.match.endsWith("*")) {
                const prefix = rule.match.slice(0, -1);
                if (codeDesc.startsWith(prefix) && prefix.length > bestLength) {
                    best = rule;
                    bestLength = prefix.length;
                }
            }
        }
        if (best) return best;
    }
    if (code !== undefined) return ERROR_TABLE.find((rule) => rule.match === code);
    return undefined;
}

/**
 * True for kinds where a later attempt may succeed. Only `throttled` and `busy` also prove the
 * server did nothing; `internal` is transient but may have been applied, so a write never retries it.
 */
function isRetryableKind(kind: CvmErrorKind): boolean {
    return kind === "throttled" || kind === "busy" || kind === "internal";
}

/** Context the client adds to errors: which call, and what must never appear in them. */
export interface ErrorContext {
    action: string;
    instanceId?: string;
    /** Values to scrub from the server's text (password, secret key, token, signature). */
    secrets?: readonly (string | undefined)[];
}

interface CvmApiErrorInit {
    kind: CvmErrorKind;
    /** The API's error code: API 3.0 `Error.Code`, legacy `codeDesc` (or the number as a string). */
    code: string;
    /** Legacy numeric common code (for API 3.0: the equivalent one); default {@link NO_LEGACY_CODE}. */
    legacyCode?: number;
    apiMessage: string;
    requestId?: string;
    action: string;
    instanceId?: string;
}

/** An error answer from the CVM API (legacy `code != 0` or API 3.0 `Response.Error`). */
export class CvmApiError extends Error {
    /** Brand checked by {@link isCvmError}; survives a second copy of this module. */
    readonly __cvmError = true as const;
    override readonly name: string;
    readonly kind: CvmErrorKind;
    /** The API 3.0 `Error.Code`, or the legacy `codeDesc` (the legacy number as a string when it has none). */
    readonly code: string;
    /** Legacy numeric common code (for API 3.0: the equivalent one, or {@link NO_LEGACY_CODE}). */
    readonly legacyCode: number;
    readonly requestId?: string;
    readonly action: string;
    readonly instanceId?: string;
    readonly retryable: boolean;
    /** The server's text, scrubbed of secrets. Not stable: never parse it. */
    readonly apiMessage: string;

    constructor(init: CvmApiErrorInit) {
        const where = init.instanceId ? ` for ${init.instanceId}` : "";
        // The server's text often ends in its own full stop (also "。"); one is enough.
        const said = init.apiMessage ? `: ${init.apiMessage.replace(/[.。!！\s]+$/u, "")}` : "";
        const request = init.requestId ? ` (RequestId ${init.requestId})` : "";
        const legacyCode = init.legacyCode ?? NO_LEGACY_CODE;
        const number = legacyCode !== NO_LEGACY_CODE && String(legacyCode) !== init.code ? ` (${legacyCode})` : "";
        super(
            `${init.action}${where} failed with ${init.code || "an unnamed error"}${number}${said}${request}. ${ADVICE[init.kind]}`,
        );
        this.name = ERROR_NAMES[init.kind];
        this.kind = init.kind;
        this.code = init.code;
        this.legacyCode = legacyCode;
        if (init.requestId !== undefined) this.requestId = init.requestId;
        this.action = init.action;
        if (init.instanceId !== undefined) this.instanceId = init.instanceId;
        this.retryable = isRetryableKind(init.kind);
        this.apiMessage = init.apiMessage;
    }
}

/** Builds the error for a legacy body `{code, message, codeDesc?}` with `code != 0`. */
export function cvmErrorFromLegacy(
    body: unknown,
    action: string,
    context: Omit<ErrorContext, "action"> = {},
): CvmApiError {
    const record = asRecord(body);
    const number = typeof record.code === "number" ? record.code : Number(record.code);
    const legacyCode = Number.isFinite(number) ? number : undefined;
    const codeDesc = typeof record.codeDesc === "string" ? record.codeDesc : "";
    const rule = classifyError(codeDesc, legacyCode);
    const requestId =
        record.requestId === undefined || record.requestId === null ? undefined : String(record.requestId);
    return new CvmApiError({
        kind: rule?.kind ?? "other",
        code: codeDesc || (legacyCode !== undefined ? String(legacyCode) : ""),
        ...(legacyCode !== undefined ? { legacyCode } : {}),
        apiMessage: scrub(typeof record.message === "string" ? record.message : "", context.secrets),
        ...(requestId !== undefined ? { requestId } : {}),
        action,
        ...(context.instanceId !== undefined ? { instanceId: context.instanceId } : {}),
    });
}

/** Builds the error for an API 3.0 body `{Response: {Error: {Code, Message}, RequestId}}`. */
export function cvmErrorFromApi3(
    body: unknown,
    action: string,
    context: Omit<ErrorContext, "action"> = {},
): CvmApiError {
    const response = asRecord(asRecord(body).Response);
    const error = asRecord(response.Error);
    const code = typeof error.Code === "string" ? error.Code : "";
    const rule = classifyError(code, undefined);
    const requestId = typeof response.RequestId === "string" ? response.RequestId : undefined;
    return new CvmApiError({
        kind: rule?.kind ?? "other",
        code,
        ...(rule?.legacyCode !== undefined ? { legacyCode: rule.legacyCode } : {}),
        apiMessage: scrub(typeof error.Message === "string" ? error.Message : "", context.secrets),
        ...(requestId !== undefined ? { requestId } : {}),
        action,
        ...(context.instanceId !== undefined ? { instanceId: context.instanceId } : {}),
    });
}

/**
 * A call that got no usable answer. `ambiguous` is true when the request may have reached the server
 * and been applied (reset, timeout, HTTP 5xx from a proxy, unreadable body); false only when nothing
 * was sent (connection refused, DNS failure, a refused endpoint). An ambiguous `ResetInstances` is
 * never resent blindly: read the instance first.
 */
export class CvmTransportError extends Error {
    readonly __cvmError = true as const;
    override readonly name = "CvmTransportError";
    /** `ECONNRESET`, `ETIMEDOUT`, `ECONNREFUSED`, `HTTP_502`, `BAD_RESPONSE`, `INSECURE_ENDPOINT`… */
    readonly code: string;
    readonly ambiguous: boolean;
    readonly action: string;
    readonly instanceId?: string;
    /** Set for `HTTP_<status>`. */
    readonly httpStatus?: number;

    constructor(init: {
        code: string;
        ambiguous: boolean;
        action: string;
        instanceId?: string;
        httpStatus?: number;
        detail?: string;
    }) {
        const where = init.instanceId ? ` for ${init.instanceId}` : "";
        const detail = init.detail ? ` (${init.detail})` : "";
        const advice = init.ambiguous
            ? "The request may have reached Tencent Cloud and been applied: read the instance before trying again; " +
              "it was not resent automatically if it changes anything."
            : "Nothing was sent: check the endpoint and the network, then run again.";
        super(`${init.action}${where}: no usable answer, ${init.code}${detail}. ${advice}`);
        this.code = init.code;
        this.ambiguous = init.ambiguous;
        this.action = init.action;
        if (init.instanceId !== undefined) this.instanceId = init.instanceId;
        if (init.httpStatus !== undefined) this.httpStatus = init.httpStatus;
    }
}

/** `code` of the {@link CvmTransportError} thrown when a call could not start before its deadline. */
export const DEADLINE_CODE = "DEADLINE_EXCEEDED";

/** Nothing was sent: the next attempt (or the rate limit's next free slot) would start past `deadlineAt`. */
export function deadlineError(action: string, instanceId?: string): CvmTransportError {
    return new CvmTransportError({
        code: DEADLINE_CODE,
        ambiguous: false,
        action,
        ...(instanceId !== undefined ? { instanceId } : {}),
        detail: "the call could not be sent before its deadline",
    });
}

export type CvmError = CvmApiError | CvmTransportError;

/** Brand check (no `instanceof`, no statics): true for both error classes, from any copy of this module. */
export function isCvmError(error: unknown): error is CvmError {
    return typeof error === "object" && error !== null && (error as { __cvmError?: unknown }).__cvmError === true;
}

export function isCvmApiError(error: unknown): error is CvmApiError {
    return isCvmError(error) && typeof (error as CvmApiError).kind === "string";
}

export function isCvmTransportError(error: unknown): error is CvmTransportError {
    return isCvmError(error) && error.name === "CvmTransportError";
}

/** Replaces every occurrence of each non-trivial secret with `***`. */
export function scrub(text: string, secrets: readonly (string | undefined)[] = []): string {
    let out = text;
    for (const secret of secrets) {
        if (!secret || secret.length < 4) continue;
        out = out.split(secret).join("***");
        const encoded = encodeURIComponent(secret);
        if (encoded !== secret) out = out.split(encoded).join("***");
    }
    return out;
}

function asRecord(value: unknown): Record<string, unknown> {
    return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};
}
