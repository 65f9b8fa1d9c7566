// Tencent's official Node SDKs pointed at the emulator, unchanged except for the endpoint:
// tencentcloud-sdk-nodejs-cvm (CVM), tencentcloud-sdk-nodejs (TAT and Tag: no per-service
// packages exist for them on npm) and qcloudapi-sdk (legacy v2).
import QcloudApi = require("qcloudapi-sdk");
import { cvm } from "tencentcloud-sdk-nodejs-cvm";
import { v20180813 as tag } from "tencentcloud-sdk-nodejs/tencentcloud/services/tag/v20180813";
import { v20201028 as tat } from "tencentcloud-sdk-nodejs/tencentcloud/services/tat/v20201028";
import { DEFAULT_CREDENTIALS, type Emulator } from "../../emulator";

export type SignMethod = "TC3-HMAC-SHA256" | "HmacSHA1" | "HmacSHA256";

export interface ClientChoice {
    signMethod?: SignMethod;
    reqMethod?: "POST" | "GET";
    language?: "zh-CN" | "en-US";
    region?: string;
}

function profile(emu: Emulator, choice: ClientChoice) {
    return {
        signMethod: choice.signMethod ?? "TC3-HMAC-SHA256",
        language: choice.language,
        // The only change to the SDK: its endpoint is the emulator's address.
        httpProfile: {
            endpoint: new URL(emu.url).host,
            protocol: "http://",
            reqMethod: choice.reqMethod ?? "POST",
            reqTimeout: 10,
        },
    };
}

const credential = { secretId: DEFAULT_CREDENTIALS.secretId, secretKey: DEFAULT_CREDENTIALS.secretKey };

export function cvmClient(emu: Emulator, choice: ClientChoice = {}): InstanceType<typeof cvm.v20170312.Client> {
    return new cvm.v20170312.Client({
        credential,
        region: choice.region ?? "ap-guangzhou",
        profile: profile(emu, choice),
    });
}

export function tatClient(emu: Emulator, choice: ClientChoice = {}): InstanceType<typeof tat.Client> {
    return new tat.Client({ credential, region: choice.region ?? "ap-guangzhou", profile: profile(emu, choice) });
}

/** The Tag API needs no region; the SDK then sends none. */
export function tagClient(emu: Emulator, choice: ClientChoice = {}): InstanceType<typeof tag.Client> {
    return new tag.Client({ credential, region: choice.region, profile: profile(emu, choice) });
}

/** qcloudapi-sdk, the legacy SDK: POST form (its default) or GET, HmacSHA1 (default) or HmacSHA256. */
export function legacyCall(
    emu: Emulator,
    data: Record<string, unknown>,
    opts: { method?: "GET" | "POST"; signatureMethod?: "sha1" | "sha256"; region?: string } = {},
): Promise<any> {
    const api = new QcloudApi({
        serviceType: "cvm",
        protocol: "http",
        host: new URL(emu.url).host,
        SecretId: DEFAULT_CREDENTIALS.secretId,
        SecretKey: DEFAULT_CREDENTIALS.secretKey,
        Region: opts.region ?? "gz",
        method: opts.method ?? "POST",
        signatureMethod: opts.signatureMethod ?? "sha1",
    });
    return new Promise((resolve, reject) =>
        api.request(data, (error, body) => (error ? reject(error) : resolve(body))),
    );
}

/** The SDK's exception for an API error: code, message and the request id it carries. */
export async function sdkError(call: Promise<unknown>): Promise<{ code: string; message: string; requestId: string }> {
    try {
        await call;
    } catch (err) {
        const e = err as { code?: string; message?: string; requestId?: string };
        return { code: e.code ?? "", message: e.message ?? "", requestId: e.requestId ?? "" };
    }
    throw new Error("the SDK call succeeded, an error was expected");
}
