// Fault injection: armed specs, matched by action and optional instance id, consumed `times` times.
// Three families: transport faults (answered before anything is applied), `dropAfterApply`
// (applied, then the socket dies) and task faults (the reset is accepted, its task goes wrong).

export type FaultKind =
  | "http500"
  | "dropBeforeApply"
  | "dropAfterApply"
  | "slow"
  | "throttle"
  | "systemBusy"
  | "taskFail"
  | "vanish"
  | "faulty";

export interface FaultSpec {
  kind: FaultKind;
  /** ResetInstances, ResetInstance, DescribeInstances…; default: any action (task faults: any reset). */
  action?: string;
  instanceId?: string;
  /** Default 1. */
  times?: number;
  /** For `slow`; default 1000. */
  delayMs?: number;
}

export const FAULT_KINDS: readonly FaultKind[] = [
  "http500",
  "dropBeforeApply",
  "dropAfterApply",
  "slow",
  "throttle",
  "systemBusy",
  "taskFail",
  "vanish",
  "faulty",
];

/** Faults that only make sense for an accepted reset. */
export const TASK_FAULTS: readonly FaultKind[] = ["taskFail", "faulty", "vanish"];
export const RESET_ACTIONS: readonly string[] = ["ResetInstances", "ResetInstance"];

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
    if (!Number.isInteger(times) || times < 1) throw new Error(`fault: times must be an integer >= 1, got ${spec.times}`);
    if (spec.delayMs !== undefined && (!Number.isFinite(spec.delayMs) || spec.delayMs < 0)) {
      throw new Error(`fault: delayMs must be >= 0, got ${spec.delayMs}`);
    }
    this.armed.push({ spec: { ...spec }, remaining: times });
  }

  clear(): void {
    this.armed = [];
  }

  list(): FaultSpec[] {
    return this.armed.map((a) => ({ ...a.spec, times: a.remaining }));
  }

  /**
   * Finds (and consumes, unless `peek`) the oldest armed fault of one of `kinds` matching the
   * request. `instanceIds` lists every id the request names (any alias).
   */
  take(kinds: readonly FaultKind[], action: string, instanceIds: readonly string[], peek = false): FaultSpec | undefined {
    const index = this.armed.findIndex((a) => kinds.includes(a.spec.kind) && matches(a.spec, action, instanceIds));
    if (index < 0) return undefined;
    const found = this.armed[index];
    if (!peek) {
      found.remaining -= 1;
      if (found.remaining <= 0) this.armed.splice(index, 1);
    }
    return { ...found.spec };
  }
}

function matches(spec: FaultSpec, action: string, instanceIds: readonly string[]): boolean {
  if (spec.action !== undefined) {
    if (spec.action !== action) return false;
  } else if (TASK_FAULTS.includes(spec.kind) && !RESET_ACTIONS.includes(action)) {
    return false;
  }
  if (spec.instanceId !== undefined && !instanceIds.includes(spec.instanceId)) return false;
  return true;
}
