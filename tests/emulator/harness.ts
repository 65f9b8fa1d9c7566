// Starts an emulator per suite and hands out a signed client for it.
import {
    DEFAULT_API3_LIMITS,
    DEFAULT_CREDENTIALS,
    type Emulator,
    type EmulatorOptions,
    startEmulator,
} from "../../emulator";
import { TestClient } from "./httpClient";

/** Temporary credentials (with a session token) for the auth suites of both dialects. */
export const TEMP_CREDENTIALS = {
    secretId: "AKIDTEMPORARY000000000000000000000",
    secretKey: "temporary-key",
    token: "session-token-1",
};

/** The default pair plus the temporary one, and one instance to act on. */
export const AUTH_SUITE_OPTIONS: EmulatorOptions = {
    credentials: [{ ...DEFAULT_CREDENTIALS }, TEMP_CREDENTIALS],
    instances: [{ instanceId: "ins-aaaaaaa1" }],
};

export interface Harness {
    emu: Emulator;
    client: TestClient;
}

/** Suites that are not about quotas must not trip the real ones (ResetInstance is 10/s). */
const GENEROUS: EmulatorOptions = {
    legacyLimits: { perActionPerMinute: 1_000_000, perAccountPerMinute: 1_000_000 },
    api3Limits: Object.fromEntries(Object.keys(DEFAULT_API3_LIMITS).map((action) => [action, 1_000_000])),
};

/** Registers before/after hooks in the current describe; read `h.emu` / `h.client` inside tests. */
export function useEmulator(opts: EmulatorOptions = {}): Harness {
    const h = {} as Harness;
    before(async () => {
        h.emu = await startEmulator({ ...GENEROUS, ...opts });
        h.client = new TestClient(h.emu.url, { ...DEFAULT_CREDENTIALS });
    });
    after(async () => {
        await h.emu?.close();
    });
    return h;
}

export async function withEmulator<T>(
    opts: EmulatorOptions,
    fn: (emu: Emulator, client: TestClient) => Promise<T>,
): Promise<T> {
    const emu = await startEmulator({ ...GENEROUS, ...opts });
    try {
        return await fn(emu, new TestClient(emu.url, { ...DEFAULT_CREDENTIALS }));
    } finally {
        await emu.close();
    }
}
