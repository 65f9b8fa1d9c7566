// Test/demo control of the emulator: the same operations in-process (Emulator methods) and over
// HTTP under /_admin/ (JSON, unsigned, never logged as API calls).
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Cloud } from "./cloud";
import { FAULT_KINDS, type FaultKind, type FaultSpec } from "./faults";
import { type GuestSettings, validateGuestSettings } from "./guest/guestConfig";
import { formToRecord, pathOf, queryString, sendJson } from "./httpIo";
import type { ImageSeed } from "./images";
import { type InstanceRecord, toInstanceRecord } from "./instanceRecord";
import type { InstanceSeed } from "./instanceSeed";
import type { RequestIdFormats } from "./requestIds";
import type { LoggedRequest } from "./requestLog";
import type { ResetRecordView } from "./resetRecord";
import { type CommandScript, validateCommandScript } from "./tat/commandScripts";

export const ADMIN_PREFIX = "/_admin/";

/** Where guest settings apply: one instance, or every instance booting (or running) an image. */
export type GuestTarget = { instanceId: string; imageId?: undefined } | { imageId: string; instanceId?: undefined };

export class Admin {
    constructor(private readonly cloud: Cloud) {}

    seed(instances: InstanceSeed[] = [], images: ImageSeed[] = []): void {
        if (!Array.isArray(instances) || !Array.isArray(images))
            throw new Error("seed: instances and images must be arrays");
        this.cloud.store.seedImages(images); // images first: instances may refer to them
        this.cloud.store.seedInstances(instances);
    }

    instances(): InstanceRecord[] {
        return this.cloud.store.list().map((i) => this.recordOf(i.instanceId)!);
    }

    instance(id: string): InstanceRecord | undefined {
        return this.recordOf(id);
    }

