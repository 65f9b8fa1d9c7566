// What a simulated guest does after a boot, configurable per image and per instance (admin API):
// boot time, healthy or not, the HTTP status its web server answers. Instance settings win over
// image settings, which win over the image's seed.
import type { FaultBoard } from "../faults";
import { type Image, isHttpStatus } from "../images";
import type { Instance } from "../instance";
import type { BootPlan } from "../instanceStore";

export interface GuestSettings {
    bootSeconds?: number;
    healthy?: boolean;
    httpStatus?: number;
}

export interface EffectiveGuest {
    bootSeconds: number;
    healthy: boolean;
    httpStatus: number;
    tcpPorts: number[];
    httpPort: number | null;
    tatAgent: boolean;
}

export function validateGuestSettings(input: unknown): GuestSettings {
    if (input === null || typeof input !== "object") throw new Error("guest settings must be an object");
    const s = input as Record<string, unknown>;
    const out: GuestSettings = {};
    if (s.bootSeconds !== undefined) {
        if (typeof s.bootSeconds !== "number" || !Number.isFinite(s.bootSeconds) || s.bootSeconds < 0)
            throw new Error("guest: bootSeconds must be a number >= 0");
        out.bootSeconds = s.bootSeconds;
    }
    if (s.healthy !== undefined) {
        if (typeof s.healthy !== "boolean") throw new Error("guest: healthy must be a boolean");
        out.healthy = s.healthy;
    }
    if (s.httpStatus !== undefined) {
        if (!isHttpStatus(s.httpStatus)) throw new Error("guest: httpStatus must be an HTTP status 100..599");
        out.httpStatus = s.httpStatus;
    }
    return out;
}

export class GuestConfig {
    private readonly byImage = new Map<string, GuestSettings>();
    private readonly byInstance = new Map<string, GuestSettings>();

    setForImage(imageId: string, settings: GuestSettings): void {
        this.byImage.set(imageId, { ...this.byImage.get(imageId), ...settings });
    }

    setForInstance(instanceId: string, settings: GuestSettings): void {
        this.byInstance.set(instanceId, { ...this.byInstance.get(instanceId), ...settings });
    }

    effective(inst: Instance, image: Image | undefined): EffectiveGuest {
        const fromImage = image ? this.byImage.get(image.imageId) : undefined;
        const fromInstance = this.byInstance.get(inst.instanceId);
        return {
            bootSeconds: fromInstance?.bootSeconds ?? fromImage?.bootSeconds ?? image?.bootSeconds ?? 30,
            healthy: fromInstance?.healthy ?? fromImage?.healthy ?? image?.healthy ?? true,
            httpStatus: fromInstance?.httpStatus ?? fromImage?.httpStatus ?? image?.httpStatus ?? 200,
            tcpPorts: image?.tcpPorts ?? [],
            httpPort: image?.httpPort ?? null,
            tatAgent: image?.tatAgent ?? false,
        };
    }

    /** The next boot: its duration (plus a slowBoot fault's extra) and whether it ends broken. */
    bootPlan(inst: Instance, image: Image | undefined, faults: FaultBoard): BootPlan {
        const guest = this.effective(inst, image);
        const slow = faults.standing("slowBoot", inst.instanceId, image?.imageId);
        const broken = faults.standing("bootBroken", inst.instanceId, image?.imageId);
        return {
            seconds: guest.bootSeconds + (slow ? (slow.seconds ?? 120) : 0),
            broken: !guest.healthy || broken !== undefined,
        };
    }
}
