import { isCvmApiError } from "../cvm/errors";

/** The API's own error name (`InvalidImageId.NotFound`, `UnsupportedRegion`, legacy `codeDesc`), or undefined. */
export function apiErrorCode(error: unknown): string | undefined {
    return isCvmApiError(error) && error.code ? error.code : undefined;
}
