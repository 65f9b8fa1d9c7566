import type * as pulumi from "@pulumi/pulumi";
import { type Clock, systemClock } from "./cvm/clock";
import { createClient } from "./cvm/createClient";
import type { ClientTarget, CvmClient } from "./cvm/types";
import { checkInputs } from "./checkInputs";
import { compact } from "./compact";
import { DescribeBatcher } from "./describeBatcher";
import { diffInputs } from "./diffInputs";
import type { ReinstallInputs, ReinstallOutputs } from "./inputs";
import { resetPasswordOnly } from "./passwordReset/resetPasswordOnly";
import { resetsPasswordOnly } from "./passwordReset/resetsPasswordOnly";
import { DryRunCache } from "./preview/dryRunCache";
import { PreviewSession } from "./preview/previewSession";
import { formatDuration, type Progress, stderrProgress } from "./progress";
import { readInstance } from "./read/readInstance";
import { RefreshBatcher } from "./read/refreshBatcher";
import { recheckReadiness, reinstall, type ReinstallContext, type RolloutGate } from "./reinstall";
import { STATE_VERSION } from "./inputs";
import { upgradeState } from "./stateUpgrade";
import { createFleetGate } from "./fleetGate";
import { type ConfigSource, resolveTarget } from "./settings";

export interface ProviderDeps {
    clock?: Clock;
    random?: () => number;
    progress?: Progress;
    env?: NodeJS.ProcessEnv;
    /** false: each resource polls on its own (benchmark baseline only). */
    sharePolls?: boolean;
    /** Fleet rollout and readiness (the host process's scheduler). */
    gate?: RolloutGate;
}

const DEFAULT_POLL_MAX_MS = 15_000;

/**
 * Builds the ResourceProvider. Everything stateful (clients, their rate limiters, the poll
 * batcher) lives here, shared by all resources of the host process.
 */
