// Legacy short codes <-> API 3.0 long names (reference §1.4). The row-by-row join for
// cd/de/kr/ca/usw is UNCONFIRMED as an official table; we use the city join from the reference.
// Zone ids are illustrative (legacy zoneId = region number * 10000 + zone index).

export interface Region {
  short: string;
  long: string;
  zoneBase: number;
}

export const REGIONS: readonly Region[] = [
  { short: "bj", long: "ap-beijing", zoneBase: 80 },
  { short: "gz", long: "ap-guangzhou", zoneBase: 10 },
  { short: "sh", long: "ap-shanghai", zoneBase: 20 },
  { short: "hk", long: "ap-hongkong", zoneBase: 30 },
  { short: "ca", long: "na-toronto", zoneBase: 40 },
  { short: "sg", long: "ap-singapore", zoneBase: 90 },
  { short: "usw", long: "na-siliconvalley", zoneBase: 150 },
  { short: "cd", long: "ap-chengdu", zoneBase: 160 },
  { short: "de", long: "eu-frankfurt", zoneBase: 170 },
  { short: "kr", long: "ap-seoul", zoneBase: 180 },
  { short: "shjr", long: "ap-shanghai-fsi", zoneBase: 70 },
  { short: "szjr", long: "ap-shenzhen-fsi", zoneBase: 110 },
  { short: "gzopen", long: "ap-guangzhou-open", zoneBase: 120 },
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
