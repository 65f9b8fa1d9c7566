// The image catalogue. Real image ids are `img-` + 8 lowercase alphanumerics, and so are ours.
// Besides what DescribeImages shows (OS, platform, architecture, licence, state, size), an image
// declares what its simulated guest does after a boot: how long booting takes, which TCP ports
// listen, which port serves HTTP, whether the TAT agent is installed.

export type Platform = "linux" | "windows";
export type Architecture = "x86_64" | "arm";
export type LicenseType = "TencentCloud" | "BYOL";
/** DescribeImages ImageState values (https://www.tencentcloud.com/document/api/213/15753#Image). */
export type ImageState = "NORMAL" | "CREATING" | "SYNCING" | "IMPORTING" | "CREATEFAILED" | "IMPORTFAILED";

export interface ImageSeed {
    imageId: string;
    osName: string;
    platform: Platform;
    /** 1 private, 2 public (default), 3 marketplace, 4 shared. */
    imageType?: 1 | 2 | 3 | 4;
    /** Default x86_64; an arm image cannot reinstall an x86_64 instance and vice versa. */
    architecture?: Architecture;
    /** Default TencentCloud; must match the instance's licence type. */
    licenseType?: LicenseType;
    /** Default NORMAL; ResetInstance refuses any other state. */
    state?: ImageState;
    /** GiB, default 20: a system disk smaller than this cannot take the image. */
    imageSize?: number;
    /** Simulated seconds from the end of a reinstall until the guest's ports listen; default 30. */
    bootSeconds?: number;
    /** TCP ports that accept connections once booted; default [22] (Linux) or [3389] (Windows). */
    tcpPorts?: number[];
    /** Port of an HTTP server once booted; default 80; null for none. */
    httpPort?: number | null;
    /** Status the HTTP server answers; default 200. */
    httpStatus?: number;
    /** false: the guest boots broken (nothing listens, the TAT agent stays offline); default true. */
    healthy?: boolean;
    /** Default true (public images after 2020-12-15 ship the TAT agent). */
    tatAgent?: boolean;
}

export const IMAGE_ID_PATTERN = /^img-[a-z0-9]{8}$/;

export const DEFAULT_IMAGES: readonly Readonly<ImageSeed>[] = Object.freeze([
    { imageId: "img-centos79", osName: "CentOS 7.9 64位", platform: "linux", imageType: 2 },
    { imageId: "img-ubun2204", osName: "Ubuntu Server 22.04 LTS 64位", platform: "linux", imageType: 2 },
    { imageId: "img-debian12", osName: "Debian Server 12.0 64位", platform: "linux", imageType: 2 },
    { imageId: "img-win2022d", osName: "Windows Server 2022 数据中心版 64位中文版", platform: "windows", imageType: 2 },
    { imageId: "img-private1", osName: "CentOS 7.9 64位 (custom)", platform: "linux", imageType: 1 },
    {
        imageId: "img-ubuarm64",
        osName: "Ubuntu Server 22.04 LTS 64位 (arm)",
        platform: "linux",
        imageType: 2,
        architecture: "arm",
    },
    {
        imageId: "img-byolwin1",
        osName: "Windows Server 2019 (BYOL)",
        platform: "windows",
        imageType: 1,
        licenseType: "BYOL",
    },
] as ImageSeed[]);

/** How legacy DescribeInstances labels the image type (its examples show "公有镜像"). */
export const LEGACY_IMAGE_TYPE_LABEL: Record<number, string> = {
    1: "私有镜像",
    2: "公有镜像",
    3: "服务市场",
    4: "共享镜像",
};

export interface Image {
    imageId: string;
    osName: string;
    platform: Platform;
    imageType: 1 | 2 | 3 | 4;
    architecture: Architecture;
    licenseType: LicenseType;
    state: ImageState;
    imageSize: number;
    bootSeconds: number;
    tcpPorts: number[];
    httpPort: number | null;
    httpStatus: number;
    healthy: boolean;
    tatAgent: boolean;
}