export function createResourceProvider(deps: ProviderDeps = {}): pulumi.dynamic.ResourceProvider {
    const clock = deps.clock ?? systemClock;
    const random = deps.random ?? Math.random;
    const progress = deps.progress ?? stderrProgress;
    const env = deps.env ?? process.env;
    const pollMaxMs = (): number => {
        const v = Number(env.CVM_REINSTALL_POLL_MAX_MS);
        return Number.isFinite(v) && v > 0 ? v : DEFAULT_POLL_MAX_MS;
    };
    const gate = deps.gate ?? createFleetGate({ clock, random, progress, pollMaxMs });
    let config: ConfigSource | undefined;
    const clients = new Map<string, CvmClient>();
    let batcher: DescribeBatcher | undefined;
    const refreshBatcher = new RefreshBatcher(clock);
    const preview = new PreviewSession({
        clock,
        progress,
        dryRuns: new DryRunCache(clock),
        batcher: new RefreshBatcher(clock),
        config: () => config,
        env,
        context: (inputs) => context(inputs),
    });

    const clientFor = (target: ClientTarget): CvmClient => {
        const key = targetKey(target);
        let client = clients.get(key);
        if (!client) {
            const timeoutMs = Number(env.CVM_REINSTALL_REQUEST_TIMEOUT_MS);
            client = createClient(target, {
                clock,
                random,
                ...(Number.isFinite(timeoutMs) && timeoutMs > 0 ? { timeoutMs } : {}),
                onEvent: (e) => {
                    if (e.type === "retry")
                        progress(
                            `${e.action} got ${e.errorName} (${e.code}); retry ${e.attempt} in ${formatDuration(e.delayMs)}`,
                        );
                },
            });
            clients.set(key, client);
        }
        return client;
    };

    const context = (inputs: ReinstallInputs): ReinstallContext => {
        const target = resolveTarget(inputs, config, env);
        const maxMs = pollMaxMs();
        batcher ??= new DescribeBatcher(clock, Math.min(250, Math.max(5, maxMs / 4)), deps.sharePolls ?? true);
        const ctx: ReinstallContext = {
            client: clientFor(target),
            key: targetKey(target),
            batcher,
            clock,
            random,
            progress,
            pollMaxMs: maxMs,
            requestTtlMs: requestTtlMs(env),
            forDialect: (dialect) =>
                dialect === target.dialect
                    ? ctx
                    : context({
                          ...inputs,
                          api: dialect,
                          endpoint: inputs.api === dialect ? inputs.endpoint : undefined,
                      }),
            gate,
        };
        return ctx;
    };

    return {
        async configure(req: pulumi.dynamic.ConfigureRequest) {
            config = { get: (key) => req.config.get(key) };
        },

        async check(olds: any, news: any): Promise<pulumi.dynamic.CheckResult> {
            const checked = checkInputs(news ?? {});
            // The engine calls nothing but check for a create in preview: a create reinstalls, so
            // it is announced and checked against the cloud here.
            if (checked.failures.length > 0 || olds?.instanceId !== undefined) return checked;
            const failure = await preview.create(checked.inputs as unknown as ReinstallInputs);
            return failure ? { inputs: checked.inputs, failures: [failure] } : checked;
        },

        async diff(id: string, olds: any, news: any): Promise<pulumi.dynamic.DiffResult> {
            const d = await preview.diff(id, olds ?? {}, news ?? {});
            return compact({
                changes: d.changes,
                replaces: d.replaces.length ? d.replaces : undefined,
                deleteBeforeReplace: d.replaces.length ? true : undefined,
            });
        },

        async create(inputs: any): Promise<pulumi.dynamic.CreateResult> {
            const checked = inputs as ReinstallInputs;
            const outs = await reinstall(context(checked), checked);
            return { id: checked.instanceId, outs };
        },

        async update(_id: string, olds: any, news: any): Promise<pulumi.dynamic.UpdateResult> {
            const previous = upgradeState(olds ?? {});
            const checked = news as ReinstallInputs;
            const d = diffInputs(previous as unknown as Record<string, unknown>, news);
            if (d.reinstalls.length === 0 && !previous.pendingReset) {
                if (previous.ready === false && checked.readiness)
                    return { outs: await recheckReadiness(context(checked), checked, previous) };
                return { outs: compact({ ...carried(previous), ...checked, stateVersion: STATE_VERSION }) };
            }
            if (!previous.pendingReset && resetsPasswordOnly(d.reinstalls, checked))
                return { outs: await resetPasswordOnly(context(checked), checked, previous) };
            return { outs: await reinstall(context(checked), checked, previous) };
        },

        async read(id: string, props: any): Promise<pulumi.dynamic.ReadResult> {
            const state = (props ?? {}) as ReinstallOutputs;
            const inputs = { ...state, instanceId: state.instanceId ?? id } as ReinstallInputs;
            preview.noteRefreshed(id);
            const view = await readInstance({ ...context(inputs), batcher: refreshBatcher }, inputs);
            if (!view) {
                progress(`${inputs.instanceId}: no longer exists; dropping it from the stack`);
                return {};
            }
            const outs: Record<string, unknown> = {
                ...state,
                osName: view.osName,
                currentImageId: view.imageId,
                currentRootSize: view.rootSize,
            };
            // Drift: report the live value under the declared name so refresh shows it and the next up converges.
            if (state.imageId !== undefined && view.imageId !== undefined && view.imageId !== state.imageId)
                outs.imageId = view.imageId;
            if (state.rootSize !== undefined && view.rootSize !== undefined && view.rootSize !== state.rootSize)
                outs.rootSize = view.rootSize;
            return { id, props: compact(outs) };
        },

        async delete(id: string) {
            progress(`${id}: removed from the stack; the instance is left as it is (a reinstall cannot be undone)`);
        },
    };
}

/** Outputs that are not inputs, kept across a state-only update. */
function carried(previous: ReinstallOutputs): Partial<ReinstallOutputs> {
    return {
        requestId: previous.requestId,
        reinstalledAt: previous.reinstalledAt,
        osName: previous.osName,
        currentImageId: previous.currentImageId,
        currentRootSize: previous.currentRootSize,
        ready: previous.ready,
    };
}

/**
 * How long after signing a lost reset may still be applied: twice the server's timestamp tolerance
 * (Tencent Cloud: 300 s, https://www.tencentcloud.com/document/api/213/30654), because this
 * machine's clock may be ahead of the server's by up to that tolerance.
 * `CVM_REINSTALL_SIGNATURE_TOLERANCE_SECONDS` sets the tolerance for an emulator configured lower.
 */
function requestTtlMs(env: NodeJS.ProcessEnv): number {
    const v = Number(env.CVM_REINSTALL_SIGNATURE_TOLERANCE_SECONDS);
    return 2 * 1000 * (Number.isFinite(v) && v > 0 ? v : 300);
}

function targetKey(t: ClientTarget): string {
    return [t.dialect, t.endpoint, t.region, t.credentials.secretId].join("|");
}
