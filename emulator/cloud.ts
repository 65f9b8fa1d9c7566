// Everything one emulated cloud account holds, shared by both dialects and the admin API.
import { Clock } from "./clock";
import { Credential, CredentialBook, DEFAULT_CREDENTIALS } from "./credentials";
import { FaultBoard } from "./faults";
import type { ImageSeed } from "./images";
import type { InstanceSeed } from "./instanceSeed";
import { InstanceStore } from "./instanceStore";
import { NonceCache } from "./nonceCache";
import { LegacyLimits, RateLimits } from "./rateLimits";
import { RequestLog } from "./requestLog";

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
  /** Timestamp tolerance against REAL wall time, default 300. */
  maxSkewSeconds?: number;
  /** Default 100 / 1000 per sliding 60 s of real time, per SecretId. */
  legacyLimits?: LegacyLimits;
  /** Requests per real second per action, default { ResetInstance: 10, DescribeInstances: 40 }. */
  api3Limits?: Record<string, number>;
  instances?: InstanceSeed[];
  images?: ImageSeed[];
}

export interface ResolvedOptions {
  port: number;
  credentials: Credential[];
  clockSpeed: number;
  reinstallSeconds: number;
  transitionSeconds: number;
  maxSkewSeconds: number;
  legacyLimits: LegacyLimits;
  api3Limits: Record<string, number>;
}

export function resolveOptions(opts: EmulatorOptions = {}): ResolvedOptions {
  const nonNegative = (name: string, value: number) => {
    if (!Number.isFinite(value) || value < 0) throw new Error(`emulator option ${name} must be a finite number >= 0, got ${value}`);
    return value;
  };
  return {
    port: opts.port ?? 0,
    credentials: opts.credentials && opts.credentials.length > 0 ? opts.credentials.map((c) => ({ ...c })) : [{ ...DEFAULT_CREDENTIALS }],
    clockSpeed: nonNegative("clockSpeed", opts.clockSpeed ?? 1),
    reinstallSeconds: nonNegative("reinstallSeconds", opts.reinstallSeconds ?? 120),
    transitionSeconds: nonNegative("transitionSeconds", opts.transitionSeconds ?? 30),
    maxSkewSeconds: nonNegative("maxSkewSeconds", opts.maxSkewSeconds ?? 300),
    legacyLimits: { perActionPerMinute: 100, perAccountPerMinute: 1000, ...opts.legacyLimits },
    api3Limits: { ...(opts.api3Limits ?? { ResetInstance: 10, DescribeInstances: 40 }) },
  };
}

export class Cloud {
  readonly options: ResolvedOptions;
  readonly clock: Clock;
  readonly store: InstanceStore;
  readonly credentials: CredentialBook;
  readonly nonces: NonceCache;
  readonly limits: RateLimits;
  readonly faults = new FaultBoard();
  readonly log = new RequestLog();
  balanceOk = true;

  constructor(opts: EmulatorOptions = {}) {
    this.options = resolveOptions(opts);
    this.clock = new Clock(this.options.clockSpeed);
    this.store = new InstanceStore(this.clock, this.options, opts.images);
    this.credentials = new CredentialBook(this.options.credentials);
    // A timestamp may be up to maxSkew in the future, so a nonce must be remembered for twice that.
    this.nonces = new NonceCache(2 * this.options.maxSkewSeconds * 1000);
    this.limits = new RateLimits(this.options.legacyLimits, this.options.api3Limits);
    if (opts.instances) this.store.seedInstances(opts.instances);
  }
}
