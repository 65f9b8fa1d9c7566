// Parameter access for API 3.0 handlers. JSON bodies are typed and read strictly; flattened
// parameters (GET / form POST, `InstanceIds.0`, `SystemDisk.DiskSize`) are all strings, so the
// reader is "loose" there and accepts "60" for 60 and "TRUE"/"true" for true.
import { Api3Error } from "./api3Error";

export type Json = Record<string, unknown>;

/** `{"InstanceIds.0": "a", "SystemDisk.DiskSize": "60"}` -> `{InstanceIds: ["a"], SystemDisk: {DiskSize: "60"}}`. */
export function unflatten(flat: Readonly<Record<string, string>>): Json {
    const root: Json = {};
    for (const [key, value] of Object.entries(flat)) {
        const parts = key.split(".");
        let node: Json = root;
        parts.forEach((part, i) => {
            if (i === parts.length - 1) {
                node[part] = value;
            } else {
                if (typeof node[part] !== "object" || node[part] === null) node[part] = {};
                node = node[part] as Json;
            }
        });
    }
    return arrayify(root) as Json;
}

function arrayify(value: unknown): unknown {
    if (value === null || typeof value !== "object") return value;
    const obj = value as Json;
    const keys = Object.keys(obj);
    const converted: Json = {};
    for (const k of keys) converted[k] = arrayify(obj[k]);
    if (keys.length > 0 && keys.every((k) => /^\d+$/.test(k))) {
        return keys.sort((a, b) => Number(a) - Number(b)).map((k) => converted[k]);
    }
    return converted;
}

export class ParamReader {
    constructor(private readonly loose: boolean) {}

    string(value: unknown, name: string): string | undefined {
        if (value === undefined || value === null) return undefined;
        if (typeof value !== "string") throw new Api3Error("InvalidParameterValue", `${name} must be a string`);
        return value;
    }

    int(value: unknown, name: string): number | undefined {
        if (value === undefined || value === null) return undefined;
        if (typeof value === "number" && Number.isInteger(value)) return value;
        if (this.loose && typeof value === "string" && /^-?\d+$/.test(value)) return Number(value);
        throw new Api3Error("InvalidParameterValue", `${name} must be an integer`);
    }

    bool(value: unknown, name: string): boolean | undefined {
        if (value === undefined || value === null) return undefined;
        if (typeof value === "boolean") return value;
        if (this.loose && typeof value === "string" && /^(true|false)$/i.test(value))
            return value.toLowerCase() === "true";
        throw new Api3Error("InvalidParameterValue", `${name} must be a boolean`);
    }

    array(value: unknown, name: string): unknown[] | undefined {
        if (value === undefined || value === null) return undefined;
        if (!Array.isArray(value)) throw new Api3Error("InvalidParameterValue", `${name} must be an array`);
        return value;
    }

    stringArray(value: unknown, name: string): string[] | undefined {
        const list = this.array(value, name);
        return list?.map((v, i) => this.string(v, `${name}.${i}`) ?? "");
    }

    object(value: unknown, name: string, allowedKeys?: readonly string[]): Json | undefined {
        if (value === undefined || value === null) return undefined;
        if (typeof value !== "object" || Array.isArray(value))
            throw new Api3Error("InvalidParameterValue", `${name} must be an object`);
        const obj = value as Json;
        if (allowedKeys) rejectUnknown(obj, allowedKeys, `${name}.`);
        return obj;
    }
}

/** API 3.0 refuses parameters it does not know (it catches typos such as `Imageid`). */
export function rejectUnknown(obj: Json, allowedKeys: readonly string[], prefix = ""): void {
    const unknown = Object.keys(obj).filter((k) => !allowedKeys.includes(k));
    if (unknown.length > 0)
        throw new Api3Error("UnknownParameter", `unknown parameter(s): ${unknown.map((k) => prefix + k).join(", ")}`);
}
