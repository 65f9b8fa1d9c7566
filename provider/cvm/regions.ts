/**
 * CVM regions: one table of the regions we know (long API 3.0 names, with the legacy short code
 * where the legacy CVM API documented one), a shape rule for the rest, and the canonical spelling.
 *
 * Long names: the regional API hosts Tencent lists on its "Request Structure" pages (e.g.
 * https://tencentcloud.com/document/api/1160/51323), plus ap-nanjing (https://cloud.tencent.com.cn/document/api/296/99505).
 * Short codes: the legacy CVM common-parameters page, joined to the long names by city; the
 * cd/de/kr/ca/usw rows are that join, not one Tencent table. A well-formed name that is not in the
 * table passes through unchanged (Tencent adds regions); the API answers `UnsupportedRegion` for
 * one that does not exist, which the client classifies as `CvmUnsupportedRegionError`.
 *
 * Rule: API 3.0 always sends the long name; the legacy dialect sends the region as it is given
 * (its signature examples sign both `Region=gz` and `Region=ap-guangzhou`).
 */

export interface RegionRow {
    long: string;
    /** Legacy short code, where documented. */
    short?: string;
}

export const REGIONS: readonly RegionRow[] = [
    { long: "ap-beijing", short: "bj" },
    { long: "ap-guangzhou", short: "gz" },
    { long: "ap-shanghai", short: "sh" },
    { long: "ap-hongkong", short: "hk" },
    { long: "na-toronto", short: "ca" },
    { long: "ap-singapore", short: "sg" },
    { long: "na-siliconvalley", short: "usw" },
    { long: "ap-chengdu", short: "cd" },
    { long: "eu-frankfurt", short: "de" },
    { long: "ap-seoul", short: "kr" },
    { long: "ap-shanghai-fsi", short: "shjr" },
    { long: "ap-shenzhen-fsi", short: "szjr" },
    { long: "ap-guangzhou-open", short: "gzopen" },
    { long: "ap-nanjing" },
    { long: "ap-chongqing" },
    { long: "ap-tokyo" },
    { long: "ap-bangkok" },
    { long: "ap-mumbai" },
    { long: "na-ashburn" },
];

/** A two-letter area, then lower-case words joined by `-`: `ap-guangzhou`, `ap-shanghai-fsi`, `na-ashburn`. */
const LONG_SHAPE = /^[a-z]{2}-[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

const BY_SHORT: ReadonlyMap<string, string> = new Map(REGIONS.filter((r) => r.short).map((r) => [r.short!, r.long]));

/**
 * Why `text` cannot be a region, as a phrase that completes "region …" (`undefined` when it can).
 * Pure; the value is trimmed first, as it is before it is sent.
 */
export function regionShapeViolation(text: string): string | undefined {
    const value = text.trim();
    if (BY_SHORT.has(value) || LONG_SHAPE.test(value)) return undefined;
    const shorts = [...BY_SHORT.keys()].join(", ");
    const lower = value.toLowerCase();
    const hint =
        BY_SHORT.has(lower) || LONG_SHAPE.test(lower)
            ? `; use lower case: ${lower}`
            : suggestion(lower) !== undefined
              ? `; did you mean ${suggestion(lower)}?`
              : "";
    return (
        `must be a region name such as ap-guangzhou (a two-letter area, "-", then the city: xx-yyyy) ` +
        `or a legacy short code (${shorts}), got "${value}"${hint}`
    );
}

/**
 * The one spelling of a region: trimmed, legacy short code → long name (`gz` → `ap-guangzhou`);
 * any other value is returned trimmed (check it with {@link regionShapeViolation} first).
 */
export function canonicalRegion(text: string): string {
    const value = text.trim();
    return BY_SHORT.get(value) ?? value;
}

/** A known region whose city is `text` (`guangzhou` → `ap-guangzhou`), for hints. */
function suggestion(text: string): string | undefined {
    const city = text.replace(/^[a-z]{2}[-_ ]/, "").replace(/[_ ]/g, "-");
    return REGIONS.find((r) => r.long.slice(3) === city)?.long;
}
