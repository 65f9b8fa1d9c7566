/**
 * The property a check failure is about. Failures of `password` (and of unknown properties, which
 * may be a mistyped password) carry no `property`, so the engine does not print the value beside
 * them; their reason starts with the property's name instead.
 */
export function failureProperty(f: { property: string; reason: string }): string {
    return f.property || f.reason.split(" ")[0];
}

export function failureProperties(failures: readonly { property: string; reason: string }[]): string[] {
    return failures.map(failureProperty);
}
