// Fault injection: armed specs, matched by action and optional instance (or image) id.
// Families:
// - before anything is applied: http500, dropBeforeApply, throttle, systemBusy, errorBeforeApply, slow;
// - applied, then the reply goes wrong: dropAfterApply (socket dies), delayReply (reply after
//   delayMs), hangAfterApply (no reply ever; the socket stays open), errorAfterApply (an error reply);
// - accepted but applied late while the reply is lost: applyLate (resets only);
// - task faults (the reset is accepted, its task goes wrong): taskFail, faulty, vanish;
// - standing conditions, never consumed (cleared by DELETE): readLag (DescribeInstances answers as
//   a replica `seconds` behind), bootBroken and slowBoot (the next boots of an instance or image).
// Consumable faults fire `times` times (default 1).

export type FaultKind =
    | "http500"
    | "dropBeforeApply"
    | "dropAfterApply"
    | "slow"
    | "throttle"
    | "systemBusy"
    | "errorBeforeApply"
    | "errorAfterApply"
    | "delayReply"
    | "hangAfterApply"
    | "applyLate"
    | "taskFail"
    | "vanish"
    | "faulty"
    | "readLag"
    | "bootBroken"
    | "slowBoot";

export interface FaultSpec {
    kind: FaultKind;
    /** ResetInstances, ResetInstance, DescribeInstances…; default: any action (task faults and applyLate: any reset; readLag: DescribeInstances). */
    action?: string;
    instanceId?: string;
    /** bootBroken / slowBoot: the image being booted. */
    imageId?: string;
    /** Default 1; ignored by standing faults. */
    times?: number;
    /** slow and delayReply: real milliseconds, default 1000. */
    delayMs?: number;
    /** Emulator-clock seconds: applyLate delay (default 5), readLag lag (default 10), slowBoot extra boot time (default 120). */
    seconds?: number;
    /** errorBeforeApply / errorAfterApply: the 3.0 Error.Code (legacy: its codeDesc), default InternalError. */
    code?: string;
}

export const FAULT_KINDS: readonly FaultKind[] = [
    "http500",
    "dropBeforeApply",
    "dropAfterApply",
    "slow",
    "throttle",
    "systemBusy",
    "errorBeforeApply",
    "errorAfterApply",
    "delayReply",
    "hangAfterApply",
    "applyLate",
    "taskFail",
    "vanish",
    "faulty",
    "readLag",
    "bootBroken",
    "slowBoot",
];

/** Faults that only make sense for an accepted reset. */
export const TASK_FAULTS: readonly FaultKind[] = ["taskFail", "faulty", "vanish"];
export const STANDING_FAULTS: readonly FaultKind[] = ["readLag", "bootBroken", "slowBoot"];
export const RESET_ACTIONS: readonly string[] = ["ResetInstances", "ResetInstance"];
const RESET_ONLY: readonly FaultKind[] = [...TASK_FAULTS, "applyLate"];
/** Error codes errorBeforeApply / errorAfterApply may answer: the server-side failures. */
export const FAULT_ERROR_CODE =
    /^(InternalError(\.[A-Za-z]+)?|InternalServerError|ServiceUnavailable|FailedOperation)$/;

interface ArmedFault {
    spec: FaultSpec;
    remaining: number;
}

export class FaultBoard {
    private armed: ArmedFault[] = [];

    arm(spec: FaultSpec): void {
        if (!spec || !FAULT_KINDS.includes(spec.kind)) {
            throw new Error(`fault: kind must be one of ${FAULT_KINDS.join(", ")}, got ${JSON.stringify(spec?.kind)}`);
        }
        const times = spec.times ?? 1;
        if (!Number.isInteger(times) || times < 1)
            throw new Error(`fault: times must be an integer >= 1, got ${spec.times}`);
        if (spec.delayMs !== undefined && (!Number.isFinite(spec.delayMs) || spec.delayMs < 0)) {
            throw new Error(`fault: delayMs must be >= 0, got ${spec.delayMs}`);
        }
        if (
            spec.seconds !== undefined &&
            (typeof spec.seconds !== "number" || !Number.isFinite(spec.seconds) || spec.seconds < 0)
        ) {
            throw new Error(`fault: seconds must be a number >= 0, got ${spec.seconds}`);
        }
        if (spec.code !== undefined && (typeof spec.code !== "string" || !FAULT_ERROR_CODE.test(spec.code))) {
            throw new Error(
                `fault: code must be InternalError, InternalError.<Sub>, InternalServerError, ServiceUnavailable or FailedOperation, got ${JSON.stringify(spec.code)}`,
            );
        }
        for (const name of ["action", "instanceId", "imageId"] as const) {
            if (spec[name] !== undefined && typeof spec[name] !== "string")
                throw new Error(`fault: ${name} must be a string`);
        }
        this.armed.push({ spec: { ...spec }, remaining: times });
    }

    /** Clears every fault, or only those of one kind. */
    clear(kind?: FaultKind): void {
        this.armed = kind === undefined ? [] : this.armed.filter((a) => a.spec.kind !== kind);
    }

    list(): FaultSpec[] {
        return this.armed.map((a) =>
            STANDING_FAULTS.includes(a.spec.kind) ? { ...a.spec } : { ...a.spec, times: a.remaining },
        );
    }

    /**
     * Finds (and consumes, unless `peek` or standing) the oldest armed fault of one of `kinds`
     * matching the request. `instanceIds` lists every id the request names (any alias).
     */
    take(
        kinds: readonly FaultKind[],
        action: string,
        instanceIds: readonly string[],
        peek = false,
    ): FaultSpec | undefined {
        const index = this.armed.findIndex((a) => kinds.includes(a.spec.kind) && matches(a.spec, action, instanceIds));
        if (index < 0) return undefined;
        const found = this.armed[index];
        if (!peek && !STANDING_FAULTS.includes(found.spec.kind)) {
            found.remaining -= 1;
            if (found.remaining <= 0) this.armed.splice(index, 1);
        }
        return { ...found.spec };
    }

    /** The standing fault of `kind` that applies to an instance (by id) or to the image it boots. */
    standing(kind: "readLag" | "bootBroken" | "slowBoot", instanceId: string, imageId?: string): FaultSpec | undefined {
        const found = this.armed.find(
            (a) =>
                a.spec.kind === kind &&
                (a.spec.instanceId === undefined || a.spec.instanceId === instanceId) &&
                (a.spec.imageId === undefined || a.spec.imageId === imageId),
        );
        return found ? { ...found.spec } : undefined;
    }
}

function matches(spec: FaultSpec, action: string, instanceIds: readonly string[]): boolean {
    if (spec.action !== undefined) {
        if (spec.action !== action) return false;
    } else if (RESET_ONLY.includes(spec.kind) && !RESET_ACTIONS.includes(action)) {
        return false;
    }
    if (spec.instanceId !== undefined && !instanceIds.includes(spec.instanceId)) return false;
    return true;
}
