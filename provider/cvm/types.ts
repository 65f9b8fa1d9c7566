/**
 * The small client interface both CVM API dialects implement. The provider only ever sees these
 * shapes, so the legacy (v2, `ResetInstances`) and API 3.0 (`ResetInstance`) wire formats stay
 * inside their own modules.
 */

/** Which CVM API a resource talks to. */
export type Dialect = "legacy" | "2017-03-12";

/** Credentials, resolved when a provider method runs (never captured in `__provider`). */
export interface Credentials {
    secretId: string;
    secretKey: string;
    /** Session token of temporary credentials (sent as `Token` / `X-TC-Token`). */
    token?: string;
}

/** Where and as whom one client talks. */
export interface ClientTarget {
    dialect: Dialect;
    /** Base URL, scheme + host [+ port], no path. The dialect appends its own path. */
    endpoint: string;
    /** Long region name (`ap-guangzhou`); the legacy dialect sends it as given by the user. */
    region: string;
    credentials: Credentials;
}

/**
 * The instance's lifecycle, normalised across dialects:
 * - `running` / `stopped`: a reinstall may start;
 * - `reinstalling`: legacy status 14, or API 3.0 `LatestOperation=ResetInstance` + `OPERATING`;
 * - `transitional`: starting, stopping, rebooting… — wait it out before a reset;
 * - `busy`: another operation is in flight (API 3.0 `OPERATING` of something else, legacy 10–13, 15–20);
 * - `faulty`: legacy status 1, API 3.0 `LAUNCH_FAILED`;
 * - `gone`: being destroyed / returned (legacy 5, 6; API 3.0 SHUTDOWN, TERMINATING);
 * - `unavailable`: anything that will not become resettable by waiting (maintenance, rescue mode…).
 */
export type InstancePhase =
    | "running"
    | "stopped"
    | "reinstalling"
    | "transitional"
    | "busy"
    | "faulty"
    | "gone"
    | "unavailable";

/** The last operation as API 3.0 reports it (absent under legacy). */
export interface LatestOperation {
    name?: string;
    state?: "OPERATING" | "SUCCESS" | "FAILED";
    requestId?: string;
    errorMessage?: string;
}

/** One instance as DescribeInstances reports it, in dialect-neutral form. */
export interface InstanceView {
    instanceId: string;
    phase: InstancePhase;
    /** The raw status as the API sent it (legacy number, API 3.0 string), for messages. */
    rawStatus: number | string;
    imageId?: string;
    osName?: string;
    rootSize?: number;
    /** Derived from the OS name: Windows images have stricter password rules. */
    platform?: "linux" | "windows";
    latestOperation?: LatestOperation;
    /** Tags on the instance (API 3.0 `Tags`, `Key` → `Value`); absent under legacy. */
    tags?: Readonly<Record<string, string>>;
    /** First private / public IPv4 address, when the API reports one (readiness probes connect here). */
    privateIp?: string;
    publicIp?: string;
    /** Every id the API knows this instance by (legacy: the `ins-…` id and the old `qcvm…` id). */
    aliases?: readonly string[];
}

/** What to reinstall with. Absent optional fields are not sent (the API's defaults apply). */
export interface ResetRequest {
    instanceId: string;
    imageId?: string;
    imageType?: 1 | 2 | 3 | 4;
    password?: string;
    needSecurityAgent: boolean;
    needMonitorAgent: boolean;
    rootSize?: number;
    /** API 3.0 only. */
    keyIds?: string[];
    keepImageLogin?: boolean;
    hostName?: string;
    userData?: string;
}

/** What the API said when it accepted a reset. */
export interface ResetAccepted {
    /** Legacy: the task id (`requestId`, as a string). API 3.0: the response's `RequestId`. */
    requestId: string;
}

/** Task status where the dialect can report it by id (legacy `DescribleTaskResult`, inferred). */
export type TaskStatus = "success" | "failed" | "running" | "unknown";

/** Per-call options. Every retry of the client stops before `deadlineAt` (epoch ms). */
export interface CallOptions {
    deadlineAt?: number;
}

/**
 * The neutral outcome of one reset submission (one per dialect acceptor; the saga never branches on
 * the dialect):
 * - `accepted`: the server answered with a request id;
 * - `refused`: an error that proves the server did nothing (auth, parameters, state, balance,
 *   throttling that outlasted the retries): safe to report, nothing to follow;
 * - `unknown`: no usable answer (lost reply, timeout, HTTP 5xx, `InternalError*`,
 *   `ServiceUnavailable`): the reset may or may not have been applied. `signedAt` (epoch ms) is the
 *   signature time of the last attempt: the server refuses that request once its timestamp is older
 *   than its tolerance, so after `signedAt + tolerance` it can no longer be applied.
 */
export type ResetOutcome =
    | { outcome: "accepted"; requestId: string }
    | { outcome: "refused"; error: Error & { code: string | number } }
    | { outcome: "unknown"; error: Error; signedAt: number };

/**
 * Progress of one traced reset as a sequence of reads shows it. `untraceable`: the reads can no
 * longer say what happened to it (API 3.0: another operation replaced it as the latest one).
 */
