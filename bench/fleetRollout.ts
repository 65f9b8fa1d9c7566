/**
 * Fleet rollout benchmark: an InstanceFleet of N (default 200) under the real `pulumi` CLI against
 * the emulator as its own process, maxParallel 20, canary 1, a 120 s reinstall and a 30 s boot on
 * a fast clock, the emulator's real quotas. Prints the wall time against the lower bound the policy
 * implies (the canary, then ⌈(N−1)/20⌉ windows of reinstall + boot, or the quotas if they bind) as
 * a ratio (from the first reset to the end of `up`; a no-op `up` of the same stack, measured in
 * the same run, shows the engine's own cost), API calls by action per instance, throttled answers and the
 * emulator's record of concurrent reinstalls. Then once more at the engine's default --parallel,
 * to show what that does to the schedule and what the provider says about it.
 *
 *   node dist/bench/fleetRollout.js [instances=200] [clockSpeed=20]
 */
import { EmulatorProcess, type EmulatorRequest } from "../tests/engine/emulatorProcess";
import { emulatorEnv, engineProgram, setCloudConfig } from "../tests/engine/fixtures";
import { findPulumiBin, PulumiProject } from "../tests/engine/pulumiCli";

const MAX_PARALLEL = 20;
const CANARY = 1;
const REINSTALL_S = 120;
const BOOT_S = 30;
/** The emulator's default quotas (Tencent's published ones), per second. */
const RESET_PER_S = 10;
const IMAGE = "img-bench001";

