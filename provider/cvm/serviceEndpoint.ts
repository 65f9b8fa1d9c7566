/**
 * API 3.0 products live on their own hosts (`cvm.`, `tag.`, `tat.` + `tencentcloudapi.com`, with
 * optional region or `intl` parts in between: https://cloud.tencent.cn/document/product/1278/46710).
 * A Tencent CVM host gives the product's host by its first label; any other base URL (the emulator,
 * a private endpoint) serves every product itself, so it is used as it is.
 */
export type Api3Service = "cvm" | "tag" | "tat";

const TENCENT_CVM_HOST = /^cvm\.((?:[a-z0-9-]+\.)*tencentcloudapi\.com)$/i;

export function serviceBaseUrl(cvmBase: URL, service: Api3Service): URL {
    const match = TENCENT_CVM_HOST.exec(cvmBase.hostname);
    if (service === "cvm" || !match) return cvmBase;
    const url = new URL(cvmBase.origin);
    url.hostname = `${service}.${match[1]}`;
    return url;
}