    private recordOf(id: string): InstanceRecord | undefined {
        const inst = this.cloud.store.get(id);
        return inst
            ? toInstanceRecord(this.cloud.store, this.cloud.clock, inst, this.cloud.network.listeners(inst.instanceId))
            : undefined;
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

    /** Clears every fault, or only those of one kind (e.g. a standing readLag). */
    clearFaults(kind?: FaultKind): void {
        if (kind !== undefined && !FAULT_KINDS.includes(kind))
            throw new Error(`faults: kind must be one of ${FAULT_KINDS.join(", ")}`);
        this.cloud.faults.clear(kind);
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

    /** Resets per instance and the most concurrent reinstalls since the last resetRecord(). */
    record(instanceIds?: readonly string[]): ResetRecordView {
        return this.cloud.record.view(this.cloud.store.allTasks(), instanceIds);
    }

    resetRecord(): void {
        this.cloud.record.reset(this.cloud.store.peekNextTaskId(), this.cloud.clock.nowSeconds());
    }

    requestIdFormats(): RequestIdFormats {
        return this.cloud.requestIds.get();
    }

    setRequestIdFormats(change: Partial<RequestIdFormats>): void {
        this.cloud.requestIds.set(change);
    }

    /**
     * Boot time, health and HTTP status of simulated guests. bootSeconds applies to the next boot;
     * healthy and httpStatus also to guests already up (an operator's fix needs no reinstall).
     */
    configureGuest(target: GuestTarget, settings: GuestSettings): void {
        const checked = validateGuestSettings(settings);
        const { store, guestConfig } = this.cloud;
        let affected;
        if (typeof target.instanceId === "string") {
            const inst = store.get(target.instanceId);
            if (!inst) throw new Error(`guests: no instance ${target.instanceId}`);
            guestConfig.setForInstance(inst.instanceId, checked);
            affected = [inst];
        } else if (typeof target.imageId === "string") {
            if (!store.image(target.imageId)) throw new Error(`guests: no image ${target.imageId}`);
            guestConfig.setForImage(target.imageId, checked);
            affected = store.list().filter((i) => i.imageId === target.imageId);
        } else {
            throw new Error("guests: give instanceId or imageId");
        }
        for (const inst of affected)
            store.setGuestHealth(inst, guestConfig.effective(inst, store.image(inst.imageId)).healthy);
    }

    scriptCommand(script: CommandScript): void {
        this.cloud.commandScripts.add(validateCommandScript(script));
    }

    commandScripts(): CommandScript[] {
        return this.cloud.commandScripts.list();
    }

    clearCommandScripts(): void {
        this.cloud.commandScripts.clear();
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
        const task = store.startReset(inst, {
            via: "outOfBand",
            requestId: randomUUID(),
            imageId: image.imageId,
            rootSize,
            outcome: "success",
        });
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

const ok = { ok: true };

export function handleAdmin(admin: Admin, req: IncomingMessage, res: ServerResponse, body: Buffer): void {
    const method = (req.method ?? "GET").toUpperCase();
    const rest = decodeURIComponent(pathOf(req).slice(ADMIN_PREFIX.length)).replace(/\/+$/, "");
    const [resource, id] = rest.split("/", 2);
    const query = formToRecord(queryString(req));
    try {
        const input = parseJson(body);
        const route = `${method} ${resource}${id !== undefined ? "/:id" : ""}`;
        switch (route) {
            case "POST seed":
                admin.seed(input.instances ?? [], input.images ?? []);
                return sendJson(res, 200, ok);
            case "GET instances":
                return sendJson(res, 200, admin.instances());
            case "GET instances/:id": {
                const record = admin.instance(id);
                return record ? sendJson(res, 200, record) : sendJson(res, 404, { error: `no instance ${id}` });
            }
            case "DELETE instances/:id":
                return admin.removeInstance(id)
                    ? sendJson(res, 200, ok)
                    : sendJson(res, 404, { error: `no instance ${id}` });
            case "GET requests":
                return sendJson(res, 200, admin.requests());
            case "DELETE requests":
                admin.clearRequests();
                return sendJson(res, 200, ok);
            case "GET faults":
                return sendJson(res, 200, admin.faults());
            case "POST faults":
                admin.inject(input as unknown as FaultSpec);
                return sendJson(res, 200, ok);
            case "DELETE faults":
                admin.clearFaults(query.kind as FaultKind | undefined);
                return sendJson(res, 200, ok);
            case "POST clock":
                if (input.speed !== undefined) admin.setClockSpeed(Number(input.speed));
                if (input.advanceSeconds !== undefined) admin.advance(Number(input.advanceSeconds));
                return sendJson(res, 200, ok);
            case "POST balance":
                if (typeof input.ok !== "boolean") throw new Error("balance: body must be {ok: boolean}");
                admin.setBalance(input.ok);
                return sendJson(res, 200, ok);
            case "POST reinstall":
                if (typeof input.instanceId !== "string") throw new Error("reinstall: instanceId is required");
                return sendJson(res, 200, admin.reinstallOutOfBand(input.instanceId, input.imageId, input.rootSize));
            case "GET record":
                return sendJson(
                    res,
                    200,
                    admin.record(query.instanceIds ? query.instanceIds.split(",").filter((s) => s !== "") : undefined),
                );
            case "POST record":
                // The same view for a long list of ids: {"instanceIds": [...]}.
                if (input.instanceIds !== undefined && !Array.isArray(input.instanceIds))
                    throw new Error("record: instanceIds must be an array");
                return sendJson(res, 200, admin.record(input.instanceIds));
            case "DELETE record":
                admin.resetRecord();
                return sendJson(res, 200, ok);
            case "GET request-ids":
                return sendJson(res, 200, admin.requestIdFormats());
            case "POST request-ids":
                admin.setRequestIdFormats(input);
                return sendJson(res, 200, admin.requestIdFormats());
            case "POST guests": {
                const { instanceId, imageId, ...settings } = input;
                admin.configureGuest({ instanceId, imageId } as GuestTarget, settings);
                return sendJson(res, 200, ok);
            }
            case "GET commands":
                return sendJson(res, 200, admin.commandScripts());
            case "POST commands":
                admin.scriptCommand(input as unknown as CommandScript);
                return sendJson(res, 200, ok);
            case "DELETE commands":
                admin.clearCommandScripts();
                return sendJson(res, 200, ok);
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
    if (value === null || typeof value !== "object" || Array.isArray(value))
        throw new Error("admin: the body must be a JSON object");
    return value as Record<string, unknown>;
}
