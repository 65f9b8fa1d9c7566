/** Drops undefined members: the host's Struct conversion throws on them ("Unexpected struct type."). */
export function compact<T extends object>(value: T): T {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
