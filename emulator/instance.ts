// The instance model shared by the store and both dialects' views.
import { randomBytes } from "node:crypto";
import type { Region } from "./regions";

export type InstanceState =
    | "RUNNING"
    | "STOPPED"
    | "STARTING"
    | "STOPPING"
    | "REBOOTING"
    | "LAUNCH_FAILED"
    | "TERMINATING";

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

/** A CVM tag (`Tags: [{Key, Value}]` in DescribeInstances; the Tag API calls them TagKey/TagValue). */
export interface InstanceTag {
    key: string;
    value: string;
}

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
    /** Index of the instance's loopback addresses (see instanceAddresses). */
    addressIndex: number;
    architecture: "x86_64" | "arm";
    licenseType: "TencentCloud" | "BYOL";
    tags: InstanceTag[];
    createdAt: number;
    latestOperation: string | null;
    latestOperationState: "SUCCESS" | "OPERATING" | "FAILED" | null;
    latestOperationRequestId: string | null;
    latestOperationErrorMsg: string | null;
    taskIds: number[];
}

/**
 * Every instance gets a private and a public address in 127.0.0.0/8, so that readiness probes can
 * reach the emulator's simulated guests over real sockets on this machine: 127.10.x.y (private)
 * and 127.20.x.y (public), one index per instance (index 0 -> .0.1, 253 -> .0.254, 254 -> .1.1; see addressPool).
 */
export function instanceAddresses(inst: Pick<Instance, "addressIndex">): { lanIp: string; wanIp: string } {
    const x = Math.floor(inst.addressIndex / 254);
    const y = (inst.addressIndex % 254) + 1;
    return { lanIp: `127.10.${x}.${y}`, wanIp: `127.20.${x}.${y}` };
}

/** 254 addresses per /24 times 256 third octets. */
export const MAX_ADDRESS_INDEX = 254 * 256 - 1;

export function zoneName(inst: Instance): string {
    return `${inst.region.long}-${inst.zoneIndex}`;
}

export function newDiskId(): string {
    const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    return `disk-${[...randomBytes(8)].map((b) => alphabet[b % alphabet.length]).join("")}`;
}
