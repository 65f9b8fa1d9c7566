/**
 * What the saga needs from the fleet rollout and readiness, so that it never depends on how they
 * are scheduled or probed: permission before a submission, news of the outcome, and the readiness
 * check after the task succeeded.
 */
import type { CvmClient, InstanceView } from "../cvm/types";
import type { ReinstallInputs } from "../inputs";

export interface RolloutPass {
    /** Right before the first submission: throws (untouched) when the group halted meanwhile. */
    beforeSubmit?(): void;
    /** The reset was accepted by the API. */
    submitted(): void;
    /** Ready, or failed (any failure after admission). Frees the slot. */
    done(result: { ok: true } | { ok: false; reason: string }): void;
}

export interface RolloutGate {
    /** Waits for permission to start (or, `resumed`, to continue) a reinstall; throws before anything is touched. */
    admit(inputs: ReinstallInputs, options: { resumed: boolean }): Promise<RolloutPass>;
    /** Probes `inputs.readiness` (absent: ready at once). `taskSucceededAt` starts warm-up and timeout. */
    ready(
        inputs: ReinstallInputs,
        view: InstanceView,
        taskSucceededAt: number,
        client: CvmClient,
    ): Promise<{ ready: true } | { ready: false; reason: string }>;
}

/** A pass whose outcome counts once, however many failure paths report it. */
export function once(pass: RolloutPass | undefined): RolloutPass | undefined {
    if (!pass) return undefined;
    let submitted = false;
    let done = false;
    return {
        beforeSubmit: () => pass.beforeSubmit?.(),
        submitted: () => {
            if (!submitted && !done) pass.submitted();
            submitted = true;
        },
        done: (result) => {
            if (!done) pass.done(result);
            done = true;
        },
    };
}
