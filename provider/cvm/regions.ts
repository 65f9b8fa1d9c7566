/**
 * Legacy short region codes ↔ API 3.0 long region names (reference `tencent-cvm-api.md` §1.4).
 *
 * Short codes from the legacy CVM "公共参数" page, long names from the newer legacy page; the rows are
 * joined by city. The cd/de/kr/ca/usw rows are an inference (no single Tencent page prints both
 * columns), which is why unknown names pass through unchanged instead of being rejected: Tencent
 * adds regions, and API 3.0 will answer `UnsupportedRegion` itself.
 *
 * Rule: API 3.0 always sends the long name; the legacy dialect sends the region as the user gave it
 * (the official legacy examples sign both `Region=gz` and `Region=ap-guangzhou`).
 */

/** short code → long name, in the order of the legacy page. */
export const REGION_TABLE: Readonly<Record<string, string>> = {
    bj: "ap-beijing",
    gz: "ap-guangzhou",
    sh: "ap-shanghai",
    hk: "ap-hongkong",
    ca: "na-toronto",
    sg: "ap-singapore",
    usw: "na-siliconvalley",
    cd: "ap-chengdu",
    de: "eu-frankfurt",
    kr: "ap-seoul",
    shjr: "ap-shanghai-fsi",
    szjr: "ap-shenzhen-fsi",
    gzopen: "ap-guangzhou-open",
};

const LONG_TO_SHORT: ReadonlyMap<string, string> = new Map(Object.entries(REGION_TABLE).map(([s, l]) => [l, s]));

/** `gz` → `ap-guangzhou`; a long name, or a name not in the table, is returned as given (trimmed). */
export function toLongRegion(region: string): string {
    const trimmed = region.trim();
    return REGION_TABLE[trimmed] ?? trimmed;
}

/** `ap-guangzhou` → `gz`; returns `undefined` when the table has no short code for it. */
export function toShortRegion(region: string): string | undefined {
    const trimmed = region.trim();
    if (Object.prototype.hasOwnProperty.call(REGION_TABLE, trimmed)) return trimmed;
    return LONG_TO_SHORT.get(trimmed);
}

/** True for both forms of every region in the table (`gz` and `ap-guangzhou`). */
export function isKnownRegion(region: string): boolean {
    return toShortRegion(region) !== undefined;
}
