// Regions: API 3.0 long names (https://www.tencentcloud.com/document/api/213/15708 lists them) and,
// for the regions the legacy API knew, its short codes. The row-by-row join for cd/de/kr/ca/usw is
// not an official table; we join by city. `overseas` marks regions outside the Chinese mainland
// (InquiryPriceResetInstance cannot quote a Linux<->Windows switch there,
// https://www.tencentcloud.com/document/product/213/33252). Zone ids are illustrative
// (legacy zoneId = region number * 10000 + zone index).

export interface Region {
    /** The legacy short code; regions opened after API 2.0 have none (legacy then echoes `long`). */
    short: string;
    long: string;
    zoneBase: number;
    overseas: boolean;
}

export const REGIONS: readonly Region[] = [
    { short: "bj", long: "ap-beijing", zoneBase: 80, overseas: false },
    { short: "gz", long: "ap-guangzhou", zoneBase: 10, overseas: false },
    { short: "sh", long: "ap-shanghai", zoneBase: 20, overseas: false },
    { short: "hk", long: "ap-hongkong", zoneBase: 30, overseas: true },
    { short: "ca", long: "na-toronto", zoneBase: 40, overseas: true },
    { short: "sg", long: "ap-singapore", zoneBase: 90, overseas: true },
    { short: "usw", long: "na-siliconvalley", zoneBase: 150, overseas: true },
    { short: "cd", long: "ap-chengdu", zoneBase: 160, overseas: false },
    { short: "de", long: "eu-frankfurt", zoneBase: 170, overseas: true },
    { short: "kr", long: "ap-seoul", zoneBase: 180, overseas: true },
    { short: "shjr", long: "ap-shanghai-fsi", zoneBase: 70, overseas: false },
    { short: "szjr", long: "ap-shenzhen-fsi", zoneBase: 110, overseas: false },
    { short: "gzopen", long: "ap-guangzhou-open", zoneBase: 120, overseas: false },
    // Opened after API 2.0: API 3.0 names only (the short code repeats the long name).
    { short: "ap-nanjing", long: "ap-nanjing", zoneBase: 330, overseas: false },
    { short: "ap-chongqing", long: "ap-chongqing", zoneBase: 190, overseas: false },
    { short: "ap-beijing-fsi", long: "ap-beijing-fsi", zoneBase: 460, overseas: false },
    { short: "ap-tokyo", long: "ap-tokyo", zoneBase: 250, overseas: true },
    { short: "ap-bangkok", long: "ap-bangkok", zoneBase: 230, overseas: true },
    { short: "ap-mumbai", long: "ap-mumbai", zoneBase: 210, overseas: true },
    { short: "ap-jakarta", long: "ap-jakarta", zoneBase: 720, overseas: true },
    { short: "na-ashburn", long: "na-ashburn", zoneBase: 220, overseas: true },
    { short: "sa-saopaulo", long: "sa-saopaulo", zoneBase: 740, overseas: true },
];

export const DEFAULT_REGION = "ap-guangzhou";

/** Legacy accepts both forms. */
export function regionFromAny(code: string): Region | undefined {
    return REGIONS.find((r) => r.short === code || r.long === code);
}

/** API 3.0 (X-TC-Region) accepts long names only. */
export function regionFromLong(code: string): Region | undefined {
    return REGIONS.find((r) => r.long === code);
}
