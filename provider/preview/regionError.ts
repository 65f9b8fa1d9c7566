import { PreviewCheckError } from "./previewCheckError";
import { apiErrorCode } from "./apiErrorCode";

/**
 * `UnsupportedRegion` means the API does not serve the region the request named: a well-formed
 * name that is no CVM region (a typo such as `ap-guangzou`). Names the setting it came from so the
 * user knows what to fix. Undefined for any other error.
 */
export function unsupportedRegionError(
    error: unknown,
    region: string,
    source: string,
    instanceId?: string,
): PreviewCheckError | undefined {
    if (apiErrorCode(error) !== "UnsupportedRegion") return undefined;
    const property = source === "the input `region`" ? "region" : source;
    return new PreviewCheckError(
        "UNSUPPORTED_REGION",
        property,
        `region ${region} (from ${source}) is not a region the CVM API serves (UnsupportedRegion); ` +
            "check its spelling against https://www.tencentcloud.com/document/product/213/6091.",
        instanceId,
    );
}
