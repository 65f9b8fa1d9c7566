// The request log tests and demos inspect. It must never hold a secret or anything derived from
// one: passwords, signatures, tokens and user data are replaced before an entry is stored.

export interface LoggedRequest {
    seq: number;
    /** Real wall time (ISO 8601) at which the request arrived. */
    time: string;
    /** "legacy", "admin" or the API 3.0 version of the service called (cvm 2017-03-12, tat 2020-10-28, tag 2018-08-13). */
    dialect: "legacy" | "2017-03-12" | "2020-10-28" | "2018-08-13" | "admin";
    method: string;
    action: string;
    region?: string;
    instanceIds: string[];
    /** Redacted copy of the request parameters (legacy: query/form; 3.0: JSON body). */
    params: Record<string, unknown>;
    /** 3.0 only: the X-TC-* headers and Authorization, redacted. */
    headers?: Record<string, string>;
    /**
     * "ok", the codeDesc / Error.Code, or the name of the fault that fired ("slow" only when the
     * delayed request then succeeded). "pending" while a request is still being handled.
     */
    outcome: string;
}

export const REDACTED = "***";

// Matched case-insensitively against the last segment of a parameter name (legacy flattened names
// such as `LoginSettings.Password` included), at any depth of a JSON body.
const SECRET_NAMES = new Set(["password", "signature", "token", "x-tc-token", "userdata", "secretkey"]);

function isSecretName(name: string): boolean {
    const last = name.split(/[._]/).pop() ?? name;
    return SECRET_NAMES.has(name.toLowerCase()) || SECRET_NAMES.has(last.toLowerCase());
}

export function redact(value: unknown, name = ""): unknown {
    if (name !== "" && isSecretName(name)) return REDACTED;
    if (Array.isArray(value)) return value.map((v) => redact(v));
    if (value !== null && typeof value === "object") {
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = redact(v, k);
        return out;
    }
    return value;
}

/** Keeps the Authorization's public parts (credential scope, signed headers), drops the signature. */
export function redactAuthorization(header: string): string {
    return /Signature=/.test(header) ? header.replace(/Signature=[^,\s]*/g, `Signature=${REDACTED}`) : REDACTED;
}

export class RequestLog {
    private entries: LoggedRequest[] = [];
    private seq = 0;

    /** Adds an entry now (arrival order) and returns it so the pipeline can set the outcome later. */
    open(
        entry: Omit<LoggedRequest, "seq" | "time" | "outcome" | "params"> & { params: Record<string, unknown> },
    ): LoggedRequest {
        const stored: LoggedRequest = {
            seq: ++this.seq,
            time: new Date().toISOString(),
            ...entry,
            params: redact(entry.params) as Record<string, unknown>,
            outcome: "pending",
        };
        if (stored.region === undefined) delete stored.region;
        if (stored.headers === undefined) delete stored.headers;
        this.entries.push(stored);
        return stored;
    }

    all(): LoggedRequest[] {
        return this.entries.map((e) => structuredClone(e));
    }

    clear(): void {
        this.entries = [];
    }
}
