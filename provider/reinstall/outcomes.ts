/**
 * What a reinstall records: the outputs of a confirmed one, and the state of a partial failure
 * (accepted or unknown reset not yet confirmed, or reinstalled but not ready) that the next run
 * resumes from. Also the messages every step shares.
 */
import type { InstanceView } from "../cvm/types";
import { compact } from "../compact";
import { PartialReinstallError, ReinstallError, type ReinstallErrorCode } from "../errors";
import { type PendingReset, type ReinstallInputs, type ReinstallOutputs, STATE_VERSION } from "../inputs";
import { secretValue } from "../secretValue";
import type { ReinstallOperation } from "./operation";

export function succeeded(
    op: ReinstallOperation,
    view: InstanceView,
    requestId: string | undefined,
    ready?: boolean,
): ReinstallOutputs {
    return compact({
        ...op.inputs,
        requestId: requestId ?? op.previous?.requestId,
        reinstalledAt: new Date(op.ctx.clock.now()).toISOString(),
        osName: view.osName,
        currentImageId: view.imageId,
        currentRootSize: view.rootSize,
        ready: op.inputs.readiness ? ready : undefined,
        stateVersion: STATE_VERSION,
    });
}

/**
 * The properties of a partial failure: the new declaration (so the next diff compares against it),
 * the password as an explicit secret, and what the next run must resolve.
 */
export function partialState(
    op: ReinstallOperation,
    extra: { pendingReset?: PendingReset; done?: { requestId?: string; view: InstanceView; ready: boolean } },
): Record<string, unknown> {
    const view = extra.done?.view ?? op.lastView;
    const previous = op.previous;
    return compact({
        ...op.inputs,
        password: op.inputs.password === undefined ? undefined : secretValue(op.inputs.password),
        requestId: extra.done?.requestId ?? extra.pendingReset?.requestId ?? previous?.requestId,
        reinstalledAt: extra.done ? new Date(op.ctx.clock.now()).toISOString() : previous?.reinstalledAt,
        osName: view?.osName ?? previous?.osName,
        currentImageId: view?.imageId ?? previous?.currentImageId,
        currentRootSize: view?.rootSize ?? previous?.currentRootSize,
        pendingReset: extra.pendingReset ? compact(extra.pendingReset) : undefined,
        ready: extra.done ? extra.done.ready : undefined,
        stateVersion: STATE_VERSION,
    });
}

export function partialFailure(
    op: ReinstallOperation,
    code: ReinstallErrorCode,
    message: string,
    extra: Parameters<typeof partialState>[1],
): PartialReinstallError {
    return new PartialReinstallError(code, message, op.id, partialState(op, extra));
}

export function matchesDeclared(inputs: ReinstallInputs, view: InstanceView): boolean {
    return (
        (inputs.imageId === undefined || inputs.imageId === view.imageId) &&
        (inputs.rootSize === undefined || inputs.rootSize === view.rootSize)
    );
}

export function describeImage(view: InstanceView): string {
    return `${view.imageId ?? "an unknown image"}${view.osName ? ` (${view.osName})` : ""}${view.rootSize ? `, ${view.rootSize} GB system disk` : ""}`;
}

export function describeDeclared(inputs: ReinstallInputs): string {
    return `${inputs.imageId ?? "the same image"}${inputs.rootSize ? ` with ${inputs.rootSize} GB` : ""}`;
}

export function summarise(seen: Record<string, number>): string {
    const parts = Object.entries(seen).map(([label, n]) => `${label} ×${n}`);
    return parts.length ? parts.join(", ") : "no polls";
}

export function notFound(id: string): ReinstallError {
    return new ReinstallError(
        "INSTANCE_NOT_FOUND",
        `Instance ${id} was not found in this region and account. ` +
            "Check instanceId, the region (input `region`, tencentcloud:region or TENCENTCLOUD_REGION) and the credentials.",
        id,
    );
}

/** How the user settles an outcome the facts cannot decide. */
export const CONFIRM_HINT =
    "Check the instance in the console (its image, and whether it was reinstalled at that time). If it was not " +
    "reinstalled, or you want it reinstalled again anyway, change `triggers` (any new value) and run `pulumi up`: " +
    "that declares a new reinstall. Until then this resource keeps stopping here and nothing is wiped.";
