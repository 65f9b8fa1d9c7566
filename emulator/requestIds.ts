// Request ids as the server prints them, in a format chosen through the admin API so that clients
// can be tested against the shapes seen in the wild: API 3.0 RequestId is a lower-case UUID by
// default (https://www.tencentcloud.com/document/api/213/15694), "uppercase" prints it upper-case,
// "numeric" a decimal string; the legacy task id (`requestId` of ResetInstances) is a JSON number
// by default and a string with "string" (the legacy docs type it both ways).
import { randomUUID } from "node:crypto";

export type Api3RequestIdFormat = "uuid" | "uppercase" | "numeric";
export type LegacyTaskIdFormat = "number" | "string";

export interface RequestIdFormats {
    api3: Api3RequestIdFormat;
    legacy: LegacyTaskIdFormat;
}

const API3_FORMATS: readonly Api3RequestIdFormat[] = ["uuid", "uppercase", "numeric"];
const LEGACY_FORMATS: readonly LegacyTaskIdFormat[] = ["number", "string"];

export class RequestIds {
    private formats: RequestIdFormats = { api3: "uuid", legacy: "number" };
    private counter = 5_000_000_000;

    get(): RequestIdFormats {
        return { ...this.formats };
    }

    set(change: Partial<RequestIdFormats>): void {
        if (change.api3 !== undefined && !API3_FORMATS.includes(change.api3)) {
            throw new Error(
                `request-ids: api3 must be one of ${API3_FORMATS.join(", ")}, got ${JSON.stringify(change.api3)}`,
            );
        }
        if (change.legacy !== undefined && !LEGACY_FORMATS.includes(change.legacy)) {
            throw new Error(
                `request-ids: legacy must be one of ${LEGACY_FORMATS.join(", ")}, got ${JSON.stringify(change.legacy)}`,
            );
        }
        this.formats = { ...this.formats, ...change };
    }

    /** A fresh API 3.0 RequestId. */
    next(): string {
        switch (this.formats.api3) {
            case "uppercase":
                return randomUUID().toUpperCase();
            case "numeric":
                this.counter += 1;
                return String(this.counter);
            default:
                return randomUUID();
        }
    }

    /** The legacy `requestId` field for a task id. */
    legacyTaskId(taskId: number): number | string {
        return this.formats.legacy === "string" ? String(taskId) : taskId;
    }
}
