import type * as pulumi from "@pulumi/pulumi";
import { createHash } from "node:crypto";
import type { Clock } from "../cvm/clock";
import type { CvmClient } from "../cvm/types";
import type { RefreshBatcher } from "../read/refreshBatcher";
import { aliasCandidate, type DiffDecision, diffInputs } from "../diffInputs";
import type { ReinstallInputs } from "../inputs";
import { resetsPasswordOnly } from "../passwordReset/resetsPasswordOnly";
import type { Progress } from "../progress";
import { type ConfigSource, configuredRegion, regionSource, resolveTarget } from "../settings";
import type { DryRunCache } from "./dryRunCache";
import { isPreviewCheckError } from "./previewCheckError";
import { passwordResetLine, type ReinstallCause, reinstallLine } from "./previewLine";
import { type PreviewPlan, probeReinstall, type ProbeTarget } from "./probeReinstall";

/**
 * How long a preview read waits for others to join its call. The engine calls check and diff one
 * resource at a time unless PULUMI_PARALLEL_DIFF is set: a lone read should not wait for company
 * that cannot come, while reads of parallel diffs arrive at the engine's pace.
 */
const LONE_READ_PATIENCE_MS = 10;
const PARALLEL_READ_PATIENCE_MS = 300;

/** How long a probe's facts are reused within one host process (the engine's check right after a diff). */
const PROBE_REUSE_MS = 30_000;

export interface PreviewSessionDeps {
    clock: Clock;
    progress: Progress;
    dryRuns: DryRunCache;
    /** The batcher of preview reads (a short window: check and diff usually arrive one at a time). */
    batcher: RefreshBatcher;
    config: () => ConfigSource | undefined;
    env: NodeJS.ProcessEnv;
    /** The shared client of a resource's target (throws when credentials or region are missing). */
    context: (inputs: ReinstallInputs) => { client: CvmClient; key: string };
}

/**
 * What check and diff tell the user before `up`: the REINSTALL line of every create, replace and
 * reinstalling update, and the cloud checks of those (and only those: an unchanged resource costs
 * no API call). One per host process, so its dry-run cache spans the engine pass.
 */
export class PreviewSession {
    /** Ids read by `read` and not yet diffed: the engine's diff right after a refresh read. */
    private readonly refreshed = new Set<string>();
    /**
     * Probes by declaration: for a replace the engine diffs, then checks the same inputs again as a
     * create; the second asks nothing new of the cloud and prints no second line.
     */
    private readonly probes = new Map<string, { at: number; probe: Promise<string[]> }>();
    /** Probes running now: more than one means the engine diffs in parallel, so reads wait to batch. */
    private active = 0;

    constructor(private readonly deps: PreviewSessionDeps) {}

    noteRefreshed(id: string): void {
        this.refreshed.add(id);
    }

    /** A create: announce the reinstall and check it. Resolves the check failure that stops it, if any. */
    async create(inputs: ReinstallInputs): Promise<pulumi.dynamic.CheckFailure | undefined> {
        return this.announce(inputs, { kind: "create" }, "reinstall").then(
            () => undefined,
            (error) => {
                if (isPreviewCheckError(error)) return { property: "", reason: error.message };
                throw error;
            },
        );
    }

    /** A diff with the declaration's equivalences, its line and (when it reinstalls) its cloud checks. Throws a refused check. */
    async diff(id: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<DiffDecision> {
        const configured = configuredRegion(this.deps.config(), this.deps.env)?.region;
        const aliases = aliasCandidate(olds, news)
            ? await this.aliasesOf(news as unknown as ReinstallInputs)
            : undefined;
        const d = diffInputs(olds, news, { configuredRegion: configured, instanceAliases: aliases });
        // The engine diffs right after each refresh read to show drift: say what the next `up` does, call nothing.
        const afterRefresh = this.refreshed.delete(id);
        const inputs = news as unknown as ReinstallInputs;
        if (d.replaces.length > 0) {
            await this.announce(
                inputs,
                { kind: "replace", changed: d.replaces, previousInstanceId: olds.instanceId as string | undefined },
                "reinstall",
                afterRefresh,
            );
        } else if (d.reinstalls.length > 0) {
            const plan: PreviewPlan = resetsPasswordOnly(d.reinstalls, inputs) ? "passwordReset" : "reinstall";
            await this.announce(inputs, { kind: "update", changed: d.reinstalls }, plan, afterRefresh);
        }
        return d;
    }

    private async announce(
        inputs: ReinstallInputs,
        cause: ReinstallCause,
        plan: PreviewPlan,
        skipProbe = false,
    ): Promise<void> {
        if (skipProbe) {
            this.deps.progress(
                plan === "passwordReset"
                    ? passwordResetLine(String(inputs.instanceId))
                    : reinstallLine(String(inputs.instanceId), cause),
            );
            return;
        }
        const key = declarationKey(inputs, plan);
        const now = this.deps.clock.now();
        const cached = this.probes.get(key);
        // One engine pass is one host process; a host kept across commands (tests) must not reuse old facts.
        const earlier = cached && now - cached.at < PROBE_REUSE_MS ? cached.probe : undefined;
        if (earlier && cause.kind === "create") {
            await earlier;
            return;
        }
        const probe = earlier ?? this.probe(inputs, plan);
        if (!earlier) this.probes.set(key, { at: now, probe });
        const checked = await probe;
        const id = String(inputs.instanceId);
        this.deps.progress(
            plan === "passwordReset" ? passwordResetLine(id, checked) : reinstallLine(id, cause, checked),
        );
    }

    private async probe(inputs: ReinstallInputs, plan: PreviewPlan): Promise<string[]> {
        this.active++;
        try {
            return await probeReinstall(
                {
                    target: (i) => this.target(i),
                    batcher: this.deps.batcher,
                    dryRuns: this.deps.dryRuns,
                    clock: this.deps.clock,
                    readPatienceMs: () => (this.active > 1 ? PARALLEL_READ_PATIENCE_MS : LONE_READ_PATIENCE_MS),
                },
                inputs,
                plan,
            );
        } finally {
            this.active--;
        }
    }

    private target(inputs: ReinstallInputs): ProbeTarget {
        const t = resolveTarget(inputs, this.deps.config(), this.deps.env);
        const { client, key } = this.deps.context(inputs);
        return { client, key, region: t.region, regionSource: regionSource(inputs, this.deps.config(), this.deps.env) };
    }

    /** Every id the declared instance is known by, or undefined when it cannot be read (then the ids differ: replace). */
    private async aliasesOf(inputs: ReinstallInputs): Promise<readonly string[] | undefined> {
        try {
            const { client, key } = this.deps.context(inputs);
            const view = await this.deps.batcher.observe(key, client, inputs.instanceId);
            return view ? [view.instanceId, ...(view.aliases ?? [])] : undefined;
        } catch {
            return undefined;
        }
    }
}

function declarationKey(inputs: ReinstallInputs, plan: PreviewPlan): string {
    const { __provider: _ignored, ...declared } = inputs as unknown as Record<string, unknown>;
    void _ignored;
    // Key order differs between the engine's calls: sort it.
    const sorted = Object.keys(declared)
        .sort()
        .map((k) => [k, declared[k]]);
    return createHash("sha256")
        .update(JSON.stringify([plan, sorted]))
        .digest("hex");
}
