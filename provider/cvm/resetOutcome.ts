/**
 * The neutral acceptor shared by both dialects: turns one reset submission into accepted, refused
 * or unknown. Only an answer that proves the server did nothing is "refused"; a lost reply, a
 * timeout, HTTP 5xx and `InternalError*` / `ServiceUnavailable` (the server failed somewhere, maybe
 * after applying the request) are "unknown" and are never resent by the client.
 */
import type { Clock } from "./clock";
import { isCvmApiError, isCvmTransportError } from "./errors";
import type { ResetAccepted, ResetOutcome } from "./types";

/**
 * True when `error` does not prove the server left the request unapplied: a transport failure after
 * something may have been sent, HTTP 5xx, or an API error of kind `internal` (`InternalError*`,
 * `InternalServerError`, `ServiceUnavailable`, legacy 6000/6200).
 */
function isUnknownOutcome(error: unknown): boolean {
    if (isCvmTransportError(error))
        return error.ambiguous || (error.httpStatus !== undefined && error.httpStatus >= 500);
    if (isCvmApiError(error)) return error.kind === "internal";
    return false;
}

/**
 * Runs `send` (which signs and sends, retrying only throttling and busy answers within the call's
 * deadline) and classifies the result. `signedAt` of an unknown outcome is taken when the failure is
 * seen: never earlier than the last attempt's signature, so a wait derived from it is never too short.
 */
export async function acceptReset(send: () => Promise<ResetAccepted>, clock: Clock): Promise<ResetOutcome> {
    try {
        const { requestId } = await send();
        return { outcome: "accepted", requestId };
    } catch (error) {
        if (isUnknownOutcome(error)) return { outcome: "unknown", error: error as Error, signedAt: clock.now() };
        if (isCvmApiError(error) || isCvmTransportError(error)) return { outcome: "refused", error };
        throw error;
    }
}
