import { isCvmApiError } from "../cvm/errors";

/** The API's own error name (`InvalidImageId.NotFound`, `UnsupportedRegion`, legacy `codeDesc`), or undefined. */
export function apiErrorCode(error: unknown): string | undefined {
    if (!isCvmApiError(error)) return undefined;
    const e = error as unknown as { codeDesc?: unknown; code?: unknown };
    if (typeof e.codeDesc === "string" && e.codeDesc) return e.codeDesc;
    return typeof e.code === "string" ? e.code : undefined;
}
