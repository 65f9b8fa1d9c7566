/**
 * The message for a rollout that the engine, not the policy, holds back: each reinstall holds one
 * of `pulumi up`'s `--parallel` slots for its whole wait, and the default is 4 × CPU cores
 * (https://www.pulumi.com/docs/iac/cli/commands/pulumi_up/).
 */
export function engineParallelHint(group: string, peak: number, maxParallel: number, cpuCount: number): string {
    return (
        `rollout ${group}: at most ${peak} reinstall${peak === 1 ? "" : "s"} reached the provider at once, fewer than ` +
        `maxParallel ${maxParallel} allows: the engine's --parallel limits it (default 4 × CPU cores = ${4 * cpuCount} here). ` +
        `Run \`pulumi up --parallel ${Math.max(maxParallel, peak + 1)}\` (or more when other resources update in the same run) to use the whole window.`
    );
}
