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

export interface CvmClient {
    readonly dialect: Dialect;
    /**
     * Reads up to 100 instances in one call (more are split into several calls). Instances that do
     * not exist are absent from the map. Safe to retry; the client retries throttling itself.
     */
    describeInstances(instanceIds: readonly string[]): Promise<Map<string, InstanceView>>;
    /**
     * Submits one reset. Never retried on an ambiguous failure: such failures throw a
     * `CvmTransportError` with `ambiguous: true` and the caller must read the instance to decide.
     */
    resetInstance(request: ResetRequest): Promise<ResetAccepted>;
    /**
     * Legacy only, inferred (`DescribleTaskResult`, not in Tencent's action list): the outcome of a
     * reset task by id. Resolves "unknown" instead of throwing when the API cannot tell.
     */
    describeTask?(requestId: string): Promise<TaskStatus>;
}
