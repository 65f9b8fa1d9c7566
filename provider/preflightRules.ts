import type { Dialect, InstanceView } from "./cvm/types";
import type { ReinstallErrorCode } from "./errors";
import { describePasswordRule, passwordViolation } from "./passwordPolicy";

/**
 * The rules only the live instance can decide, shared by `pulumi preview` (diff) and the
 * reinstall's own pre-flight at `up`, so both refuse the same declarations with the same words.
 * Pure: the caller reads the instance; nothing here does I/O.
 */

/** What a rule needs from the declaration. */
export interface DeclaredReset {
    instanceId: string;
    imageId?: string;
    password?: string;
    rootSize?: number;
    keyIds?: readonly string[];
    api: Dialect;
}

/** One broken rule: the property to fix, a stable code and a message that never quotes the password. */
export interface PreflightViolation {
    code: ReinstallErrorCode;
    property: string;
    message: string;
}

/**
 * Whether the instance's state allows a reset now (`ok`), after a wait that `up` does itself
 * (`wait`: starting, stopping, another operation in flight), or never (`refuse`).
 */
export type StateRule =
    | { state: "ok" }
    | { state: "wait"; label: string }
    | { state: "refuse"; violation: PreflightViolation };

export function stateRule(view: InstanceView): StateRule {
    switch (view.phase) {
        case "running":
        case "stopped":
            return { state: "ok" };
        case "reinstalling":
        case "transitional":
        case "busy":
            return { state: "wait", label: `${view.phase} (status ${view.rawStatus})` };
        default:
            return {
                state: "refuse",
                violation: {
                    code: "INSTANCE_STATE",
                    property: "instanceId",
                    message: `Instance ${view.instanceId} is ${view.phase} (status ${view.rawStatus}); a reinstall needs it running or stopped.`,
                },
            };
    }
}

/** A system disk never shrinks: `rootSize` below the live size is refused. */
export function shrinkViolation(declared: DeclaredReset, view: InstanceView): PreflightViolation | undefined {
    if (declared.rootSize === undefined || view.rootSize === undefined || declared.rootSize >= view.rootSize)
        return undefined;
    return {
        code: "ROOT_SIZE_SHRINK",
        property: "rootSize",
        message:
            `rootSize ${declared.rootSize} GB is smaller than the current system disk of ${declared.instanceId} ` +
            `(${view.rootSize} GB); a system disk never shrinks. Set rootSize to ${view.rootSize} or more, or remove it.`,
    };
}

/**
 * Windows takes the stricter password rule and no key pairs. Applied when the instance runs
 * Windows and keeps its image (the target image's OS is not looked up).
 */
export function windowsViolation(declared: DeclaredReset, view: InstanceView): PreflightViolation | undefined {
    const sameImage = declared.imageId === undefined || declared.imageId === view.imageId;
    if (view.platform !== "windows" || !sameImage) return undefined;
    const id = declared.instanceId;
    if (declared.password !== undefined) {
        const why = passwordViolation(declared.password, "windows", declared.api);
        if (why) {
            return {
                code: "PASSWORD_POLICY",
                property: "password",
                message: `password ${why} (${id} runs Windows: ${describePasswordRule("windows", declared.api)}).`,
            };
        }
    }
    if (declared.keyIds !== undefined) {
        return {
            code: "INVALID_INPUT",
            property: "keyIds",
            message: `keyIds cannot be used on ${id}: it runs Windows, which takes a password instead.`,
        };
    }
    return undefined;
}

/** Every declaration rule against the live instance (state excluded: see {@link stateRule}), in a fixed order. */
export function declarationViolations(declared: DeclaredReset, view: InstanceView): PreflightViolation[] {
    return [shrinkViolation(declared, view), windowsViolation(declared, view)].filter(
        (v): v is PreflightViolation => v !== undefined,
    );
}
