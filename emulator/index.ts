// Public entry point of the emulator: a faithful local Tencent Cloud CVM API (legacy v2 and API 3.0)
// for tests, demos and dry runs. Independent of provider/: it imports only node built-ins.
import { Admin } from "./admin";
import { Cloud, EmulatorOptions } from "./cloud";
import type { FaultSpec } from "./faults";
import type { ImageSeed } from "./images";
import type { InstanceRecord } from "./instanceRecord";
import type { InstanceSeed } from "./instanceSeed";
import type { LoggedRequest } from "./requestLog";
import { startServer } from "./server";

export type { EmulatorOptions } from "./cloud";
export type { FaultKind, FaultSpec } from "./faults";
export type { ImageSeed } from "./images";
export type { InstanceState } from "./instance";
export type { InstanceRecord, OperationRecord } from "./instanceRecord";
export type { InstanceSeed } from "./instanceSeed";
export type { LoggedRequest } from "./requestLog";
export { DEFAULT_CREDENTIALS } from "./credentials";
export { DEFAULT_IMAGES } from "./images";

export interface Emulator {
  /** "http://127.0.0.1:PORT" (no path). Legacy lives at /v2/index.php, API 3.0 at /, admin at /_admin/. */
  url: string;
  close(): Promise<void>;
  seed(instances: InstanceSeed[], images?: ImageSeed[]): void;
  /** The emulator's own record, by ins- id or qcvm alias; undefined when it does not exist. */
  instance(id: string): InstanceRecord | undefined;
  instances(): InstanceRecord[];
  /** Redacted request log, oldest first. */
  requests(): LoggedRequest[];
  clearRequests(): void;
  inject(fault: FaultSpec): void;
  clearFaults(): void;
  setClockSpeed(speed: number): void;
  advance(seconds: number): void;
  setBalance(ok: boolean): void;
  /** Like a console reinstall: completes after reinstallSeconds, logged as an out-of-band operation. */
  reinstallOutOfBand(instanceId: string, imageId?: string, rootSize?: number): void;
  removeInstance(id: string): void;
}

export async function startEmulator(opts: EmulatorOptions = {}): Promise<Emulator> {
  const cloud = new Cloud(opts);
  const admin = new Admin(cloud);
  const running = await startServer(cloud, admin, cloud.options.port);
  return {
    url: running.url,
    close: () => running.close(),
    seed: (instances, images) => admin.seed(instances, images),
    instance: (id) => admin.instance(id),
    instances: () => admin.instances(),
    requests: () => admin.requests(),
    clearRequests: () => admin.clearRequests(),
    inject: (fault) => admin.inject(fault),
    clearFaults: () => admin.clearFaults(),
    setClockSpeed: (speed) => admin.setClockSpeed(speed),
    advance: (seconds) => admin.advance(seconds),
    setBalance: (ok) => admin.setBalance(ok),
    reinstallOutOfBand: (instanceId, imageId, rootSize) => {
      admin.reinstallOutOfBand(instanceId, imageId, rootSize);
    },
    removeInstance: (id) => {
      admin.removeInstance(id);
    },
  };
}
