import type { Dialect } from "./cvm/types";

/** The specials exactly as the seed document lists them; Windows under the legacy API omits `|`. */
export const PASSWORD_SPECIALS = "()`~!@#$%^&*-+=|{}[]:;',.?/";
const WINDOWS_LEGACY_SPECIALS = PASSWORD_SPECIALS.replace("|", "");

export type Platform = "linux" | "windows";

interface Rule {
    min: number;
    max: number;
    classes: number;
    /** Whether a-z and A-Z count as two classes (otherwise "letters" is one). */
    splitCase: boolean;
    specials: string;
}

function ruleFor(platform: Platform, dialect: Dialect): Rule {
    const api3 = dialect === "2017-03-12";
    if (platform === "windows") {
        return {
            min: 12,
            max: api3 ? 30 : 16,
            classes: 3,
            splitCase: true,
            specials: api3 ? PASSWORD_SPECIALS : WINDOWS_LEGACY_SPECIALS,
        };
    }
    return { min: 8, max: api3 ? 30 : 16, classes: 2, splitCase: api3, specials: PASSWORD_SPECIALS };
}

/** The rule in words, for error messages (never includes the password itself). */
export function describePasswordRule(platform: Platform, dialect: Dialect): string {
    const r = ruleFor(platform, dialect);
    const classes = r.splitCase
        ? "lower-case letters, upper-case letters, digits, specials"
        : "letters, digits, specials";
    const api = dialect === "legacy" ? "the legacy API" : "API 2017-03-12";
    return (
        `${platform === "windows" ? "Windows" : "Linux"} passwords under ${api} need ${r.min}-${r.max} characters ` +
        `with at least ${r.classes} of {${classes}}; specials are ${r.specials.split("").join(" ")}`
    );
}

/**
 * Returns why `password` breaks the rule, or undefined when it complies. Pure; the reason never
 * quotes the password.
 */
export function passwordViolation(password: string, platform: Platform, dialect: Dialect): string | undefined {
    const r = ruleFor(platform, dialect);
    const rule = describePasswordRule(platform, dialect);
    const length = [...password].length;
    if (length < r.min || length > r.max) return `has ${length} characters; ${rule}`;
    let lower = false,
        upper = false,
        digit = false,
        special = false;
    for (const ch of password) {
        if (ch >= "a" && ch <= "z") lower = true;
        else if (ch >= "A" && ch <= "Z") upper = true;
        else if (ch >= "0" && ch <= "9") digit = true;
        else if (r.specials.includes(ch)) special = true;
        else
            return `contains a character that is not allowed (only letters, digits and the listed specials are); ${rule}`;
    }
    const classes = r.splitCase
        ? [lower, upper, digit, special].filter(Boolean).length
        : [lower || upper, digit, special].filter(Boolean).length;
    if (classes < r.classes) return `uses ${classes} character class(es); ${rule}`;
    return undefined;
}
