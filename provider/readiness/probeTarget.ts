import type { InstanceView } from "../cvm/types";

export interface Addresses {
    privateIp?: string;
    publicIp?: string;
}

/** An IPv6 literal needs brackets inside a URL. */
const inUrl = (ip: string) => (ip.includes(":") ? `[${ip}]` : ip);

/** Replaces `{privateIp}` / `{publicIp}` in a readiness URL. Missing addresses stay as the placeholder. */
export function expandUrl(template: string, addresses: Addresses): string {
    return template
        .replace(/\{privateIp\}/g, addresses.privateIp ? inUrl(addresses.privateIp) : "{privateIp}")
        .replace(/\{publicIp\}/g, addresses.publicIp ? inUrl(addresses.publicIp) : "{publicIp}");
}

/** The placeholder an URL needs but the instance does not report, if any. */
export function missingAddress(template: string, view: InstanceView): "privateIp" | "publicIp" | undefined {
    if (template.includes("{privateIp}") && !view.privateIp) return "privateIp";
    if (template.includes("{publicIp}") && !view.publicIp) return "publicIp";
    return undefined;
}
