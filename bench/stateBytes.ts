/**
 * State-bytes benchmark: N reinstalls under the real `pulumi` CLI (file backend, the emulator), in
 * the recorded shape before `__provider` was written out (the baseline) and today's, measured in the
 * same run. Prints checkpoint bytes per resource (the file backend rewrites the whole checkpoint on
 * every step), the `__provider` size, and the wall time of a state-only update of all N (a changed
 * `waitTimeoutMinutes`: no API call), with the ratios today/baseline.
 *
 *   PATH=.tools/pulumi/bin:$PATH node dist/bench/stateBytes.js [instances=300]
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { EmulatorProcess, RequestCursor, countByAction } from "../tests/engine/emulatorProcess";
import { emulatorEnv, reinstallResources, setCloudConfig } from "../tests/engine/fixtures";
import { PulumiProject } from "../tests/engine/pulumiCli";
import { repoRoot } from "../tests/support/paths";

type Shape = "before" | "after";

interface Measured {
    shape: Shape;
    checkpointBytes: number;
    entryBytes: number;
    providerBytes: number;
    /** Bytes of one entry by part: its top-level fields, and each input and output property. */
    breakdown: Record<string, number>;
    createMs: number;
    stateOnlyMs: number;
    stateOnlyCalls: Record<string, number>;
}

/** The stack's checkpoint file under a file backend (`.pulumi/stacks/<project>/<stack>.json`). */
function checkpointFile(project: PulumiProject): string {
    const file = path.join(project.backendDir, ".pulumi", "stacks", project.projectName, `${project.stack}.json`);
    if (!fs.existsSync(file)) throw new Error(`no checkpoint at ${file}`);
    return file;
}

async function measure(shape: Shape, instances: number): Promise<Measured> {
    const emu = await EmulatorProcess.start({ fleet: instances, clockSpeed: 600, reinstallSeconds: 60 });
    const project = await PulumiProject.create({
        template: path.join(repoRoot(), "bench", "programs", "stateBytes"),
        program: path.join(repoRoot(), "dist", "bench", "programs", "stateBytes", "index.js"),
        env: emulatorEnv(emu),
        label: `cvm-bench-state-${shape}`,
    });
    try {
        await setCloudConfig(project);
        await project.setConfigs({
            count: String(instances),
            shape,
            imageId: "img-debian12",
            waitTimeoutMinutes: "30",
            api: "2017-03-12",
        });
        await project.setConfig("password", "St4te#Bytes", { secret: true });
        const created = await project.run(["up", "--yes", "--skip-preview"], { timeoutMs: 30 * 60_000 });

        const file = checkpointFile(project);
        const checkpointBytes = fs.statSync(file).size;
        const { deployment } = await project.exportState();
        const mine = reinstallResources(deployment);
        if (mine.length !== instances)
            throw new Error(`${shape}: ${mine.length} resources in state, expected ${instances}`);
        const entryBytes = mine.reduce((n, r) => n + Buffer.byteLength(JSON.stringify(r)), 0) / mine.length;
        const providerBytes = Buffer.byteLength(String(mine[0].inputs?.__provider ?? ""));
        const breakdown: Record<string, number> = {};
        for (const [k, v] of Object.entries(mine[0])) {
            if (k === "inputs" || k === "outputs") {
                for (const [p, pv] of Object.entries((v ?? {}) as Record<string, unknown>)) {
                    breakdown[`${k}.${p}`] = Buffer.byteLength(JSON.stringify(pv));
                }
            } else {
                breakdown[k] = Buffer.byteLength(JSON.stringify(v));
            }
        }

        const cursor = new RequestCursor(emu);
        await cursor.mark();
        await project.setConfig("waitTimeoutMinutes", "31");
        const updated = await project.run(["up", "--yes", "--skip-preview"], { timeoutMs: 30 * 60_000 });
        return {
            shape,
            checkpointBytes,
            entryBytes,
            providerBytes,
            breakdown,
            createMs: created.ms,
            stateOnlyMs: updated.ms,
            stateOnlyCalls: countByAction(await cursor.take()),
        };
    } finally {
        await emu.stop();
        project.dispose();
    }
}

async function main() {
    const instances = Number(process.argv[2] ?? 300);
    const before = await measure("before", instances);
    const after = await measure("after", instances);
    const line = (m: Measured) =>
        `${m.shape === "before" ? "baseline (serialized forwarders)" : "today (__provider written out) "}: ` +
        `__provider ${m.providerBytes} B, checkpoint ${m.checkpointBytes} B = ${(m.checkpointBytes / instances).toFixed(0)} B per resource ` +
        `(entry ${m.entryBytes.toFixed(0)} B as compact JSON); create ${m.createMs} ms; ` +
        `state-only update ${m.stateOnlyMs} ms with API calls ${JSON.stringify(m.stateOnlyCalls)}`;
    console.log(`instances: ${instances} (real pulumi CLI, file backend, emulator)`);
    console.log(line(before));
    console.log(line(after));
    for (const m of [before, after]) {
        const largest = Object.entries(m.breakdown)
            .sort((a, b) => b[1] - a[1])
            .slice(0, 10)
            .map(([k, n]) => `${k} ${n}`)
            .join(", ");
        console.log(
            `${m.shape === "before" ? "baseline" : "today"}: the largest parts of one entry (bytes): ${largest}`,
        );
    }
    console.log(
        `ratio checkpoint bytes per resource today/baseline: ${(after.checkpointBytes / before.checkpointBytes).toFixed(3)}`,
    );
    console.log(
        `ratio state-only update wall time today/baseline: ${(after.stateOnlyMs / before.stateOnlyMs).toFixed(3)}`,
    );
}

main().catch((e) => {
    console.error(e);
    process.exit(1);
});