export type ResetTrace =
    | { state: "pending"; label: string }
    | { state: "running"; label: string }
    | { state: "succeeded"; label: string }
    | { state: "failed"; label: string; reason: string }
    | { state: "untraceable"; label: string };

/**
 * Where an unknown-outcome reset stands, judged from one read against the pre-flight read:
 * - `found`: a reset that the pre-flight read did not show (API 3.0: a new `ResetInstance` latest
 *   operation; legacy: status 14);
 * - `absent`: the instance shows nothing newer than the pre-flight read;
 * - `untraceable`: another operation replaced the latest one, so the read cannot tell.
 */
export type ResetLocation =
    | { state: "found"; requestId?: string; label: string }
    | { state: "absent"; label: string }
    | { state: "untraceable"; label: string };

/** What one dialect can do beyond reading and resetting. */
export interface ClientCapabilities {
    /** API 3.0: `LatestOperation*` on every instance. */
    latestOperation: boolean;
    /** API 3.0: tags readable in `DescribeInstances` and writable through the Tag API. */
    intentTags: boolean;
    /** API 3.0: `InquiryPriceResetInstance`. */
    dryRun: boolean;
    /** API 3.0: `ResetInstancesPassword`. */
    passwordReset: boolean;
    /** API 3.0: TAT (`RunCommand`). */
    commands: boolean;
}

/** TAT: one command invocation's task on one instance. */
export interface CommandTask {
    status: "PENDING" | "DELIVERING" | "RUNNING" | "SUCCESS" | "FAILED" | "TIMEOUT" | "CANCELLED" | string;
    exitCode?: number;
    /** Decoded output, truncated by the API. */
    output?: string;
}

export interface CvmClient {
    readonly dialect: Dialect;
    /** The reset action's name on the wire (`ResetInstances` / `ResetInstance`), for messages. */
    readonly resetAction: string;
    readonly capabilities: ClientCapabilities;
    /**
     * Reads up to 100 instances in one call (more are split into several calls). Instances that do
     * not exist are absent from the map. Safe to retry; the client retries throttling itself.
     */
    describeInstances(instanceIds: readonly string[], options?: CallOptions): Promise<Map<string, InstanceView>>;
    /**
     * Submits one reset. Never retried on an ambiguous failure: such failures throw a
     * `CvmTransportError` with `ambiguous: true` (or a `CvmInternalError`) and the caller must read
     * the instance to decide. Retries stop before `options.deadlineAt`.
     */
    resetInstance(request: ResetRequest, options?: CallOptions): Promise<ResetAccepted>;
    /**
     * Legacy only, inferred (`DescribleTaskResult`, not in Tencent's action list): the outcome of a
     * reset task by id. Resolves "unknown" instead of throwing when the API cannot tell.
     */
    describeTask?(requestId: string, options?: CallOptions): Promise<TaskStatus>;

    /**
     * The neutral acceptor: submits one reset and classifies the result. Never resends after an
     * unknown outcome; retries only what proves the server did nothing (throttling, `SystemBusy`),
     * and never past `options.deadlineAt`.
     */
    submitReset(request: ResetRequest, options?: CallOptions): Promise<ResetOutcome>;
    /**
     * Creates a tracer for the reset `requestId`; `baseline` is the read before the reset (an
     * operation newer than it that is not ours makes ours untraceable). Feed it each read of the
     * instance; it keeps what it must remember between reads (legacy: whether status 14 was seen).
     * Pure: no I/O.
     */
    traceReset(requestId: string, baseline?: InstanceView): (view: InstanceView, task?: TaskStatus) => ResetTrace;
    /**
     * After an unknown outcome: does `view` show a reset that `baseline` (the pre-flight read) did
     * not? Pure. `found` carries the request id where the dialect reports one.
     */
    locateReset(baseline: InstanceView, view: InstanceView): ResetLocation;

    /** API 3.0 (`intentTags`): upsert tags on the instance (Tag API `ModifyResourceTags`). */
    writeTags?(instanceId: string, tags: Readonly<Record<string, string>>, options?: CallOptions): Promise<void>;
    /** API 3.0 (`dryRun`): `InquiryPriceResetInstance`; resolves when the server would accept, throws its refusal. */
    inquireReset?(request: ResetRequest, options?: CallOptions): Promise<void>;
    /** API 3.0 (`passwordReset`): `ResetInstancesPassword` with `ForceStop`; resolves the RequestId. */
    resetPassword?(instanceId: string, password: string, options?: CallOptions): Promise<ResetAccepted>;
    /** API 3.0 (`commands`): TAT agent status per instance (`Online`, `Offline`, …). */
    describeAgentStatus?(instanceIds: readonly string[], options?: CallOptions): Promise<Map<string, string>>;
    /** API 3.0 (`commands`): `RunCommand` of a shell command (plain text; the client base64-encodes it). */
    runCommand?(
        instanceId: string,
        command: string,
        options?: CallOptions & { timeoutSeconds?: number },
    ): Promise<{ invocationId: string }>;
    /** API 3.0 (`commands`): `DescribeInvocationTasks` of one invocation on one instance. */
    describeCommandTask?(
        invocationId: string,
        instanceId: string,
        options?: CallOptions,
    ): Promise<CommandTask | undefined>;
}
