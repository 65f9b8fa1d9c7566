import type { Clock } from "../cvm/clock";
import type { CvmClient, InstanceView } from "../cvm/types";
import type { ReadinessSpec } from "../inputs";
import { formatDuration } from "../progress";
import { commandProbe } from "./commandProbe";
import { httpProbe } from "./httpProbe";
import { expandUrl, missingAddress } from "./probeTarget";
import { tcpProbe } from "./tcpProbe";

export interface ReadinessDeps {
    clock: Clock;
    random: () => number;
    client: CvmClient;
    progress: (line: string) => void;
    /** epoch ms when the reinstall task was seen to succeed: warm-up and timeout count from here */
    taskSucceededAt: number;
    pollMaxMs: number;
}

export type ReadinessResult = { ready: true; detail: string } | { ready: false; reason: string };

const MAX_INTERVAL_MS = 2_000;
const MIN_INTERVAL_MS = 100;
const DEFAULT_POLL_MAX_MS = 15_000;
/** One probe never waits longer than this for a connection or an answer. */
const PROBE_TIMEOUT_MS = 2_000;
const REPORT_EVERY_MS = 30_000;

interface NetworkProbe {
    label: (view: InstanceView) => string;
    /** The address field the probe needs and the instance does not report yet. */
    missing: (view: InstanceView) => "privateIp" | "publicIp" | undefined;
    run: (view: InstanceView, timeoutMs: number) => Promise<string | undefined>;
}

/**
 * Waits until the reinstalled instance answers what `readiness` declares: a TCP port, an HTTP GET
 * (2xx) and, under API 3.0, a command through TAT (exit code 0). Probing starts `warmupSeconds`
 * after the task succeeded and ends `timeoutMinutes` after it; probes run at least every 2 s (or
 * `pollMaxMs` when lower), with jitter so a window of instances is not probed in lock step.
 */
export async function awaitReadiness(
    spec: ReadinessSpec,
    instance: InstanceView,
    deps: ReadinessDeps,
): Promise<ReadinessResult> {
    const { clock } = deps;
    const id = instance.instanceId;
    const deadlineAt = deps.taskSucceededAt + (spec.timeoutMinutes ?? 10) * 60_000;
    const startAt = deps.taskSucceededAt + (spec.warmupSeconds ?? 0) * 1000;
    const intervalMs = probeInterval(deps.pollMaxMs);
    const pace = () => intervalMs * (0.75 + 0.25 * deps.random());
    const wanted = describeSpec(spec);

    if (clock.now() < startAt) {
        deps.progress(`${id}: warm-up ${formatDuration(startAt - clock.now())} before readiness probes (${wanted})`);
        await clock.sleep(startAt - clock.now());
    }

    let view = instance;
    const probes = networkProbes(spec);
    const passed: string[] = [];
    let lastError = "";
    let rounds = 0;
    let reportAt = clock.now() + REPORT_EVERY_MS;
    const timedOut = (): ReadinessResult => ({
        ready: false,
        reason:
            `not ready ${formatDuration(deadlineAt - deps.taskSucceededAt)} after the reinstall task succeeded ` +
            `(readiness.timeoutMinutes ${spec.timeoutMinutes ?? 10}; ${wanted}): ${lastError || "no probe ran"}` +
            (rounds > 0 ? ` (last of ${rounds} probe rounds)` : ""),
    });
    const report = () => {
        if (clock.now() < reportAt) return;
        reportAt = clock.now() + REPORT_EVERY_MS;
        deps.progress(`${id}: not ready yet (${lastError}); ${formatDuration(deadlineAt - clock.now())} left`);
    };

    while (probes.length > 0) {
        if (clock.now() >= deadlineAt) return timedOut();
        const roundStart = clock.now();
        rounds++;
        for (let i = 0; i < probes.length; ) {
            const probe = probes[i];
            const missing = missingFor(probe, view);
            const error =
                missing ?? (await probe.run(view, Math.max(1, Math.min(PROBE_TIMEOUT_MS, deadlineAt - clock.now()))));
            if (error === undefined) {
                passed.push(`${probe.label(view)} answered`);
                probes.splice(i, 1);
            } else {
                lastError = `${probe.label(view)}: ${error}`;
                i++;
            }
        }
        if (probes.length === 0) break;
        report();
        await clock.sleep(Math.max(0, Math.min(roundStart + pace(), deadlineAt) - clock.now()));
        if (probes.some((p) => missingFor(p, view))) view = (await reread(deps, id, deadlineAt)) ?? view;
    }

    if (spec.command !== undefined) {
        for (;;) {
            // TAT's command timeout is whole seconds: less than one left cannot run a command.
            if (deadlineAt - clock.now() < 1000) return timedOut();
            rounds++;
            const attempt = await commandProbe(id, spec.command, {
                clock,
                client: deps.client,
                intervalMs,
                deadlineAt,
            });
            if (attempt.state === "passed") {
                passed.push(attempt.detail);
                break;
            }
            lastError = attempt.reason;
            if (attempt.state === "fatal")
                return { ready: false, reason: `readiness command cannot pass: ${attempt.reason}` };
            report();
            await clock.sleep(Math.max(0, Math.min(clock.now() + pace(), deadlineAt) - clock.now()));
        }
    }
    return {
        ready: true,
        detail: `ready ${formatDuration(clock.now() - deps.taskSucceededAt)} after the task succeeded: ${passed.join(", ")}`,
    };
}

