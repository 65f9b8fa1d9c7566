import type * as pulumi from "@pulumi/pulumi";

/**
 * Which CVM API dialect a resource uses: `2017-03-12` (API 3.0, the default; the only one Tencent
 * Cloud still serves) or `legacy`, the seed document's `ResetInstances` on `cvm.api.qcloud.com`.
 */
export type CvmApi = "legacy" | "2017-03-12";

/** The inputs of {@link InstanceReinstall}. See the README for every rule check applies. */
export interface InstanceReinstallArgs {
    /** `ins-xxxxxxxx` (or an old `qcvm…` id). Changing it means another instance: replace. */
    instanceId: pulumi.Input<string>;
    /** `img-xxxxxxxx`; absent = reinstall with the instance's current image. */
    imageId?: pulumi.Input<string>;
    /** 1 private, 2 public (default when imageId is set), 3 marketplace, 4 shared. Only with imageId. */
    imageType?: pulumi.Input<1 | 2 | 3 | 4>;
    /** The new login password. Always stored as a secret. */
    password?: pulumi.Input<string>;
    /** Install the security agent (default true). */
    needSecurityAgent?: pulumi.Input<boolean>;
    /** Install the monitoring agent (default true). */
    needMonitorAgent?: pulumi.Input<boolean>;
    /** System disk size in GB; absent = unchanged. Never shrinks. */
    rootSize?: pulumi.Input<number>;
    /** Region (`ap-guangzhou` or legacy `gz`); overrides `tencentcloud:region` and TENCENTCLOUD_REGION. */
    region?: pulumi.Input<string>;
    /** Base URL of the API (emulator, private endpoint); overrides CVM_REINSTALL_ENDPOINT. */
    endpoint?: pulumi.Input<string>;
    /** The provider's own deadline for one reinstall, in minutes (default 30). */
    waitTimeoutMinutes?: pulumi.Input<number>;
    /** Any change of these values reinstalls, even with the same image. */
    triggers?: pulumi.Input<pulumi.Input<unknown>[]>;
    /** CVM API dialect: `2017-03-12` (default, API 3.0) or `legacy`. Changing it alone never reinstalls. */
    api?: pulumi.Input<CvmApi>;
    /** API 3.0 only: SSH key ids to bind instead of a password (not on Windows). */
    keyIds?: pulumi.Input<pulumi.Input<string>[]>;
    /** API 3.0 only: keep the login settings baked into a custom/shared image. */
    keepImageLogin?: pulumi.Input<boolean>;
    /** API 3.0 only: the host name to set during the reinstall. */
    hostName?: pulumi.Input<string>;
    /** API 3.0 only: base64 user data (at most 16 KB) run on first boot. A change reinstalls. */
    userData?: pulumi.Input<string>;
    /** Fleet policy shared by every resource of `group` in one `pulumi up` (README "Rolling out a fleet"). */
    rollout?: pulumi.Input<RolloutArgs>;
    /** What "reinstalled" must also mean: a port, an HTTP check or a TAT command must pass afterwards. */
    readiness?: pulumi.Input<ReadinessArgs>;
}

/**
 * How the reinstalls of one group roll out. Every member of a group must declare the same policy.
 * Defaults on a plain resource: no limit, no canary, no pause.
 */
export interface RolloutArgs {
    /** Resources with the same group share this policy in one run. */
    group: pulumi.Input<string>;
    /** At most this many reinstalls of the group in flight (submitted, not yet ready or failed). */
    maxParallel?: pulumi.Input<number>;
    /** The first N reinstalls must finish and pass readiness before any other starts. */
    canary?: pulumi.Input<number>;
    /** Bake time after the canary passed, before the rest start (fractions allowed). */
    pauseMinutes?: pulumi.Input<number>;
    /** Once this many reinstalls of the group failed in this run, the rest fail untouched. */
    maxFailures?: pulumi.Input<number>;
    /** At most this many reinstalls of the group start in one run; the rest fail untouched. */
    maxReinstalls?: pulumi.Input<number>;
}

/** Checks that must pass after the reinstall task succeeded; all declared ones must pass. */
export interface ReadinessArgs {
    /** A TCP port that must accept a connection. */
    tcpPort?: pulumi.Input<number>;
    /** A URL that must answer a GET with 2xx; `{privateIp}` / `{publicIp}` are the instance's addresses. */
    httpUrl?: pulumi.Input<string>;
    /** API 3.0 only: a shell command run through TAT that must exit 0. */
    command?: pulumi.Input<string>;
    /** Which address `tcpPort` connects to: `private` (default) or `public`. */
    address?: pulumi.Input<"private" | "public">;
    /** Seconds after the task succeeded before the first probe (default 0). */
    warmupSeconds?: pulumi.Input<number>;
    /** Minutes from the task's success (warm-up included) to pass (default 10). */
    timeoutMinutes?: pulumi.Input<number>;
}
