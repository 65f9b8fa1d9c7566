/**
 * The one entry point the provider uses: a {@link CvmClient} for the target's dialect.
 */
import type { ClientDeps } from "./callRunner";
import { createApi3Client } from "./api3Client";
import { createLegacyClient } from "./legacyClient";
import type { ClientTarget, CvmClient, Dialect } from "./types";

/** The real API's base URLs, used when neither the resource nor `CVM_REINSTALL_ENDPOINT` names one. */
export const DEFAULT_ENDPOINTS: Readonly<Record<Dialect, string>> = {
    legacy: "https://cvm.api.qcloud.com",
    "2017-03-12": "https://cvm.tencentcloudapi.com",
};

/**
 * Builds a client. `deps` are all optional: `clock`, `random` (jitter), `limiters` (defaults to the
 * host-process-wide registry, so every resource shares the quotas), `onEvent`, `timeoutMs` (30 s).
 * Throws a `CvmTransportError` (`INSECURE_ENDPOINT`, `INVALID_ENDPOINT`) for an unusable endpoint.
 */
export function createClient(target: ClientTarget, deps: ClientDeps = {}): CvmClient {
    switch (target.dialect) {
        case "legacy":
            return createLegacyClient(target, deps);
        case "2017-03-12":
            return createApi3Client(target, deps);
        default:
            throw new TypeError(`unknown CVM API dialect "${String((target as { dialect: unknown }).dialect)}"`);
    }
}
