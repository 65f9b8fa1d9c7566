import type { ClientTarget, Dialect } from "./cvm/types";
import { DEFAULT_ENDPOINTS } from "./cvm/createClient";
import { endpointViolation, normaliseEndpoint } from "./endpoint";
import { ReinstallError } from "./errors";
import { canonicalRegion } from "./cvm/regions";

/** What `configure` received: the stack's `tencentcloud:*` config, read when a method runs. */
export interface ConfigSource {
    get(key: string): string | undefined;
}

const CONFIG_KEYS = {
    secretId: ["tencentcloud:secretId", "TENCENTCLOUD_SECRET_ID"],
    secretKey: ["tencentcloud:secretKey", "TENCENTCLOUD_SECRET_KEY"],
    token: ["tencentcloud:securityToken", "TENCENTCLOUD_SECURITY_TOKEN"],
    region: ["tencentcloud:region", "TENCENTCLOUD_REGION"],
} as const;

/** The default region and where it came from, for messages that must name the key to fix. */
export interface ConfiguredRegion {
    region: string;
    /** `tencentcloud:region` or `TENCENTCLOUD_REGION`. */
    source: string;
}

/** The stack's default region (config, then environment), canonical; undefined when neither is set. */
export function configuredRegion(
    config: ConfigSource | undefined,
    env: NodeJS.ProcessEnv,
): ConfiguredRegion | undefined {
    const [configKey, envKey] = CONFIG_KEYS.region;
    const fromConfig = config?.get(configKey)?.trim();
    if (fromConfig) return { region: canonicalRegion(fromConfig), source: configKey };
    const fromEnv = env[envKey]?.trim();
    return fromEnv ? { region: canonicalRegion(fromEnv), source: envKey } : undefined;
}

/** Where a resource's region comes from: its `region` input, else the stack's default. */
export function regionSource(
    inputs: { region?: string },
    config: ConfigSource | undefined,
    env: NodeJS.ProcessEnv,
): string {
    return inputs.region !== undefined
        ? "the input `region`"
        : (configuredRegion(config, env)?.source ?? "no region setting");
}

/**
 * Resolves where and as whom a resource talks: resource input, then stack config, then the
 * environment. Called inside each provider method, so nothing is captured in `__provider`.
 */
export function resolveTarget(
    inputs: { api?: Dialect; region?: string; endpoint?: string },
    config: ConfigSource | undefined,
    env: NodeJS.ProcessEnv,
): ClientTarget {
    const pick = (which: keyof typeof CONFIG_KEYS): string | undefined => {
        const [configKey, envKey] = CONFIG_KEYS[which];
        const v = config?.get(configKey)?.trim() || env[envKey]?.trim();
        return v ? v : undefined;
    };
    const secretId = pick("secretId");
    const secretKey = pick("secretKey");
    if (!secretId || !secretKey) {
        const missing = [!secretId && "secretId", !secretKey && "secretKey"].filter(Boolean).join(" and ");
        throw new ReinstallError(
            "MISSING_CREDENTIALS",
            `No Tencent Cloud ${missing}: set them with \`pulumi config set --plaintext tencentcloud:secretId …\` (today's CLI wants --plaintext or --secret for a key named secret*) and ` +
                "`pulumi config set --secret tencentcloud:secretKey …`, or export TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY.",
        );
    }
    const region = inputs.region !== undefined ? canonicalRegion(inputs.region) : configuredRegion(config, env)?.region;
    if (!region) {
        throw new ReinstallError(
            "INVALID_INPUT",
            "No region: set the resource input `region`, `pulumi config set tencentcloud:region ap-guangzhou`, or TENCENTCLOUD_REGION.",
        );
    }
    const dialect: Dialect = inputs.api ?? "2017-03-12";
    const fromEnv = inputs.endpoint === undefined ? env.CVM_REINSTALL_ENDPOINT || undefined : undefined;
    const envProblem = fromEnv === undefined ? undefined : endpointViolation(fromEnv);
    if (envProblem) throw new ReinstallError("INVALID_INPUT", `CVM_REINSTALL_ENDPOINT ${envProblem}`);
    const endpoint = inputs.endpoint ?? fromEnv ?? DEFAULT_ENDPOINTS[dialect];
    const token = pick("token");
    return {
        dialect,
        endpoint: normaliseEndpoint(endpoint),
        region,
        credentials: token ? { secretId, secretKey, token } : { secretId, secretKey },
    };
}