async function admin<T = unknown>(emu: EmulatorProcess, method: string, route: string, body?: unknown): Promise<T> {
    const res = await fetch(`${emu.url}/_admin/${route}`, {
        method,
        headers: body === undefined ? undefined : { "Content-Type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`emulator ${method} ${route}: HTTP ${res.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
}

/**
 * The earliest the last member can be ready: each member starts when a slot is free (the canary
 * alone first) and, under the ResetInstance quota, no more than `perSecond` resets start within any
 * second of real time; each then takes `durationS` (reinstall + boot).
 */
function lowerBound(n: number, maxParallel: number, canary: number, durationS: number, perSecond: number): number {
    const starts: number[] = [];
    const ends: number[] = [];
    const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
    for (let i = 0; i < n; i++) {
        let t = i >= canary ? Math.max(0, ...ends.slice(0, canary)) : 0;
        if (i >= maxParallel) t = Math.max(t, sorted(ends)[i - maxParallel]);
        if (starts.length >= perSecond) t = Math.max(t, sorted(starts)[starts.length - perSecond] + 1);
        starts.push(t);
        ends.push(t + durationS);
    }
    return Math.max(...ends);
}

interface Measured {
    label: string;
    wallS: number;
    spanS: number;
    code: number;
    calls: Record<string, number>;
    throttled: number;
    maxConcurrent: number;
    hints: string[];
}

async function measure(
    label: string,
    emu: EmulatorProcess,
    project: PulumiProject,
    ids: string[],
    args: string[],
): Promise<Measured> {
    await admin(emu, "DELETE", "requests");
    await admin(emu, "DELETE", "record");
    const r = await project.run(["up", "--yes", "--skip-preview", ...args], {
        allowFailure: true,
        timeoutMs: 60 * 60_000,
    });
    const ended = Date.now();
    const reqs = (await emu.requests()) as (EmulatorRequest & { time?: string })[];
    const calls: Record<string, number> = {};
    for (const q of reqs) calls[q.action] = (calls[q.action] ?? 0) + 1;
    const firstReset = reqs.find((q) => q.action === "ResetInstance");
    const record = await admin<{ maxConcurrentReinstallsOf: number }>(emu, "POST", "record", { instanceIds: ids });
    return {
        label,
        wallS: r.ms / 1000,
        spanS: firstReset?.time ? (ended - Date.parse(firstReset.time)) / 1000 : NaN,
        code: r.code,
        calls,
        throttled: reqs.filter((q) => /RequestLimitExceeded|throttle/i.test(q.outcome)).length,
        maxConcurrent: record.maxConcurrentReinstallsOf,
        // The CLI shows a provider line twice (on the stack's row and under Diagnostics).
        hints: [
            ...new Set(
                r.output
                    .split("\n")
                    .flatMap((l) => (l.includes("--parallel") ? [l.replace(/^.*cvm-reinstall: /, "")] : [])),
            ),
        ],
    };
}

function report(m: Measured, n: number, boundS: number, noopS: number): void {
    const perInstance = Object.fromEntries(Object.entries(m.calls).map(([a, c]) => [a, Number((c / n).toFixed(2))]));
    console.log(
        `${m.label}: exit ${m.code}, pulumi up ${m.wallS.toFixed(1)} s, first reset → end ${m.spanS.toFixed(1)} s, ` +
            `lower bound ${boundS.toFixed(1)} s (a no-op up of the same stack, the engine's own cost, takes ${noopS.toFixed(1)} s)`,
    );
    console.log(
        `  ratio (first reset → end)/bound ${(m.spanS / boundS).toFixed(3)}; pulumi up/bound ${(m.wallS / boundS).toFixed(3)}`,
    );
    console.log(
        `  API calls per instance ${JSON.stringify(perInstance)}; throttled answers ${m.throttled}; ` +
            `most concurrent reinstalls (emulator) ${m.maxConcurrent} vs maxParallel ${MAX_PARALLEL}`,
    );
    console.log(`  provider on --parallel: ${m.hints.length ? m.hints.join(" | ") : "(nothing)"}`);
}

async function main(): Promise<void> {
    const n = Number(process.argv[2] ?? 200);
    const speed = Number(process.argv[3] ?? 20);
    findPulumiBin();
    const ids = Array.from({ length: n }, (_, i) => `ins-${String(i + 1).padStart(8, "0")}`);
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    const emu = await EmulatorProcess.start({ fleet: n, clockSpeed: speed, reinstallSeconds: REINSTALL_S });
    await admin(emu, "POST", "seed", {
        images: [
            {
                imageId: IMAGE,
                osName: "Ubuntu Server 22.04 LTS 64位 (bench)",
                platform: "linux",
                tcpPorts: [port],
                httpPort: null,
                bootSeconds: BOOT_S,
            },
        ],
    });
    // Every wait scaled by the clock: the provider's poll cap of 15 s becomes 15 s / speed.
    const env = { ...emulatorEnv(emu), CVM_REINSTALL_POLL_MAX_MS: String(Math.round(15_000 / speed)) };
    const project = await PulumiProject.create({ ...engineProgram("fleet"), env, label: "cvm-bench-fleet-rollout" });
    try {
        await setCloudConfig(project);
        await project.setConfigs({
            instanceIds: JSON.stringify(ids),
            api: "2017-03-12",
            imageId: IMAGE,
            rollout: JSON.stringify({ maxParallel: MAX_PARALLEL, canary: CANARY }),
            readiness: JSON.stringify({ tcpPort: port }),
        });
        const windows = CANARY + Math.ceil((n - CANARY) / MAX_PARALLEL);
        const policyBound = (windows * (REINSTALL_S + BOOT_S)) / speed;
        const boundS = lowerBound(n, MAX_PARALLEL, CANARY, (REINSTALL_S + BOOT_S) / speed, RESET_PER_S);
        console.log(
            `InstanceFleet of ${n}: maxParallel ${MAX_PARALLEL}, canary ${CANARY}, ${REINSTALL_S} s reinstall + ${BOOT_S} s boot at ${speed}×; ` +
                `policy bound ${windows} windows × ${(REINSTALL_S + BOOT_S) / speed} s = ${policyBound.toFixed(1)} s; ` +
                `with the ResetInstance quota (${RESET_PER_S}/s of real time) ${boundS.toFixed(1)} s`,
        );

        const wide = await measure(`--parallel ${n + 16}`, emu, project, ids, ["--parallel", String(n + 16)]);
        const noop = await project.run(["up", "--yes", "--skip-preview", "--parallel", String(n + 16)], {
            allowFailure: true,
        });
        report(wide, n, boundS, noop.ms / 1000);

        await project.setConfig("triggers", JSON.stringify(["bench-2"]));
        const narrow = await measure("default --parallel", emu, project, ids, []);
        report(narrow, n, boundS, noop.ms / 1000);
    } finally {
        await emu.stop();
        project.dispose();
    }
}

main().catch((e) => {
    console.error(e);
    process.exit(1);
});
