import type * as pulumi from "@pulumi/pulumi";
import { Clock, systemClock } from "./cvm/clock";
import { createClient } from "./cvm/createClient";
import type { ClientTarget, CvmClient } from "./cvm/types";
import { checkInputs } from "./checkInputs";
import { compact } from "./compact";
import { DescribeBatcher } from "./describeBatcher";
import { diffInputs } from "./diffInputs";
import { ReinstallInputs, ReinstallOutputs } from "./inputs";
import { resetPasswordOnly } from "./passwordReset/resetPasswordOnly";
import { resetsPasswordOnly } from "./passwordReset/resetsPasswordOnly";
import { DryRunCache } from "./preview/dryRunCache";
import { PreviewSession } from "./preview/previewSession";
import { formatDuration, Progress, stderrProgress } from "./progress";
import { readInstance } from "./read/readInstance";
import { reinstall } from "./reinstall";
import { ConfigSource, resolveTarget } from "./settings";

export interface ProviderDeps {
    clock?: Clock;
    random?: () => number;
    progress?: Progress;
    env?: NodeJS.ProcessEnv;
    /** false: each resource polls on its own (benchmark baseline only). */
    sharePolls?: boolean;
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
    let config: ConfigSource | undefined;
    const clients = new Map<string, CvmClient>();
    let batcher: DescribeBatcher | undefined;
    const preview = new PreviewSession({
        clock,
        progress,
        dryRuns: new DryRunCache(clock),
        // A short window: the engine calls check and diff one resource at a time unless
        // PULUMI_PARALLEL_DIFF is set, and each call waits for the window before its read.
        batcher: new DescribeBatcher(clock, 20),
        config: () => config,
        env,
        context: (inputs) => context(inputs),
    });

    const context = (inputs: ReinstallInputs) => {
        const target = resolveTarget(inputs, config, env);
        const key = targetKey(target);
        let client = clients.get(key);
        if (!client) {
            client = createClient(target, {
                clock,
                random,
                onEvent: (e) => {
                    if (e.type === "retry") progress(`${e.action} got ${e.errorName} (${e.code}); retry ${e.attempt} in ${formatDuration(e.delayMs)}`);
                },
            });
            clients.set(key, client);
        }
        const maxMs = pollMaxMs();
        batcher ??= new DescribeBatcher(clock, Math.min(250, Math.max(5, maxMs / 4)), deps.sharePolls ?? true);
        return { client, key, batcher, clock, random, progress, pollMaxMs: maxMs };
    };

    return {
        async configure(req: pulumi.dynamic.ConfigureRequest) {
            config = { get: (key) => req.config.get(key) };
        },

        async check(olds: any, news: any): Promise<pulumi.dynamic.CheckResult> {
            const checked = checkInputs(news ?? {});
            // The engine calls nothing but check for a create in preview: a create reinstalls, so
            // it is announced and checked against the cloud here.
            if (checked.failures.length > 0 || (olds ?? {}).instanceId !== undefined) return checked;
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
            const previous = olds as ReinstallOutputs;
            const d = diffInputs(previous as unknown as Record<string, unknown>, news);
            if (d.reinstalls.length === 0 && !d.resumes) {
                return { outs: compact({ ...carried(previous), ...news }) };
            }
            if (!d.resumes && resetsPasswordOnly(d.reinstalls, news)) return { outs: await resetPasswordOnly(context(news), news, previous) };
            return { outs: await reinstall(context(news), news as ReinstallInputs, previous) };
        },

        async read(id: string, props: any): Promise<pulumi.dynamic.ReadResult> {
            const state = (props ?? {}) as ReinstallOutputs;
            const inputs = { ...state, instanceId: state.instanceId ?? id } as ReinstallInputs;
            preview.noteRefreshed(id);
            const view = await readInstance(context(inputs), inputs);
            if (!view) {
                progress(`${inputs.instanceId}: no longer exists; dropping it from the stack`);
                return {};
            }
            const outs: Record<string, unknown> = { ...state, osName: view.osName, currentImageId: view.imageId, currentRootSize: view.rootSize };
            // Drift: report the live value under the declared name so refresh shows it and the next up converges.
            if (state.imageId !== undefined && view.imageId !== undefined && view.imageId !== state.imageId) outs.imageId = view.imageId;
            if (state.rootSize !== undefined && view.rootSize !== undefined && view.rootSize !== state.rootSize) outs.rootSize = view.rootSize;
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
    };
}

function targetKey(t: ClientTarget): string {
    return [t.dialect, t.endpoint, t.region, t.credentials.secretId].join("|");
}
