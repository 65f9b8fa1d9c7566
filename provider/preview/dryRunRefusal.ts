import { isCvmApiError, isCvmTransportError } from "../cvm/errors";
import { apiErrorCode } from "./apiErrorCode";

/**
 * Which input a refusal of `InquiryPriceResetInstance` is about, by the error codes Tencent lists
 * for it (https://www.tencentcloud.com/document/api/213/33252). Most specific prefix first.
 */
const PROPERTY_BY_CODE: readonly [prefix: string, property: string][] = [
    ["InvalidParameterValue.InvalidPassword", "password"],
    ["InvalidParameterValue.InvalidUserDataFormat", "userData"],
    ["InvalidParameterValue.KeyPairNotFound", "keyIds"],
    ["InvalidKeyPairId", "keyIds"],
    ["InvalidParameterValue.InstanceIdMalformed", "instanceId"],
    ["InvalidParameterValue.InvalidImage", "imageId"],
    ["InvalidImageId", "imageId"],
    ["UnsupportedOperation.InvalidImageLicenseTypeForReset", "imageId"],
    ["UnsupportedOperation.RawLocalDiskInsReinstalltoQcow2", "imageId"],
    ["UnsupportedOperation.ModifyEncryptionNotSupported", "imageId"],
    ["InvalidInstanceId", "instanceId"],
    ["InvalidInstance.NotSupported", "instanceId"],
    ["ResourceInsufficient.CloudDisk", "rootSize"],
    ["MissingParameter.MonitorService", "needMonitorAgent"],
    ["UnsupportedRegion", "region"],
    ["AuthFailure", "tencentcloud:secretId/secretKey"],
];

/**
 * Errors that say nothing about the declaration (the price service failed, throttling, an outage):
 * the dry run is unavailable, not refused. Older Tencent pages limit the action to some regions,
 * so an `UnsupportedOperation` of its own is treated the same way.
 */
const UNAVAILABLE = [
    "FailedOperation.InquiryPriceFailed",
    "InternalError",
    "InternalServerError",
    "RequestLimitExceeded",
    "ServiceUnavailable",
    "UnsupportedOperation",
];

export type DryRunVerdict =
    | { state: "accepted" }
    | { state: "refused"; property: string; code: string; reason: string }
    | { state: "unavailable"; reason: string };

/** Classifies what the dry run threw. Exact codes from the table win over the "unavailable" prefixes. */
export function dryRunVerdict(error: unknown): DryRunVerdict {
    const code = apiErrorCode(error);
    if (code !== undefined) {
        const row = PROPERTY_BY_CODE.find(([prefix]) => code.startsWith(prefix));
        if (row) return { state: "refused", property: row[1], code, reason: serverReason(error) };
        if (UNAVAILABLE.some((p) => code.startsWith(p))) return { state: "unavailable", reason: `${code}` };
        if (
            code.startsWith("InvalidParameter") ||
            code.startsWith("MissingParameter") ||
            code.startsWith("UnauthorizedOperation")
        ) {
            return { state: "refused", property: "the declaration", code, reason: serverReason(error) };
        }
        return { state: "unavailable", reason: code };
    }
    if (isCvmTransportError(error)) return { state: "unavailable", reason: `${error.name} ${String(error.code)}` };
    return { state: "unavailable", reason: error instanceof Error ? error.name : "unknown error" };
}

function serverReason(error: unknown): string {
    if (!isCvmApiError(error)) return String(error);
    const said = (error.apiMessage || "").replace(/[.。!！\s]+$/u, "");
    return `${apiErrorCode(error)}${said ? `: ${said}` : ""}${error.requestId ? ` (RequestId ${error.requestId})` : ""}`;
}
