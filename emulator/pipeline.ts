// What happens to an authenticated API call in either dialect: rate limit, injected faults,
// the action itself, the response, and the outcome recorded in the request log.
import type { ServerResponse } from "node:http";
import type { Cloud } from "./cloud";
import { FaultKind, TASK_FAULTS } from "./faults";
import { dropConnection, sendBadGateway, sendJson } from "./httpIo";
import type { LoggedRequest } from "./requestLog";

export type TaskFaultKind = "taskFail" | "faulty" | "vanish";

/** Handlers call this when (and only when) they accept a reset: it consumes a matching task fault. */
export type TaskFaultPicker = () => TaskFaultKind | undefined;

export interface HandlerResult {
  body: unknown;
  /** "ok" or the error code / codeDesc. */
  outcome: string;
}

export interface ApiCall {
  res: ServerResponse;
  entry: LoggedRequest;
  action: string;
  instanceIds: readonly string[];
  admit(): boolean;
  /** The dialect's envelope for throttling and for a busy backend. */
  errorFor(kind: "throttle" | "systemBusy"): HandlerResult;
  handle(pickTaskFault: TaskFaultPicker): HandlerResult;
}

const PRE_FAULTS: readonly FaultKind[] = ["http500", "dropBeforeApply", "dropAfterApply", "throttle", "systemBusy"];

export async function runApiCall(cloud: Cloud, call: ApiCall): Promise<void> {
  const { res, entry } = call;
  if (!call.admit()) {
    const throttled = call.errorFor("throttle");
    sendJson(res, 200, throttled.body);
    entry.outcome = throttled.outcome;
    return;
  }

  // Faults match the ids as sent and their canonical form, so a fault armed on ins-… also hits
  // a legacy call that names the instance by its qcvm alias.
  const ids = [...new Set(call.instanceIds.flatMap((id) => [id, cloud.store.canonicalId(id) ?? id]))];
  const slow = cloud.faults.take(["slow"], call.action, ids);
  if (slow) await new Promise((resolve) => setTimeout(resolve, slow.delayMs ?? 1000).unref());

  const pre = cloud.faults.take(PRE_FAULTS, call.action, ids);
  switch (pre?.kind) {
    case "http500":
      sendBadGateway(res);
      entry.outcome = "http500";
      return;
    case "dropBeforeApply":
      dropConnection(res);
      entry.outcome = "dropBeforeApply";
      return;
    case "throttle":
    case "systemBusy":
      sendJson(res, 200, call.errorFor(pre.kind).body);
      entry.outcome = pre.kind;
      return;
  }

  let taskFault: TaskFaultKind | undefined;
  const result = call.handle(() => {
    taskFault = cloud.faults.take(TASK_FAULTS, call.action, ids)?.kind as TaskFaultKind | undefined;
    return taskFault;
  });

  if (pre?.kind === "dropAfterApply") {
    dropConnection(res);
    entry.outcome = "dropAfterApply";
    return;
  }
  sendJson(res, 200, result.body);
  entry.outcome = taskFault ?? (slow && result.outcome === "ok" ? "slow" : result.outcome);
}
