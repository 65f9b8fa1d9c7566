// Everything one emulated cloud account holds, shared by both dialects and the admin API.
import { Clock } from "./clock";
import { type Credential, CredentialBook, DEFAULT_CREDENTIALS } from "./credentials";
export { EMULATOR_UIN } from "./credentials";
import { FaultBoard } from "./faults";
import { GuestConfig } from "./guest/guestConfig";
import { GuestNetwork } from "./guest/guestNetwork";
import type { ImageSeed } from "./images";
import type { InstanceSeed } from "./instanceSeed";
import { InstanceStore } from "./instanceStore";
import { NonceCache } from "./nonceCache";
import { type LegacyLimits, RateLimits } from "./rateLimits";
import { RequestIds } from "./requestIds";
import { RequestLog } from "./requestLog";
import { ResetRecord } from "./resetRecord";
import { SimScheduler } from "./simScheduler";
import { CommandScripts } from "./tat/commandScripts";
import { Invocations } from "./tat/invocations";

/** Per-action limits of API 3.0 in requests per second (the published defaults). */
export const DEFAULT_API3_LIMITS: Readonly<Record<string, number>> = Object.freeze({
    ResetInstance: 10,
    DescribeInstances: 40,
    InquiryPriceResetInstance: 10,
    ResetInstancesPassword: 10,
    ModifyResourceTags: 20,
    TagResources: 20,
    DescribeResourceTagsByResourceIds: 100,
    DescribeAutomationAgentStatus: 60,
    RunCommand: 20,
    DescribeInvocationTasks: 20,
});

export interface EmulatorOptions {
    /** Default 0 (ephemeral); the host is always 127.0.0.1. */
    port?: number;
    /** Default: one pair, DEFAULT_CREDENTIALS. */
    credentials?: { secretId: string; secretKey: string; token?: string }[];
    /** Simulated seconds per real second, default 1. */
    clockSpeed?: number;
    /** Simulated duration of a reinstall task, default 120. */
    reinstallSeconds?: number;
    /** Simulated duration of STARTING/STOPPING/REBOOTING, default 30. */
    transitionSeconds?: number;
    /** Simulated duration of ResetInstancesPassword, default 30. */
    passwordResetSeconds?: number;
    /** Simulated duration of a TAT command, default 2. */
    commandSeconds?: number;
    /** Timestamp tolerance against REAL wall time, default 300. */
    maxSkewSeconds?: number;
    /** Default 100 / 1000 per sliding 60 s of real time, per SecretId. */
    legacyLimits?: LegacyLimits;
    /** Requests per real second per action; merged over DEFAULT_API3_LIMITS. */
    api3Limits?: Record<string, number>;
    /** Open real listeners for booted guests (default true). */
    guestNetwork?: boolean;
    instances?: InstanceSeed[];
    images?: ImageSeed[];
}

export interface ResolvedOptions {
    port: number;
    credentials: Credential[];
    clockSpeed: number;
    reinstallSeconds: number;
    transitionSeconds: number;
    passwordResetSeconds: number;
    commandSeconds: number;
    maxSkewSeconds: number;
    legacyLimits: LegacyLimits;
    api3Limits: Record<string, number>;
    guestNetwork: boolean;
}

export function resolveOptions(opts: EmulatorOptions = {}): ResolvedOptions {
    const nonNegative = (name: string, value: number) => {
        if (!Number.isFinite(value) || value < 0)
            throw new Error(`emulator option ${name} must be a finite number >= 0, got ${value}`);
        return value;
    };
    return {
        port: opts.port ?? 0,
        credentials:
            opts.credentials && opts.credentials.length > 0
                ? opts.credentials.map((c) => ({ ...c }))
                : [{ ...DEFAULT_CREDENTIALS }],
        clockSpeed: nonNegative("clockSpeed", opts.clockSpeed ?? 1),
        reinstallSeconds: nonNegative("reinstallSeconds", opts.reinstallSeconds ?? 120),
        transitionSeconds: nonNegative("transitionSeconds", opts.transitionSeconds ?? 30),
        passwordResetSeconds: nonNegative("passwordResetSeconds", opts.passwordResetSeconds ?? 30),
        commandSeconds: nonNegative("commandSeconds", opts.commandSeconds ?? 2),
        maxSkewSeconds: nonNegative("maxSkewSeconds", opts.maxSkewSeconds ?? 300),
        legacyLimits: { perActionPerMinute: 100, perAccountPerMinute: 1000, ...opts.legacyLimits },
        api3Limits: { ...DEFAULT_API3_LIMITS, ...opts.api3Limits },
        guestNetwork: opts.guestNetwork ?? true,
    };
}

export class Cloud {
    readonly options: ResolvedOptions;
    readonly clock: Clock;
    readonly scheduler: SimScheduler;
    readonly store: InstanceStore;
    readonly credentials: CredentialBook;
    readonly nonces: NonceCache;
    readonly limits: RateLimits;
    readonly faults = new FaultBoard();
    readonly log = new RequestLog();
    readonly requestIds = new RequestIds();
    readonly record = new ResetRecord();
    readonly guestConfig = new GuestConfig();
    readonly network: GuestNetwork;
    readonly invocations: Invocations;
    readonly commandScripts = new CommandScripts();
    balanceOk = true;
    private readonly sleepers = new Set<() => void>();

    constructor(opts: EmulatorOptions = {}) {
        this.options = resolveOptions(opts);
        this.clock = new Clock(this.options.clockSpeed);
        this.scheduler = new SimScheduler(this.clock);
        this.store = new InstanceStore(this.clock, this.options, opts.images);
        this.network = new GuestNetwork(this.options.guestNetwork, (inst) =>
            this.guestConfig.effective(inst, this.store.image(inst.imageId)),
        );
        this.store.wake = (at) => this.scheduler.at(at, () => this.store.settle());
        this.store.guestPolicy = {
            bootPlan: (inst, image) => this.guestConfig.bootPlan(inst, image, this.faults),
            guestChanged: (inst, status) =>
                status === "up" ? this.network.up(inst) : this.network.down(inst.instanceId),
        };
        this.invocations = new Invocations(this.clock, this.options.commandSeconds);
        this.credentials = new CredentialBook(this.options.credentials);
        // A timestamp may be up to maxSkew in the future, so a nonce must be remembered for twice that.
        this.nonces = new NonceCache(2 * this.options.maxSkewSeconds * 1000);
        this.limits = new RateLimits(this.options.legacyLimits, this.options.api3Limits);
        if (opts.instances) this.store.seedInstances(opts.instances);
    }

    /** How far behind DescribeInstances answers for an instance (a readLag fault; default 10 s). */
    readLagSeconds(instanceId: string): number {
        const lag = this.faults.standing("readLag", instanceId);
        return lag ? (lag.seconds ?? 10) : 0;
    }

    /** A real-time pause (delayed replies) that ends early when the emulator closes. */
    sleep(ms: number): Promise<void> {
        return new Promise((resolve) => {
            const done = () => {
                clearTimeout(timer);
                this.sleepers.delete(done);
                resolve();
            };
            const timer = setTimeout(done, ms);
            timer.unref();
            this.sleepers.add(done);
        });
    }

    async close(): Promise<void> {
        this.scheduler.close();
        for (const wake of [...this.sleepers]) wake();
        await this.network.closeAll();
    }
}
