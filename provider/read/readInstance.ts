import type { Clock } from "../cvm/clock";
import { isCvmApiError, isCvmTransportError } from "../cvm/errors";
import type { CvmClient, InstanceView } from "../cvm/types";
import { formatDuration, type Progress } from "../progress";
import { pollDelay } from "../waiter";

/** What `readInstance` batches its reads through ({@link RefreshBatcher} in the provider). */
export interface ReadBatcher {
    observe(key: string, client: CvmClient, instanceId: string): Promise<InstanceView | undefined>;
}

export interface ReadContext {
    client: CvmClient;
    key: string;
    batcher: ReadBatcher;
    clock: Clock;
    progress: Progress;
    pollMaxMs: number;
}

/**
 * `pulumi refresh`'s read of one instance, through a batcher (one DescribeInstances serves the
 * reads the engine has in flight, up to 100 ids). Throttling, a busy API or a dropped
 * connection that outlasts the client's own retries is waited out, as a reinstall's polls do: each
 * `pulumi` command starts a fresh host that cannot know what earlier commands spent of the quota,
 * whose window is a minute. Bounded by `waitTimeoutMinutes`; other errors (credentials) fail at once.
 */
export async function readInstance(
    ctx: ReadContext,
    inputs: { instanceId: string; waitTimeoutMinutes?: number },
): Promise<InstanceView | undefined> {
    const deadlineAt = ctx.clock.now() + (inputs.waitTimeoutMinutes ?? 30) * 60_000;
    let reported = false;
    for (let attempt = 0; ; attempt++) {
        try {
            return await ctx.batcher.observe(ctx.key, ctx.client, inputs.instanceId);
        } catch (error) {
            const transient = (isCvmApiError(error) && error.retryable) || isCvmTransportError(error);
            // No jitter: reads that failed in one batch retry together, so they share one call again.
            const delay = pollDelay(attempt, 2_000, Math.max(ctx.pollMaxMs, 2_000), 1.5, () => 1);
            if (!transient || ctx.clock.now() + delay >= deadlineAt) throw error;
            if (!reported || attempt % 5 === 0) {
                ctx.progress(
                    `${inputs.instanceId}: refresh read got ${(error as Error).name}; waiting it out (retry in ${formatDuration(delay)}, ` +
                        `deadline in ${formatDuration(deadlineAt - ctx.clock.now())})`,
                );
                reported = true;
            }
            await ctx.clock.sleep(delay);
        }
    }
}
