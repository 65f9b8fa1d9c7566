import type { Clock } from "../cvm/clock";
import { isCvmApiError } from "../cvm/errors";
import type { CvmClient, InstanceView, ResetRequest } from "../cvm/types";
import type { RefreshBatcher } from "../read/refreshBatcher";
import { compact } from "../compact";
import { ReinstallError } from "../errors";
import { type ReinstallInputs, UNKNOWN } from "../inputs";
import { type DeclaredReset, declarationViolations, stateRule, windowsViolation } from "../preflightRules";
import type { DryRunCache } from "./dryRunCache";
import { PreviewCheckError } from "./previewCheckError";
import { unsupportedRegionError } from "./regionError";

/** Where and as whom a resource talks, resolved when the probe runs (never captured). */
export interface ProbeTarget {
    client: CvmClient;
    key: string;
    region: string;
    /** Which setting the region came from: "the input `region`", `tencentcloud:region`, `TENCENTCLOUD_REGION`. */
    regionSource: string;
}

export interface ProbeContext {
    /** Throws `ReinstallError` MISSING_CREDENTIALS / INVALID_INPUT when the settings cannot make a target. */
    target(inputs: ReinstallInputs): ProbeTarget;
    batcher: RefreshBatcher;
    dryRuns: DryRunCache;
    clock: Clock;
    /** How long a read waits for others to join its call: short while resources arrive one at a time. */
    readPatienceMs?: () => number;
}

/** What `up` will do: wipe the disk (`reinstall`), or set the password only (`passwordReset`). */
export type PreviewPlan = "reinstall" | "passwordReset";

/** How long a preview's own calls may take, throttling retries included. */
const PROBE_BUDGET_MS = 120_000;

const known = (v: unknown): boolean => v !== undefined && v !== UNKNOWN;

/**
 * Checks against the cloud what `up` would refuse for one resource that will reinstall: the
 * credentials, that the instance exists in the region used, that its state allows a reset, the
 * disk and Windows rules on the live instance, and under API 3.0 the server's own dry run
 * (`InquiryPriceResetInstance`, no side effects). Reads go through the shared batcher, so resources
 * the engine diffs together share one `DescribeInstances`. Throws {@link PreviewCheckError};
 * resolves notes for the preview line.
 */
export async function probeReinstall(ctx: ProbeContext, inputs: ReinstallInputs, plan: PreviewPlan): Promise<string[]> {
    const id = inputs.instanceId;
    if (!known(id)) return ["the instance is not known yet, so it is checked at `up`"];
    let target: ProbeTarget;
    try {
        target = ctx.target(inputs);
    } catch (error) {
        if (error instanceof ReinstallError && error.code === "MISSING_CREDENTIALS") {
            throw new PreviewCheckError("MISSING_CREDENTIALS", "tencentcloud:secretId", error.message, id);
        }
        if (error instanceof ReinstallError) throw new PreviewCheckError("INVALID_INPUT", "region", error.message, id);
        throw error;
    }
    const where = `region ${target.region} (from ${target.regionSource})`;
    const view = await read(ctx, target, id, where);
    if (!view) {
        throw new PreviewCheckError(
            "INSTANCE_NOT_FOUND",
            "instanceId",
            `Instance ${id} was not found in ${where} with these credentials. Check instanceId, the region, and that ` +
                "tencentcloud:secretId belongs to the account that owns the instance.",
            id,
        );
    }

    const notes: string[] = [`found in ${target.region}`];
    const state = stateRule(view);
    if (state.state === "refuse")
        throw new PreviewCheckError("INSTANCE_STATE", "instanceId", state.violation.message, id);
    notes.push(state.state === "wait" ? `${state.label} now; \`up\` waits for it first` : view.phase);

    const declared = declaredOf(inputs);
    const violations =
        plan === "reinstall"
            ? declarationViolations(declared, view)
            : [windowsViolation(declared, view)].filter((v) => v !== undefined);
    if (violations.length > 0) {
        const v = violations[0]!;
        throw new PreviewCheckError(
            v.code === "ROOT_SIZE_SHRINK" || v.code === "PASSWORD_POLICY" ? v.code : "INVALID_INPUT",
            v.property,
            v.message,
            id,
        );
    }
    if (view.rootSize !== undefined) notes.push(`${view.rootSize} GB system disk`);

    if (plan === "reinstall") notes.push(await dryRun(ctx, target, inputs));
    return notes;
}

