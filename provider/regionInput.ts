import { REGION_TABLE, toLongRegion } from "./cvm/regions";

/**
 * A long region name as Tencent spells them (`ap-guangzhou`, `na-ashburn`, `ap-shanghai-fsi`): a
 * 2-letter area, then lower-case words joined by `-`. Unknown but well-formed names pass: Tencent adds
 * regions, and the API answers `UnsupportedRegion` for a name it does not serve.
 */
const LONG_REGION = /^[a-z]{2}(-[a-z0-9]+)+$/;

/** Why `value` cannot be a region, or undefined. */
export function regionViolation(value: string): string | undefined {
    const v = value.trim();
    if (Object.prototype.hasOwnProperty.call(REGION_TABLE, v) || LONG_REGION.test(v)) return undefined;
    return `must be a CVM region name such as ap-guangzhou, ap-tokyo or na-ashburn (or a legacy short code: ${Object.keys(REGION_TABLE).join(", ")})`;
}

/** The one spelling recorded and compared: trimmed, legacy short codes mapped to the long name. */
export function canonicalRegionName(value: string): string {
    return toLongRegion(value.trim());
}
