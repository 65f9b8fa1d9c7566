// Password rules of the TARGET image's platform. Legacy (the seed's ResetInstances page): Linux 8–16
// chars, ≥2 of {letters, digits, specials}; Windows 12–16, ≥3 of {a-z, A-Z, digits, specials
// without "|"}. API 3.0 (https://www.tencentcloud.com/document/api/213/33242): Linux 8–30 ≥2 of 4 classes, Windows 12–30 ≥3 of 4 classes.
// Characters outside the listed classes are refused. The "must not start with /" rule of
// ResetInstancesPassword is not documented for ResetInstance and not enforced there.

const SPECIALS = "()`~!@#$%^&*-+=|{}[]:;',.?/";
// ResetInstancesPassword lists `_ < >` too (https://www.tencentcloud.com/document/api/213/33240).
const RESET_SPECIALS = "()`~!@#$%^&*-+=_|{}[]:;'<>,.?/";
const SPECIALS_NO_PIPE = SPECIALS.replace("|", "");

interface Rule {
    min: number;
    max: number;
    minClasses: number;
    classes: ((c: string) => boolean)[];
}

const lower = (c: string) => c >= "a" && c <= "z";
const upper = (c: string) => c >= "A" && c <= "Z";
const digit = (c: string) => c >= "0" && c <= "9";
const letter = (c: string) => lower(c) || upper(c);
const special = (set: string) => (c: string) => set.includes(c);

export type PasswordDialect = "legacy" | "api3" | "passwordReset";

const RULES: Record<PasswordDialect, Record<"linux" | "windows", Rule>> = {
    legacy: {
        linux: { min: 8, max: 16, minClasses: 2, classes: [letter, digit, special(SPECIALS)] },
        windows: { min: 12, max: 16, minClasses: 3, classes: [lower, upper, digit, special(SPECIALS_NO_PIPE)] },
    },
    api3: {
        linux: { min: 8, max: 30, minClasses: 2, classes: [lower, upper, digit, special(SPECIALS)] },
        windows: { min: 12, max: 30, minClasses: 3, classes: [lower, upper, digit, special(SPECIALS)] },
    },
    // ResetInstancesPassword: 3 of 4 classes on both platforms, and never a leading "/".
    passwordReset: {
        linux: { min: 8, max: 30, minClasses: 3, classes: [lower, upper, digit, special(RESET_SPECIALS)] },
        windows: { min: 12, max: 30, minClasses: 3, classes: [lower, upper, digit, special(RESET_SPECIALS)] },
    },
};

/** Returns why the password is refused (never echoing it), or undefined when it conforms. */
export function passwordProblem(
    dialect: PasswordDialect,
    platform: "linux" | "windows",
    password: string,
    userName?: string,
): string | undefined {
    const rule = RULES[dialect][platform];
    const chars = [...password];
    const label = platform === "windows" ? "Windows" : "Linux";
    if (dialect === "passwordReset") {
        if (password.startsWith("/")) return "passwords may not start with /";
        if (platform === "windows" && userName && password.toLowerCase().includes(userName.toLowerCase())) {
            return "Windows passwords may not contain the user name";
        }
    }
    if (chars.length < rule.min || chars.length > rule.max) {
        return `${label} passwords must be ${rule.min} to ${rule.max} characters long`;
    }
    if (chars.some((c) => !rule.classes.some((cls) => cls(c)))) {
        return `${label} passwords may only contain letters, digits and the listed special characters`;
    }
    const used = rule.classes.filter((cls) => chars.some((c) => cls(c))).length;
    if (used < rule.minClasses) {
        return `${label} passwords must combine at least ${rule.minClasses} character classes`;
    }
    return undefined;
}