const IMAGE_STATES: readonly ImageState[] = [
    "NORMAL",
    "CREATING",
    "SYNCING",
    "IMPORTING",
    "CREATEFAILED",
    "IMPORTFAILED",
];

export function isPort(value: unknown): value is number {
    return typeof value === "number" && Number.isInteger(value) && value >= 1 && value <= 65535;
}

export function isHttpStatus(value: unknown): value is number {
    return typeof value === "number" && Number.isInteger(value) && value >= 100 && value <= 599;
}

export function validateImageSeed(seed: ImageSeed): Image {
    if (!seed || typeof seed.imageId !== "string" || !IMAGE_ID_PATTERN.test(seed.imageId)) {
        throw new Error(
            `image seed: imageId must match img-xxxxxxxx (8 lowercase alphanumerics), got ${JSON.stringify(seed?.imageId)}`,
        );
    }
    const id = seed.imageId;
    if (typeof seed.osName !== "string" || seed.osName === "") throw new Error(`image seed ${id}: osName is required`);
    if (seed.platform !== "linux" && seed.platform !== "windows") {
        throw new Error(`image seed ${id}: platform must be "linux" or "windows"`);
    }
    const imageType = seed.imageType ?? 2;
    if (![1, 2, 3, 4].includes(imageType)) throw new Error(`image seed ${id}: imageType must be 1..4`);
    const architecture = seed.architecture ?? "x86_64";
    if (architecture !== "x86_64" && architecture !== "arm")
        throw new Error(`image seed ${id}: architecture must be "x86_64" or "arm"`);
    const licenseType = seed.licenseType ?? "TencentCloud";
    if (licenseType !== "TencentCloud" && licenseType !== "BYOL")
        throw new Error(`image seed ${id}: licenseType must be "TencentCloud" or "BYOL"`);
    const state = seed.state ?? "NORMAL";
    if (!IMAGE_STATES.includes(state))
        throw new Error(`image seed ${id}: state must be one of ${IMAGE_STATES.join(", ")}`);
    const imageSize = seed.imageSize ?? 20;
    if (!Number.isInteger(imageSize) || imageSize <= 0)
        throw new Error(`image seed ${id}: imageSize must be a positive integer (GiB)`);
    const bootSeconds = seed.bootSeconds ?? 30;
    if (!Number.isFinite(bootSeconds) || bootSeconds < 0)
        throw new Error(`image seed ${id}: bootSeconds must be a number >= 0`);
    const tcpPorts = seed.tcpPorts ?? (seed.platform === "windows" ? [3389] : [22]);
    if (!Array.isArray(tcpPorts) || !tcpPorts.every(isPort))
        throw new Error(`image seed ${id}: tcpPorts must be an array of ports 1..65535`);
    const httpPort = seed.httpPort === undefined ? 80 : seed.httpPort;
    if (httpPort !== null && !isPort(httpPort))
        throw new Error(`image seed ${id}: httpPort must be a port 1..65535 or null`);
    const httpStatus = seed.httpStatus ?? 200;
    if (!isHttpStatus(httpStatus)) throw new Error(`image seed ${id}: httpStatus must be an HTTP status 100..599`);
    if (seed.healthy !== undefined && typeof seed.healthy !== "boolean")
        throw new Error(`image seed ${id}: healthy must be a boolean`);
    if (seed.tatAgent !== undefined && typeof seed.tatAgent !== "boolean")
        throw new Error(`image seed ${id}: tatAgent must be a boolean`);
    return {
        imageId: id,
        osName: seed.osName,
        platform: seed.platform,
        imageType,
        architecture,
        licenseType,
        state,
        imageSize,
        bootSeconds,
        tcpPorts: [...new Set(tcpPorts)],
        httpPort,
        httpStatus,
        healthy: seed.healthy ?? true,
        tatAgent: seed.tatAgent ?? true,
    };
}
