// Scripted results for TAT commands (admin API): which exit code and output a command gets on an
// instance. The newest matching rule wins; without one a command on a healthy guest exits 0.

export interface CommandScript {
    /** Only on this instance (default: any). */
    instanceId?: string;
    /** Only commands whose decoded content contains this text (default: any). */
    contains?: string;
    exitCode: number;
    /** Plain text; the API returns it base64-encoded. */
    output?: string;
    /** Simulated run time; default the emulator's commandSeconds. */
    durationSeconds?: number;
}

export function validateCommandScript(input: unknown): CommandScript {
    if (input === null || typeof input !== "object") throw new Error("commands: body must be an object");
    const s = input as Record<string, unknown>;
    if (typeof s.exitCode !== "number" || !Number.isInteger(s.exitCode))
        throw new Error("commands: exitCode must be an integer");
    for (const name of ["instanceId", "contains", "output"]) {
        if (s[name] !== undefined && typeof s[name] !== "string") throw new Error(`commands: ${name} must be a string`);
    }
    if (s.durationSeconds !== undefined && (typeof s.durationSeconds !== "number" || !(s.durationSeconds >= 0))) {
        throw new Error("commands: durationSeconds must be a number >= 0");
    }
    return {
        instanceId: s.instanceId as string | undefined,
        contains: s.contains as string | undefined,
        exitCode: s.exitCode,
        output: s.output as string | undefined,
        durationSeconds: s.durationSeconds as number | undefined,
    };
}

export class CommandScripts {
    private rules: CommandScript[] = [];

    add(rule: CommandScript): void {
        this.rules.unshift({ ...rule });
    }

    clear(): void {
        this.rules = [];
    }

    list(): CommandScript[] {
        return this.rules.map((r) => ({ ...r }));
    }

    match(instanceId: string, content: string): CommandScript | undefined {
        return this.rules.find(
            (r) =>
                (r.instanceId === undefined || r.instanceId === instanceId) &&
                (r.contains === undefined || content.includes(r.contains)),
        );
    }
}
