// What every API 3.0 action handler gets, whatever its service (cvm, tat, tag).
import type { Json, ParamReader } from "./api3Params";
import type { Cloud } from "./cloud";
import type { ResetGate } from "./pipeline";
import type { Region } from "./regions";

export interface Api3Context {
    cloud: Cloud;
    /** Absent X-TC-Region: our choice is to look instances up in every region. */
    region: Region | undefined;
    params: Json;
    reader: ParamReader;
    requestId: string;
    gate: ResetGate;
}

/** Returns the action's output fields; the caller wraps them in {"Response": {..., RequestId}}. */
export type Api3Handler = (ctx: Api3Context) => Json;

export interface Api3Service {
    /** The credential-scope service name and the first label of the real host (`cvm.tencentcloudapi.com`). */
    name: "cvm" | "tat" | "tag";
    version: string;
    actions: Readonly<Record<string, Api3Handler>>;
}
