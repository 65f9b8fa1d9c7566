import type * as pulumi from "@pulumi/pulumi";
import { canonicalRegion, regionShapeViolation } from "./cvm/regions";
import { endpointViolation } from "./endpoint";
import { API3_ONLY, INPUT_NAMES, UNKNOWN } from "./inputs";
import { passwordViolation } from "./passwordPolicy";
import { checkReadiness } from "./readiness/checkReadiness";
import { checkRollout } from "./rollout/checkRollout";

type Failure = pulumi.dynamic.CheckFailure;

const INSTANCE_ID = /^(ins-[a-z0-9]{8}|qcvm[a-z0-9]{1,32})$/;
const IMAGE_ID = /^img-[a-z0-9]{8}$/;
const KEY_ID = /^skey-[a-z0-9]{8}$/;
const HOST_LABEL = /^[A-Za-z0-9]+(-[A-Za-z0-9]+)*$/;
const MAX_USER_DATA = 16 * 1024;
const MAX_WAIT_MINUTES = 24 * 60;
/**
 * The largest cloud system disk (GB) Tencent's cloud-disk limits give
 * (https://www.tencentcloud.com/document/product/362/5145). The ResetInstance API page states no
 * bound of its own for `SystemDisk.DiskSize`, so a larger value is refused here, before any call.
 */
export const MAX_ROOT_SIZE_GB = 2048;
/** The API's default dialect: Tencent switched API 2.0 (legacy) off in 2023. */
export const DEFAULT_API = "2017-03-12";

/**
 * Properties whose failures are reported without `property`: the engine prints a failing property's
 * value next to the reason ("property password value {…} has a problem"), in plaintext even for a
 * secret. The reason still starts with the property's name. Unknown properties are included, since
 * a mistyped `pasword` holds a password too.
 */
const VALUE_NOT_PRINTED = new Set(["password"]);

const isUnknown = (v: unknown): boolean => v === UNKNOWN;

/**
 * Validates and normalises inputs. Pure: no API call and no credentials, so it runs the same in
 * preview. One failure per property, naming the rule; unknown values (preview) are left alone.
 */
export function checkInputs(news: Record<string, unknown>): { inputs: Record<string, unknown>; failures: Failure[] } {
    const failures: Failure[] = [];
    const fail = (property: string, reason: string) =>
        failures.push({ property: VALUE_NOT_PRINTED.has(property) ? "" : property, reason: `${property} ${reason}` });
    const known = new Set<string>(INPUT_NAMES);
    const inputs: Record<string, unknown> = {};

    for (const [key, value] of Object.entries(news)) {
        if (key === "__provider" || value === undefined || value === null) continue;
        if (!known.has(key)) {
            const hint = INPUT_NAMES.find((n) => n.toLowerCase() === key.toLowerCase());
            failures.push({
                property: "",
                reason: `${key} is not an input of InstanceReinstall${hint ? `; did you mean ${hint}?` : ""} (inputs: ${INPUT_NAMES.join(", ")})`,
            });
            continue;
        }
        // triggers are opaque: trimming them would turn a recorded value into a "change" that reinstalls.
        inputs[key] = key === "triggers" ? value : trimmed(value);
    }

    const str = (key: string, pattern: RegExp, example: string) => {
        const v = inputs[key];
        if (v === undefined || isUnknown(v)) return;
        if (typeof v !== "string" || !pattern.test(v)) fail(key, `must look like ${example}`);
    };

    if (inputs.instanceId === undefined) fail("instanceId", "is required (the instance to reinstall, ins-xxxxxxxx)");
    else str("instanceId", INSTANCE_ID, "ins-xxxxxxxx (8 lower-case letters or digits) or an old qcvm… id");
    str("imageId", IMAGE_ID, "img-xxxxxxxx (8 lower-case letters or digits)");

    const api = inputs.api ?? DEFAULT_API;
    if (!isUnknown(api) && api !== "legacy" && api !== "2017-03-12") {
        fail("api", `must be "legacy" or "2017-03-12"`);
    }
    inputs.api = api;
    // Unknown during preview: judge by the more permissive API 3.0 rules; `up` checks again with the value.
    const dialect = api === "2017-03-12" || isUnknown(api) ? "2017-03-12" : "legacy";

    if (inputs.imageType !== undefined && !isUnknown(inputs.imageType)) {
        if (![1, 2, 3, 4].includes(inputs.imageType as number))
            fail("imageType", "must be 1 (private), 2 (public), 3 (marketplace) or 4 (shared)");
        else if (inputs.imageId === undefined) fail("imageType", "is only allowed together with imageId");
    } else if (inputs.imageType === undefined && inputs.imageId !== undefined) {
        // Public is the API's default; recorded for both dialects so switching `api` changes nothing else.
        inputs.imageType = 2;
    }

    const pw = inputs.password;
    if (pw !== undefined && !isUnknown(pw)) {
        if (typeof pw !== "string") fail("password", "must be a string");
        else {
            const why = passwordViolation(pw, "linux", dialect);
            if (why) fail("password", why);
        }
    }

    for (const key of ["needSecurityAgent", "needMonitorAgent"]) {
        const v = inputs[key] ?? true;
        if (!isUnknown(v) && typeof v !== "boolean") fail(key, "must be true or false");
        inputs[key] = v;
    }

    const rootSize = inputs.rootSize;
    if (rootSize !== undefined && !isUnknown(rootSize)) {
        if (!(Number.isInteger(rootSize) && (rootSize as number) > 0))
            fail("rootSize", "must be a positive whole number of GB (the system disk can only grow)");
        else if ((rootSize as number) > MAX_ROOT_SIZE_GB)
            fail("rootSize", `is ${rootSize as number} GB; a CVM system disk is at most ${MAX_ROOT_SIZE_GB} GB`);
    }

    const region = inputs.region;
    if (region !== undefined && !isUnknown(region)) {
        const why = typeof region === "string" ? regionShapeViolation(region) : "must be a string such as ap-guangzhou";
        if (why) fail("region", why);
        else inputs.region = canonicalRegion(region as string);
    }

    const endpoint = inputs.endpoint;
    if (endpoint !== undefined && !isUnknown(endpoint)) {
        const why = typeof endpoint === "string" ? endpointViolation(endpoint) : "must be a string";
        if (why) fail("endpoint", why);
    }

    const wait = inputs.waitTimeoutMinutes ?? 30;
    if (!isUnknown(wait) && !(typeof wait === "number" && wait > 0 && wait <= MAX_WAIT_MINUTES)) {
        fail("waitTimeoutMinutes", `must be a number of minutes above 0 and at most ${MAX_WAIT_MINUTES}`);
    }
    inputs.waitTimeoutMinutes = wait;

    if (inputs.triggers !== undefined && !isUnknown(inputs.triggers) && !Array.isArray(inputs.triggers)) {
        fail("triggers", "must be an array (any change of its values reinstalls)");
    }

    const passwordChange = inputs.passwordChange;
    if (passwordChange !== undefined && !isUnknown(passwordChange)) {
        if (passwordChange !== "reinstall" && passwordChange !== "reset") {
            fail(
                "passwordChange",
                `must be "reinstall" (the default: a password change reinstalls) or "reset" (ResetInstancesPassword, no wipe)`,
            );
        } else if (passwordChange === "reset" && dialect === "legacy") {
            fail(
                "passwordChange",
                `"reset" needs api "2017-03-12" (ResetInstancesPassword is an API 3.0 action); remove it or set api "2017-03-12"`,
            );
        }
    }

    checkApi3Only(inputs, dialect, fail);
    const rollout = checkRollout(inputs.rollout);
    const readiness = checkReadiness(inputs.readiness, dialect);
    for (const v of [...rollout.violations, ...readiness.violations]) fail(v.property, v.rule);
    if (inputs.rollout !== undefined) inputs.rollout = rollout.value;
    if (inputs.readiness !== undefined) inputs.readiness = readiness.value;
    return { inputs, failures };
}

