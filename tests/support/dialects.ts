/**
 * The two CVM API dialects a resource can select with its `api` input, and the per-dialect facts
 * the parameterised host, lifecycle and program suites need. A scenario is written once and run
 * `for (const d of DIALECTS)`; whatever differs between the dialects lives here.
 */
import type { FaultKind, FaultSpec, InstanceRecord, OperationRecord } from "../../emulator";
import {
    apiRequests,
    type LoggedRequestLike,
    PASSWORD,
    PASSWORD_20,
    PASSWORD_31,
    resetRequests,
} from "./cloudFixtures";

export type Api = "legacy" | "2017-03-12";
export type ResetAction = "ResetInstances" | "ResetInstance";

export interface DialectFacts {
    /** The value of the resource input `api` (and of the emulator's `dialect` in its request log). */
    readonly api: Api;
    /** The other dialect. */
    readonly other: Api;
    /** The reset action this dialect sends: legacy `ResetInstances`, API 3.0 `ResetInstance`. */
    readonly resetAction: ResetAction;
    /** A Linux password this dialect accepts (the 3.0 one is too long for legacy). */
    readonly validPassword: string;
    /** A Linux password this dialect's check rejects. */
    readonly invalidPassword: string;
    /** `[legacy] …` / `[2017-03-12] …`: every parameterised test title states its dialect. */
    t(title: string): string;
    /** `{ api }`, to spread into declared inputs. */
    readonly input: { api: Api };
    /** A fault armed on this dialect's reset action. */
    fault(kind: FaultKind, instanceId?: string, times?: number): FaultSpec;
    /** `n` times this dialect's reset action: compare with {@link resetActions}. */
    resets(n: number): ResetAction[];
}

function facts(api: Api, f: Omit<DialectFacts, "api" | "other" | "t" | "input" | "fault" | "resets">): DialectFacts {
    return {
        api,
        other: api === "legacy" ? "2017-03-12" : "legacy",
        ...f,
        t: (title) => `[${api}] ${title}`,
        input: { api },
        fault: (kind, instanceId, times = 1) => ({
            kind,
            action: f.resetAction,
            ...(instanceId ? { instanceId } : {}),
            times,
        }),
        resets: (n) => Array.from({ length: n }, () => f.resetAction),
    };
}

export const LEGACY: DialectFacts = facts("legacy", {
    resetAction: "ResetInstances",
    validPassword: PASSWORD,
    invalidPassword: PASSWORD_20, // 20 chars: legacy Linux allows 8–16
});

export const API3: DialectFacts = facts("2017-03-12", {
    resetAction: "ResetInstance",
    validPassword: PASSWORD_20, // legal only under API 3.0 (Linux 8–30)
    invalidPassword: PASSWORD_31,
});

export const DIALECTS: readonly DialectFacts[] = [LEGACY, API3];

export function dialect(api: Api): DialectFacts {
    return api === "legacy" ? LEGACY : API3;
}

interface HasRequests {
    requests(): LoggedRequestLike[];
}

/**
 * The reset actions in the request log (both dialects' names), optionally for one instance. A run
 * under one dialect must show only that dialect's action: `expect(resetActions(emu, id)).to.deep.equal(d.resets(1))`.
 */
export function resetActions(emu: HasRequests, instanceId?: string): string[] {
    return resetRequests(emu, instanceId).map((r) => r.action);
}

/** API 3.0 products beside CVM (Tag API, TAT) log their own version; they belong to the 3.0 dialect. */
const API3_PRODUCT_VERSIONS: readonly string[] = ["2018-08-13", "2020-10-28"];

/** The distinct dialects of the logged CVM API requests (admin calls left out). */
export function dialectsUsed(emu: HasRequests): string[] {
    return [
        ...new Set(apiRequests(emu).map((r) => (API3_PRODUCT_VERSIONS.includes(r.dialect) ? "2017-03-12" : r.dialect))),
    ].sort();
}

/**
 * The reinstalls the emulator ran on an instance through one dialect's API (out-of-band ones and
 * the other dialect's left out), oldest first. `requestId` is the 3.0 RequestId, or the legacy task
 * id as text: what the provider must record as `requestId`.
 */
export function operationsVia(record: InstanceRecord | undefined, via: Api | "outOfBand"): OperationRecord[] {
    return (record?.history ?? []).filter((op) => op.via === via);
}
