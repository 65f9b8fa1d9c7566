import { canonicalRegion } from "./cvm/regions";
import { INPUT_NAMES, REINSTALL_TRIGGERS, UNKNOWN } from "./inputs";

export interface DiffDecision {
    /** Whether anything differs (false: the engine leaves the resource alone). */
    changes: boolean;
    /** Properties whose change means another instance (replace). */
    replaces: string[];
    /** Properties whose change wipes the system disk (update = reinstall). */
    reinstalls: string[];
    /** Whether an accepted reset of an earlier run still has to be confirmed. */
    resumes: boolean;
}

/** What makes two spellings of a declaration the same, beyond the values themselves. */
export interface DiffContext {
    /** The stack's default region (`tencentcloud:region` / TENCENTCLOUD_REGION), canonical. */
    configuredRegion?: string;
    /**
     * Every id the declared instance is known by (a read of it: legacy `ins-…` and `qcvm…`). When
     * the recorded `instanceId` is one of them, a changed spelling is the same instance.
     */
    instanceAliases?: readonly string[];
}

/** Deep equality over JSON-like values, strings trimmed; the unknown marker never equals anything. */
export function sameValue(a: unknown, b: unknown): boolean {
    if (a === UNKNOWN || b === UNKNOWN) return false;
    return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

function canonical(v: unknown): unknown {
    if (typeof v === "string") return v.trim();
    if (Array.isArray(v)) return v.map(canonical);
    if (v && typeof v === "object") {
        return Object.fromEntries(
            Object.keys(v as object)
                .sort()
                .map((k) => [k, canonical((v as Record<string, unknown>)[k])]),
        );
    }
    return v;
}

/** The region a side talks to: its own, else the stack's default; one spelling (`gz` = `ap-guangzhou`). */
function effectiveRegion(side: Record<string, unknown>, configured: string | undefined): unknown {
    const r = side.region ?? configured;
    return typeof r === "string" && r !== UNKNOWN ? canonicalRegion(r) : r;
}

/** Whether the recorded and the declared `instanceId` differ only in spelling (a `qcvm…` alias of the same instance). */
export function aliasCandidate(olds: Record<string, unknown>, news: Record<string, unknown>): boolean {
    const a = olds.instanceId,
        b = news.instanceId;
    return (
        typeof a === "string" &&
        typeof b === "string" &&
        b !== UNKNOWN &&
        a.trim() !== b.trim() &&
        (a.trim().startsWith("qcvm") || b.trim().startsWith("qcvm"))
    );
}

/**
 * Decides what a change means. `olds` are the recorded outputs, `news` the checked inputs. Only
 * declared inputs are compared, never `__provider`: a provider upgrade must not wipe a fleet. A
 * reinstall trigger counts when it changes to a new declared value (removing `imageId` does not
 * reinstall); an unknown value (preview) counts as changed. Equivalent spellings are equal: strings
 * trimmed, `gz` and `ap-guangzhou`, a `region` equal to the stack's default region added or removed,
 * and a `qcvm…` alias the read showed to be the same instance.
 */
export function diffInputs(
    olds: Record<string, unknown>,
    news: Record<string, unknown>,
    context: DiffContext = {},
): DiffDecision {
    const differs = (k: string) => !sameValue(olds[k], news[k]);
    const sameInstance =
        !differs("instanceId") ||
        (aliasCandidate(olds, news) && (context.instanceAliases ?? []).includes(String(olds.instanceId).trim()));
    const sameRegion = sameValue(
        effectiveRegion(olds, context.configuredRegion),
        effectiveRegion(news, context.configuredRegion),
    );
    const replaces = [...(sameInstance ? [] : ["instanceId"]), ...(sameRegion ? [] : ["region"])];
    const reinstalls = REINSTALL_TRIGGERS.filter((k) => news[k] !== undefined && differs(k));
    const resumes =
        (olds.pendingReset !== undefined && olds.pendingReset !== null) ||
        (olds.ready === false && news.readiness !== undefined);
    // Another spelling of the same region is no change at all. A qcvm alias is recorded (a state-only
    // update, no API call), so later previews need no read to recognise it again.
    const anyInput = INPUT_NAMES.some((k) => (k === "region" ? !sameRegion : differs(k)));
    return { changes: anyInput || resumes, replaces, reinstalls: [...reinstalls], resumes };
}
