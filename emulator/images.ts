// The image catalogue. Real image ids are `img-` + 8 lowercase alphanumerics, and so are ours.

export interface ImageSeed {
  imageId: string;
  osName: string;
  platform: "linux" | "windows";
  /** 1 private, 2 public (default), 3 marketplace, 4 shared. */
  imageType?: 1 | 2 | 3 | 4;
}

export const IMAGE_ID_PATTERN = /^img-[a-z0-9]{8}$/;

export const DEFAULT_IMAGES: readonly Readonly<ImageSeed>[] = Object.freeze([
  { imageId: "img-centos79", osName: "CentOS 7.9 64位", platform: "linux", imageType: 2 },
  { imageId: "img-ubun2204", osName: "Ubuntu Server 22.04 LTS 64位", platform: "linux", imageType: 2 },
  { imageId: "img-debian12", osName: "Debian Server 12.0 64位", platform: "linux", imageType: 2 },
  { imageId: "img-win2022d", osName: "Windows Server 2022 数据中心版 64位中文版", platform: "windows", imageType: 2 },
  { imageId: "img-private1", osName: "CentOS 7.9 64位 (custom)", platform: "linux", imageType: 1 },
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
  platform: "linux" | "windows";
  imageType: 1 | 2 | 3 | 4;
}

export function validateImageSeed(seed: ImageSeed): Image {
  if (!seed || typeof seed.imageId !== "string" || !IMAGE_ID_PATTERN.test(seed.imageId)) {
    throw new Error(`image seed: imageId must match img-xxxxxxxx (8 lowercase alphanumerics), got ${JSON.stringify(seed?.imageId)}`);
  }
  if (typeof seed.osName !== "string" || seed.osName === "") throw new Error(`image seed ${seed.imageId}: osName is required`);
  if (seed.platform !== "linux" && seed.platform !== "windows") {
    throw new Error(`image seed ${seed.imageId}: platform must be "linux" or "windows"`);
  }
  const imageType = seed.imageType ?? 2;
  if (![1, 2, 3, 4].includes(imageType)) throw new Error(`image seed ${seed.imageId}: imageType must be 1..4`);
  return { imageId: seed.imageId, osName: seed.osName, platform: seed.platform, imageType };
}