/**
 * 2 s at the default 15 s status-poll cap, and proportionally less under a lower cap (a fast
 * emulator clock), so that noticing a booted service costs the same share of a reinstall as
 * noticing the task's end; never above 2 s nor above the cap, never a busy loop.
 */
export function probeInterval(pollMaxMs: number): number {
    const scaled = Math.max(
        MIN_INTERVAL_MS,
        Math.min(MAX_INTERVAL_MS, (pollMaxMs * MAX_INTERVAL_MS) / DEFAULT_POLL_MAX_MS),
    );
    return Math.max(1, Math.min(pollMaxMs, scaled));
}

function networkProbes(spec: ReadinessSpec): NetworkProbe[] {
    const probes: NetworkProbe[] = [];
    const port = spec.tcpPort;
    if (port !== undefined) {
        probes.push({
            label: (v) => `tcp ${address(spec, v) ?? `{${addressField(spec)}}`}:${port}`,
            missing: (v) => (address(spec, v) ? undefined : addressField(spec)),
            run: (v, t) => tcpProbe(address(spec, v)!, port, t),
        });
    }
    const url = spec.httpUrl;
    if (url !== undefined) {
        probes.push({
            label: (v) => `GET ${expandUrl(url, v)}`,
            missing: (v) => missingAddress(url, v),
            run: (v, t) => httpProbe(expandUrl(url, v), t),
        });
    }
    return probes;
}

function addressField(spec: ReadinessSpec): "privateIp" | "publicIp" {
    return spec.address === "public" ? "publicIp" : "privateIp";
}

function address(spec: ReadinessSpec, view: InstanceView): string | undefined {
    return view[addressField(spec)];
}

/** The reason a probe cannot run yet: the instance does not report the address it needs. */
function missingFor(probe: NetworkProbe, view: InstanceView): string | undefined {
    const field = probe.missing(view);
    return field ? `the instance reports no ${field === "publicIp" ? "public" : "private"} IP address` : undefined;
}

async function reread(deps: ReadinessDeps, id: string, deadlineAt: number): Promise<InstanceView | undefined> {
    try {
        return (await deps.client.describeInstances([id], { deadlineAt })).get(id);
    } catch {
        return undefined;
    }
}

function describeSpec(spec: ReadinessSpec): string {
    const parts: string[] = [];
    if (spec.tcpPort !== undefined) parts.push(`tcp ${spec.tcpPort} on the ${spec.address ?? "private"} address`);
    if (spec.httpUrl !== undefined) parts.push(`GET ${spec.httpUrl}`);
    if (spec.command !== undefined) parts.push("a TAT command");
    return parts.join(", ");
}
