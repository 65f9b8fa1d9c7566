/**
 * Fleet benchmark: N concurrent reinstalls in one provider (as in one host process) against the
 * emulator, with shared batched polls versus the baseline of every resource polling on its own,
 * measured in the same run. Prints API calls, wall time and the ratios.
 *
 *   node dist/bench/fleetPolls.js [instances=100]
 */
import { DEFAULT_CREDENTIALS, startEmulator } from "../emulator";
import { createResourceProvider } from "../provider/resourceProvider";

async function run(instances: number, sharePolls: boolean) {
    const ids = Array.from({ length: instances }, (_, i) => `ins-${String(i + 1).padStart(8, "0")}`);
    // The emulator's limits are lifted; the client still keeps Tencent's real quotas (100 calls/min
    // per action), so per-resource polling queues behind the DescribeInstances quota: that cost is
    // part of what this measures.
    const emu = await startEmulator({
        clockSpeed: 30,
        reinstallSeconds: 60,
        legacyLimits: { perActionPerMinute: 100_000, perAccountPerMinute: 100_000 },
        instances: ids.map((instanceId) => ({ instanceId, state: "RUNNING" as const })),
    });
    const env = {
        ...process.env,
        TENCENTCLOUD_SECRET_ID: DEFAULT_CREDENTIALS.secretId,
        TENCENTCLOUD_SECRET_KEY: DEFAULT_CREDENTIALS.secretKey,
        TENCENTCLOUD_REGION: "ap-guangzhou",
        CVM_REINSTALL_ENDPOINT: emu.url,
        CVM_REINSTALL_POLL_MAX_MS: "500",
    };
    const provider = createResourceProvider({ env, sharePolls, progress: () => undefined });
    const started = Date.now();
    const heapBefore = process.memoryUsage().heapUsed;
    await Promise.all(
        ids.map(async (instanceId) => {
            const { inputs } = await provider.check!({}, { instanceId, triggers: [1] });
            await provider.create(inputs);
        }),
    );
    const wallMs = Date.now() - started;
    const calls = emu
        .requests()
        .reduce<Record<string, number>>((acc, r) => ({ ...acc, [r.action]: (acc[r.action] ?? 0) + 1 }), {});
    await emu.close();
    return { wallMs, calls, heapMb: (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20 };
}

async function main() {
    const instances = Number(process.argv[2] ?? 100);
    const baseline = await run(instances, false);
    const shared = await run(instances, true);
    const describe = (r: typeof baseline) => r.calls.DescribeInstances ?? 0;
    console.log(`instances: ${instances}`);
    console.log(
        `baseline (per-resource polls): ${describe(baseline)} DescribeInstances, ${baseline.wallMs} ms, calls ${JSON.stringify(baseline.calls)}`,
    );
    console.log(
        `shared batched polls:          ${describe(shared)} DescribeInstances, ${shared.wallMs} ms, calls ${JSON.stringify(shared.calls)}`,
    );
    console.log(`ratio DescribeInstances shared/baseline: ${(describe(shared) / describe(baseline)).toFixed(3)}`);
    console.log(`ratio wall time shared/baseline: ${(shared.wallMs / baseline.wallMs).toFixed(3)}`);
}

main().catch((e) => {
    console.error(e);
    process.exit(1);
});
