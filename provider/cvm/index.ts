/**
 * The CVM API client: signing, transport (the only code that knows got), both dialects behind
 * {@link CvmClient}, errors, retry policy, rate limits and the clock.
 */
export type * from "./types";
export type { Clock } from "./clock";
export { systemClock } from "./clock";
export type { ClientDeps, CvmClientEvent } from "./callRunner";
export { createClient, DEFAULT_ENDPOINTS } from "./createClient";
export type { LegacyClient } from "./legacyClient";
export { createLegacyClient } from "./legacyClient";
export { createApi3Client } from "./api3Client";
export type { CvmError, CvmErrorKind, ErrorRule } from "./errors";
export {
    CvmApiError,
    CvmTransportError,
    cvmErrorFromApi3,
    cvmErrorFromLegacy,
    ERROR_NAMES,
    ERROR_TABLE,
    isCvmApiError,
    isCvmError,
    isCvmTransportError,
} from "./errors";
export type { LimiterKey, LimiterRegistry, LimitTable, Permit, RateLimit, RateLimiter } from "./rateLimiter";
export { acquireAll, createLimiterRegistry, createRateLimiter, DEFAULT_LIMITS, limiterRegistry } from "./rateLimiter";
export type { RetryEvent, RetryOptions, RetryPolicy, RetryRule } from "./retryPolicy";
export { READ_POLICY, RESET_POLICY, retryDelay, shouldRetry, withRetries } from "./retryPolicy";
export { isKnownRegion, REGION_TABLE, toLongRegion, toShortRegion } from "./regions";
export { canonicalQueryV1, signV1, stringToSignV1 } from "./signatureV1";
export { signTc3, tc3Date } from "./signatureTc3";
export { isLoopbackHost, parseEndpoint } from "./transport";
