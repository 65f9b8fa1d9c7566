/**
 * Shared set-up for the client-vs-emulator protocol tests: one emulator per test on 127.0.0.1,
 * a client of either dialect pointed at it, and small helpers over the emulator's request log.
 */
import { DEFAULT_CREDENTIALS, startEmulator } from "../../emulator";
import type { Emulator, EmulatorOptions, LoggedRequest } from "../../emulator";
import type { ClientDeps, CvmClientEvent } from "../../provider/cvm/callRunner";
import { createClient } from "../../provider/cvm/createClient";
import { createLimiterRegistry } from "../../provider/cvm/rateLimiter";
import type { Credentials, CvmClient, Dialect } from "../../provider/cvm/types";

export interface DialectCase {
    dialect: Dialect;
    /** The reset action's name in this dialect. */
    reset: "ResetInstances" | "ResetInstance";
}

/** Every scenario is written once and runs for both. */
export const DIALECTS: readonly DialectCase[] = [
    { dialect: "legacy", reset: "ResetInstances" },
    { dialect: "2017-03-12", reset: "ResetInstance" },
];

export const INSTANCE = "ins-aaaa0001";
export const OLD_IMAGE = "img-centos79";
export const NEW_IMAGE = "img-ubun2204";
export const PASSWORD = "Pr0tocol!Pass";

export interface Harness {
    emu: Emulator;
    events: CvmClientEvent[];
    client(options?: { credentials?: Partial<Credentials>; region?: string; deps?: ClientDeps }): CvmClient;
    /** Log entries of one action, oldest first. */
    calls(action: string): LoggedRequest[];
    close(): Promise<void>;
}

export async function startHarness(dialect: Dialect, options: EmulatorOptions = {}): Promise<Harness> {
    const emu = await startEmulator(options);
    emu.seed([{ instanceId: INSTANCE, imageId: OLD_IMAGE, rootSize: 50, state: "RUNNING" }]);
    const events: CvmClientEvent[] = [];
    return {
        emu,
        events,
        client(opts = {}) {
            return createClient(
                {
                    dialect,
                    endpoint: emu.url,
                    region: opts.region ?? "ap-guangzhou",
                    credentials: { ...DEFAULT_CREDENTIALS, ...opts.credentials },
                },
                {
                    random: () => 0, // no backoff waits: retries are immediate
                    limiters: createLimiterRegistry(),
                    onEvent: (event) => events.push(event),
                    ...opts.deps,
                },
            );
        },
        calls: (action) => emu.requests().filter((r) => r.action === action),
        close: () => emu.close(),
    };
}

export { rejectionOf } from "../support/rejection";

export function resetRequest(overrides: Record<string, unknown> = {}) {
    return {
        instanceId: INSTANCE,
        imageId: NEW_IMAGE,
        password: PASSWORD,
        needSecurityAgent: true,
        needMonitorAgent: true,
        ...overrides,
    };
}
