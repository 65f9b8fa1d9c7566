// Test/demo control of the emulator: the same operations in-process (Emulator methods) and over
// HTTP under /_admin/ (JSON, unsigned, never logged as API calls).
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Cloud } from "./cloud";
import type { FaultSpec } from "./faults";
import { pathOf, sendJson } from "./httpIo";
import type { ImageSeed } from "./images";
import { InstanceRecord, toInstanceRecord } from "./instanceRecord";
import type { InstanceSeed } from "./instanceSeed";
import type { LoggedRequest } from "./requestLog";

export const ADMIN_PREFIX = "/_admin/";

export class Admin {
  constructor(private readonly cloud: Cloud) {}

  seed(instances: InstanceSeed[] = [], images: ImageSeed[] = []): void {
    if (!Array.isArray(instances) || !Array.isArray(images)) throw new Error("seed: instances and images must be arrays");
    this.cloud.store.seedImages(images); // images first: instances may refer to them
    this.cloud.store.seedInstances(instances);
  }

  instances(): InstanceRecord[] {
    return this.cloud.store.list().map((i) => toInstanceRecord(this.cloud.store, this.cloud.clock, i));
  }

  instance(id: string): InstanceRecord | undefined {
    const inst = this.cloud.store.get(id);
    return inst ? toInstanceRecord(this.cloud.store, this.cloud.clock, inst) : undefined;
  }

  requests(): LoggedRequest[] {
    return this.cloud.log.all();
  }

  clearRequests(): void {
    this.cloud.log.clear();
  }

  inject(fault: FaultSpec): void {
    this.cloud.faults.arm(fault);
  }

  faults(): FaultSpec[] {
    return this.cloud.faults.list();
  }

  clearFaults(): void {
    this.cloud.faults.clear();
  }

  setClockSpeed(speed: number): void {
    this.cloud.clock.setSpeed(speed);
  }

  advance(seconds: number): void {
    this.cloud.clock.advance(seconds);
  }

  setBalance(ok: boolean): void {
    this.cloud.balanceOk = ok;
  }

  /** Like a reinstall from the console: not an API call, but visible in the log as out-of-band. */
  reinstallOutOfBand(instanceId: string, imageId?: string, rootSize?: number): { requestId: string; taskId: number } {
    const { store } = this.cloud;
    const inst = store.get(instanceId);
    if (!inst) throw new Error(`reinstallOutOfBand: no instance ${instanceId}`);
    const image = store.image(imageId ?? inst.imageId);
    if (!image) throw new Error(`reinstallOutOfBand: no image ${imageId}`);
    if (store.isReinstalling(inst)) throw new Error(`reinstallOutOfBand: ${instanceId} is already reinstalling`);
    if (rootSize !== undefined && (!Number.isInteger(rootSize) || rootSize < inst.rootSize)) {
      throw new Error(`reinstallOutOfBand: rootSize must be an integer >= the current ${inst.rootSize} GB`);
    }
    const task = store.startReset(inst, { via: "outOfBand", requestId: randomUUID(), imageId: image.imageId, rootSize, outcome: "success" });
    const entry = this.cloud.log.open({
      dialect: "admin",
      method: "OUT-OF-BAND",
      action: "ReinstallOutOfBand",
      region: inst.region.long,
      instanceIds: [inst.instanceId],
      params: { instanceId, imageId: image.imageId, ...(rootSize !== undefined ? { rootSize } : {}) },
    });
    entry.outcome = "ok";
    return { requestId: task.requestId, taskId: task.taskId };
  }

  removeInstance(id: string): boolean {
    return this.cloud.store.remove(id);
  }
}

export function handleAdmin(admin: Admin, req: IncomingMessage, res: ServerResponse, body: Buffer): void {
  const method = (req.method ?? "GET").toUpperCase();
  const rest = decodeURIComponent(pathOf(req).slice(ADMIN_PREFIX.length)).replace(/\/+$/, "");
  const [resource, id] = rest.split("/", 2);
  try {
    const input = parseJson(body);
    const route = `${method} ${resource}${id !== undefined ? "/:id" : ""}`;
    switch (route) {
      case "POST seed":
        admin.seed(input.instances ?? [], input.images ?? []);
        return sendJson(res, 200, { ok: true });
      case "GET instances":
        return sendJson(res, 200, admin.instances());
      case "GET instances/:id": {
        const record = admin.instance(id);
        return record ? sendJson(res, 200, record) : sendJson(res, 404, { error: `no instance ${id}` });
      }
      case "DELETE instances/:id":
        return admin.removeInstance(id) ? sendJson(res, 200, { ok: true }) : sendJson(res, 404, { error: `no instance ${id}` });
      case "GET requests":
        return sendJson(res, 200, admin.requests());
      case "DELETE requests":
        admin.clearRequests();
        return sendJson(res, 200, { ok: true });
      case "GET faults":
        return sendJson(res, 200, admin.faults());
      case "POST faults":
        admin.inject(input as unknown as FaultSpec);
        return sendJson(res, 200, { ok: true });
      case "DELETE faults":
        admin.clearFaults();
        return sendJson(res, 200, { ok: true });
      case "POST clock":
        if (input.speed !== undefined) admin.setClockSpeed(Number(input.speed));
        if (input.advanceSeconds !== undefined) admin.advance(Number(input.advanceSeconds));
        return sendJson(res, 200, { ok: true });
      case "POST balance":
        if (typeof input.ok !== "boolean") throw new Error("balance: body must be {ok: boolean}");
        admin.setBalance(input.ok);
        return sendJson(res, 200, { ok: true });
      case "POST reinstall":
        if (typeof input.instanceId !== "string") throw new Error("reinstall: instanceId is required");
        return sendJson(res, 200, admin.reinstallOutOfBand(input.instanceId, input.imageId, input.rootSize));
      default:
        return sendJson(res, 404, { error: `no admin route ${method} ${pathOf(req)}` });
    }
  } catch (err) {
    sendJson(res, 400, { error: err instanceof Error ? err.message : String(err) });
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function parseJson(body: Buffer): Record<string, any> {
  const text = body.toString("utf8").trim();
  if (text === "") return {};
  const value: unknown = JSON.parse(text);
  if (value === null || typeof value !== "object" || Array.isArray(value)) throw new Error("admin: the body must be a JSON object");
  return value as Record<string, unknown>;
}