async function read(
    ctx: ProbeContext,
    target: ProbeTarget,
    id: string,
    where: string,
): Promise<InstanceView | undefined> {
    try {
        return await ctx.batcher.observe(target.key, target.client, id, ctx.readPatienceMs?.());
    } catch (error) {
        const region = unsupportedRegionError(error, target.region, target.regionSource, id);
        if (region) throw region;
        if (isCvmApiError(error) && (error.kind === "auth" || error.kind === "permission")) {
            throw new PreviewCheckError(
                "CREDENTIALS_REJECTED",
                "tencentcloud:secretId",
                `Reading ${id} in ${where} failed: ${error.message}`,
                id,
            );
        }
        throw new PreviewCheckError(
            "READ_FAILED",
            "instanceId",
            `Reading ${id} in ${where} failed, so the preview cannot check it: ${(error as Error).message}`,
            id,
        );
    }
}

async function dryRun(ctx: ProbeContext, target: ProbeTarget, inputs: ReinstallInputs): Promise<string> {
    const client = target.client;
    if (client.dialect !== "2017-03-12" || !client.capabilities.dryRun || !client.inquireReset) {
        return client.dialect === "legacy"
            ? "no server-side dry run under the legacy API"
            : "no server-side dry run at this endpoint";
    }
    const request = dryRunRequest(inputs);
    if (!request) return "server-side dry run skipped: some inputs are not known yet";
    const verdict = await ctx.dryRuns.verdict(target.key, client, request, ctx.clock.now() + PROBE_BUDGET_MS);
    if (verdict.state === "accepted") return "the server accepted a dry run (InquiryPriceResetInstance)";
    if (verdict.state === "unavailable")
        return `the server-side dry run was unavailable (${verdict.reason}); \`up\` finds out`;
    throw new PreviewCheckError(
        "DRY_RUN_REFUSED",
        verdict.property,
        `${verdict.property}: Tencent Cloud refused a dry run of this reinstall (InquiryPriceResetInstance on ${inputs.instanceId}): ` +
            `${verdict.reason}. \`up\` would fail the same way; fix ${verdict.property} and preview again.`,
        inputs.instanceId,
    );
}

/** The fields of a reset that the dry run takes (it has no HostName); undefined while any is unknown. */
function dryRunRequest(inputs: ReinstallInputs): ResetRequest | undefined {
    const fields = [
        inputs.imageId,
        inputs.password,
        inputs.rootSize,
        inputs.keyIds,
        inputs.keepImageLogin,
        inputs.userData,
        inputs.needSecurityAgent,
        inputs.needMonitorAgent,
    ];
    if (fields.some((f) => f === UNKNOWN) || (Array.isArray(inputs.keyIds) && inputs.keyIds.includes(UNKNOWN)))
        return undefined;
    return compact({
        instanceId: inputs.instanceId,
        imageId: inputs.imageId,
        password: inputs.password,
        needSecurityAgent: inputs.needSecurityAgent,
        needMonitorAgent: inputs.needMonitorAgent,
        rootSize: inputs.rootSize,
        keyIds: inputs.keyIds,
        keepImageLogin: inputs.keepImageLogin,
        userData: inputs.userData,
    });
}

/** The declaration as the rules see it: unknown values (preview) left out, so no rule judges them. */
function declaredOf(inputs: ReinstallInputs): DeclaredReset {
    const k = <T>(v: T): T | undefined => (known(v) ? v : undefined);
    return compact({
        instanceId: inputs.instanceId,
        // An image not known yet may be another OS: no rule may assume the instance keeps its image.
        imageId: inputs.imageId === UNKNOWN ? "(not known yet)" : inputs.imageId,
        password: k(inputs.password),
        rootSize: typeof inputs.rootSize === "number" ? inputs.rootSize : undefined,
        keyIds: k(inputs.keyIds),
        api: inputs.api === "legacy" ? "legacy" : "2017-03-12",
    }) as DeclaredReset;
}
