/**
 * Where progress lines go. The engine streams a dynamic provider's stderr to the user, so waits
 * are visible during `pulumi up`. Callers never pass secrets: lines name instances, images,
 * states and counts only.
 */
export type Progress = (line: string) => void;

export const stderrProgress: Progress = (line) => {
    process.stderr.write(`cvm-reinstall: ${line}\n`);
};

/** `250ms` / `95s` / `4m05s` / `1h02m`, for progress lines. */
export function formatDuration(ms: number): string {
    if (ms < 1000) return `${Math.max(0, Math.round(ms))}ms`;
    const s = Math.round(ms / 1000);
    if (s < 60) return `${s}s`;
    const m = Math.floor(s / 60);
    if (m < 60) return `${m}m${String(s % 60).padStart(2, "0")}s`;
    return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, "0")}m`;
}
