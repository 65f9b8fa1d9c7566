/** Lenient readers for JSON from the wire: the API's types drift (numbers sent as strings, nulls). */

export function asRecord(value: unknown): Record<string, unknown> {
    return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};
}

export function str(value: unknown): string | undefined {
    return typeof value === "string" && value !== "" ? value : undefined;
}

export function num(value: unknown): number | undefined {
    const n =
        typeof value === "number" ? value : typeof value === "string" && value.trim() !== "" ? Number(value) : NaN;
    return Number.isFinite(n) ? n : undefined;
}
