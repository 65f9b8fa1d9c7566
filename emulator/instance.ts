// The instance model shared by the store and both dialects' views.
import { randomBytes } from "node:crypto";
import type { Region } from "./regions";

export type InstanceState = "RUNNING" | "STOPPED" | "STARTING" | "STOPPING" | "REBOOTING" | "LAUNCH_FAILED" | "TERMINATING";

export const INSTANCE_STATES: readonly InstanceState[] = [
  "RUNNING",
  "STOPPED",
  "STARTING",
  "STOPPING",
  "REBOOTING",
  "LAUNCH_FAILED",
  "TERMINATING",
];

/** Transitional states and where they end up after `transitionSeconds`. */
export const TRANSITIONS: Partial<Record<InstanceState, InstanceState>> = {
  STARTING: "RUNNING",
  STOPPING: "STOPPED",
  REBOOTING: "RUNNING",
};

/** Internal, mutable; times are simulated seconds. */
export interface Instance {
  instanceId: string;
  oldId?: string;
  name: string;
  uuid: string;
  region: Region;
  zoneIndex: number;
  state: InstanceState;
  stateSince: number;
  imageId: string;
  rootSize: number;
  rootId: string;
  rootType: string;
  cpu: number;
  memory: number;
  instanceType: string;
  keyIds: string[];
  hostName: string;
  createdAt: number;
  latestOperation: string | null;
  latestOperationState: "SUCCESS" | "OPERATING" | "FAILED" | null;
  latestOperationRequestId: string | null;
  latestOperationErrorMsg: string | null;
  taskIds: number[];
}

/** Deterministic private/public addresses, so both dialects report the same ones. */
export function instanceAddresses(inst: Instance): { lanIp: string; wanIp: string } {
  let h = 0;
  for (const c of inst.instanceId) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return { lanIp: `10.0.${(h >> 8) & 255}.${(h & 253) + 2}`, wanIp: `203.0.113.${(h % 250) + 1}` };
}

export function zoneName(inst: Instance): string {
  return `${inst.region.long}-${inst.zoneIndex}`;
}

export function newDiskId(): string {
  const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
  return `disk-${[...randomBytes(8)].map((b) => alphabet[b % alphabet.length]).join("")}`;
}
