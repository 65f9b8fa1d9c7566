// Public entry point of the emulator: a faithful local Tencent Cloud API (CVM in API 3.0 and the
// legacy v2, TAT, Tag) for tests, demos and dry runs. Independent of provider/: it imports only
// node built-ins.
import { Admin, type GuestTarget } from "./admin";
import { Cloud, type EmulatorOptions } from "./cloud";
import type { FaultKind, FaultSpec } from "./faults";
import type { GuestSettings } from "./guest/guestConfig";
import type { ImageSeed } from "./images";
import type { InstanceRecord } from "./instanceRecord";
import type { InstanceSeed } from "./instanceSeed";
import type { RequestIdFormats } from "./requestIds";
import type { LoggedRequest } from "./requestLog";
import type { ResetRecordView } from "./resetRecord";
import { startServer } from "./server";
import type { CommandScript } from "./tat/commandScripts";

export type { EmulatorOptions } from "./cloud";
export type { FaultKind, FaultSpec } from "./faults";
export type { ImageSeed } from "./images";
export type { InstanceState } from "./instance";
export type { InstanceRecord, OperationRecord } from "./instanceRecord";
export type { InstanceSeed } from "./instanceSeed";
export type { LoggedRequest } from "./requestLog";
export type { RequestIdFormats, Api3RequestIdFormat, LegacyTaskIdFormat } from "./requestIds";
export type { ResetRecordView, ResetCounts } from "./resetRecord";
export type { GuestSettings } from "./guest/guestConfig";
export type { GuestTarget } from "./admin";
export type { CommandScript } from "./tat/commandScripts";
export { DEFAULT_CREDENTIALS, EMULATOR_UIN } from "./credentials";
export { DEFAULT_API3_LIMITS } from "./cloud";
export { DEFAULT_IMAGES } from "./images";

export interface Emulator {
    /** "http://127.0.0.1:PORT" (no path). Legacy lives at /v2/index.php, API 3.0 (cvm, tat, tag) at /, admin at /_admin/. */
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
    /** Every fault, or only those of one kind. */
    clearFaults(kind?: FaultKind): void;
    setClockSpeed(speed: number): void;
    advance(seconds: number): void;
    setBalance(ok: boolean): void;
    /** Like a console reinstall: completes after reinstallSeconds, logged as an out-of-band operation. */
    reinstallOutOfBand(instanceId: string, imageId?: string, rootSize?: number): void;
    removeInstance(id: string): void;
    /** Accepted resets per instance and the most concurrent reinstalls (overall and among `instanceIds`). */
    record(instanceIds?: readonly string[]): ResetRecordView;
    /** Starts the record afresh (resets accepted before are no longer counted). */
    resetRecord(): void;
    setRequestIdFormats(formats: Partial<RequestIdFormats>): void;
    /** Boot time, health and HTTP status of the guests of one instance or image. */
    configureGuest(target: GuestTarget, settings: GuestSettings): void;
    /** The exit code (and output) TAT commands get; the newest matching script wins. */
    scriptCommand(script: CommandScript): void;
    clearCommandScripts(): void;
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
        clearFaults: (kind) => admin.clearFaults(kind),
        setClockSpeed: (speed) => admin.setClockSpeed(speed),
        advance: (seconds) => admin.advance(seconds),
        setBalance: (ok) => admin.setBalance(ok),
        reinstallOutOfBand: (instanceId, imageId, rootSize) => {
            admin.reinstallOutOfBand(instanceId, imageId, rootSize);
        },
        removeInstance: (id) => {
            admin.removeInstance(id);
        },
        record: (instanceIds) => admin.record(instanceIds),
        resetRecord: () => admin.resetRecord(),
        setRequestIdFormats: (formats) => admin.setRequestIdFormats(formats),
        configureGuest: (target, settings) => admin.configureGuest(target, settings),
        scriptCommand: (script) => admin.scriptCommand(script),
        clearCommandScripts: () => admin.clearCommandScripts(),
    };
}