/** Strings (also inside lists) trimmed, so ` img-… ` is validated and sent as `img-…`; other values as given. */
function trimmed(value: unknown): unknown {
    if (typeof value === "string") return value === UNKNOWN ? value : value.trim();
    if (Array.isArray(value)) return value.map((v) => (typeof v === "string" && v !== UNKNOWN ? v.trim() : v));
    return value;
}

function checkApi3Only(inputs: Record<string, unknown>, dialect: string, fail: (p: string, r: string) => void): void {
    if (dialect === "legacy") {
        for (const key of API3_ONLY) {
            if (inputs[key] !== undefined)
                fail(key, `needs api "2017-03-12"; the legacy ResetInstances API cannot set it`);
        }
        return;
    }
    const keyIds = inputs.keyIds;
    if (keyIds !== undefined && !isUnknown(keyIds)) {
        if (
            !Array.isArray(keyIds) ||
            keyIds.length === 0 ||
            keyIds.some((k) => !isUnknown(k) && (typeof k !== "string" || !KEY_ID.test(k)))
        ) {
            fail("keyIds", "must be a non-empty list of key ids like skey-xxxxxxxx");
        } else if (inputs.password !== undefined) {
            fail("keyIds", "cannot be combined with password; choose keys or a password");
        }
    }
    const keep = inputs.keepImageLogin;
    if (keep !== undefined && !isUnknown(keep)) {
        if (typeof keep !== "boolean") fail("keepImageLogin", "must be true or false");
        else if (keep && (inputs.password !== undefined || keyIds !== undefined)) {
            fail(
                "keepImageLogin",
                "cannot be combined with password or keyIds (it keeps the image's own login settings)",
            );
        }
    }
    const hostName = inputs.hostName;
    if (hostName !== undefined && !isUnknown(hostName)) {
        if (
            typeof hostName !== "string" ||
            hostName.length < 2 ||
            hostName.length > 60 ||
            !hostName.split(".").every((l) => HOST_LABEL.test(l))
        ) {
            fail(
                "hostName",
                "must be 2-60 characters of letters, digits, '-' and '.', with no '.' or '-' at either end or twice in a row (Windows: 2-15, no '.')",
            );
        }
    }
    const userData = inputs.userData;
    if (userData !== undefined && !isUnknown(userData)) {
        if (typeof userData !== "string" || !isBase64(userData))
            fail("userData", "must be base64 text (encode the script first)");
        else if (userData.length > MAX_USER_DATA)
            fail("userData", `is ${userData.length} bytes of base64; the API takes at most 16 KB`);
    }
}

function isBase64(value: string): boolean {
    return value.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(value);
}
