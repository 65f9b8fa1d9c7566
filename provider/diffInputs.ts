import { INPUT_NAMES, REINSTALL_TRIGGERS, REPLACE_TRIGGERS, UNKNOWN } from "./inputs";

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

/** Deep equality over JSON-like values; the unknown marker never equals anything. */
export function sameValue(a: unknown, b: unknown): boolean {
    if (a === UNKNOWN || b === UNKNOWN) return false;
    return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

function canonical(v: unknown): unknown {
    if (Array.isArray(v)) return v.map(canonical);
    if (v && typeof v === "object") {
        return Object.fromEntries(Object.keys(v as object).sort().map((k) => [k, canonical((v as Record<string, unknown>)[k])]));
    }
    return v;
}

/**
 * Decides what a change means. `olds` are the recorded outputs, `news` the checked inputs. Only
 * declared inputs are compared, never `__provider`: a provider upgrade must not wipe a fleet. A
 * reinstall trigger counts when it changes to a new declared value (removing `imageId` does not
 * reinstall); an unknown value (preview) counts as changed.
 */
export function diffInputs(olds: Record<string, unknown>, news: Record<string, unknown>): DiffDecision {
    const differs = (k: string) => !sameValue(olds[k], news[k]);
    const replaces = REPLACE_TRIGGERS.filter((k) => olds[k] !== undefined || news[k] !== undefined).filter(differs);
    const reinstalls = REINSTALL_TRIGGERS.filter((k) => news[k] !== undefined && differs(k));
    const resumes = (olds.pendingReset !== undefined && olds.pendingReset !== null) || (olds.ready === false && news.readiness !== undefined);
    const anyInput = INPUT_NAMES.some(differs);
    return { changes: anyInput || resumes, replaces: [...replaces], reinstalls: [...reinstalls], resumes };
}
