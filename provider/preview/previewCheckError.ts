/**
 * A reinstall that `pulumi preview` already knows `up` would refuse: missing or rejected
 * credentials, an instance that is not there, a state, disk or password the live instance rules
 * out, or the server's own refusal in a dry run. `property` names the input (or config key) to fix.
 * The message never contains the password or a key.
 */
export class PreviewCheckError extends Error {
    override readonly name = "PreviewCheckError";
    readonly __previewCheckError = true as const;
    constructor(
        readonly code: PreviewCheckCode,
        readonly property: string,
        message: string,
        readonly instanceId?: string,
    ) {
        super(message);
    }
}

export type PreviewCheckCode =
    | "MISSING_CREDENTIALS"
    | "CREDENTIALS_REJECTED"
    | "UNSUPPORTED_REGION"
    | "INSTANCE_NOT_FOUND"
    | "INSTANCE_STATE"
    | "ROOT_SIZE_SHRINK"
    | "PASSWORD_POLICY"
    | "INVALID_INPUT"
    | "DRY_RUN_REFUSED"
    | "READ_FAILED";

export function isPreviewCheckError(e: unknown): e is PreviewCheckError {
    return !!e && typeof e === "object" && (e as { __previewCheckError?: unknown }).__previewCheckError === true;
}
