// Fixed, documented, non-secret default credentials: the emulator is not the cloud, so printing
// this key (CLI banner, docs) is fine. Real keys never belong here.

export interface Credential {
    secretId: string;
    secretKey: string;
    /** When set, requests must carry this session token (legacy `Token`, 3.0 `X-TC-Token`). */
    token?: string;
}

export const DEFAULT_CREDENTIALS = Object.freeze({
    secretId: "AKIDEMULATOR00000000000000000000000",
    secretKey: "emulator-secret-key-0000000000000",
} as const);

/** Main-account uin of the emulated account (Tag API resource names, `uin/<uin>`). */
export const EMULATOR_UIN = "100000000001";

export class CredentialBook {
    private readonly byId = new Map<string, Credential>();

    constructor(credentials: readonly Credential[]) {
        for (const c of credentials) {
            if (
                !c ||
                typeof c.secretId !== "string" ||
                c.secretId === "" ||
                typeof c.secretKey !== "string" ||
                c.secretKey === ""
            ) {
                throw new Error("credentials: each entry needs a non-empty secretId and secretKey");
            }
            this.byId.set(c.secretId, { ...c });
        }
    }

    find(secretId: string): Credential | undefined {
        return this.byId.get(secretId);
    }

    /** Token rule shared by both dialects: a credential with a token requires it; one without refuses any. */
    tokenMatches(credential: Credential, token: string | undefined): boolean {
        const sent = token === undefined || token === "" ? undefined : token;
        const expected = credential.token === undefined || credential.token === "" ? undefined : credential.token;
        return sent === expected;
    }
}
