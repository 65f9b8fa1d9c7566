// Legacy error model: HTTP 200, {code, message, codeDesc}. Which numeric code goes with which CVM
// codeDesc is undocumented; this single table holds our mapping, by analogy with the CAM table
// (https://cloud.tencent.com/document/product/598/13900). Lookup: exact codeDesc first, then the longest dotted prefix.

export const LEGACY_CODE_TABLE: Readonly<Record<string, number>> = {
    InvalidParameter: 4000, // all InvalidParameter.* (including missing common params)
    InvalidAction: 4000,
    "AuthFailure.SignatureFailure": 4100,
    "AuthFailure.SecretIdNotFound": 4104,
    "AuthFailure.TokenFailure": 4105,
    "AuthFailure.ReplayAttack": 4500, // Nonce reused
    "AuthFailure.SignatureExpire": 4500, // Timestamp too far from server time
    RequestLimitExceeded: 4400,
    "InvalidInstanceId.NotFound": 5000,
    "InvalidTaskId.NotFound": 5000,
    "OperationConstraints.InvaildInstanceStatus": 5100, // Tencent's spelling
    OperationFail: 5100, // all OperationFail.* (AllResourceOpFailed, SystemBusy)
    "OperationConstraints.AccountBalanceNotEnough": 5300,
    InternalError: 6000,
};

export function legacyCodeFor(codeDesc: string): number {
    const parts = codeDesc.split(".");
    for (let n = parts.length; n > 0; n--) {
        const code = LEGACY_CODE_TABLE[parts.slice(0, n).join(".")];
        if (code !== undefined) return code;
    }
    return 6000;
}

/** Thrown by legacy handlers; the pipeline turns it into the envelope. */
export class LegacyError extends Error {
    readonly code: number;
    constructor(
        readonly codeDesc: string,
        message: string,
    ) {
        super(message);
        this.code = legacyCodeFor(codeDesc);
    }
}
