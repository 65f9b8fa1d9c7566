import { createHash } from "node:crypto";
import type { Clock } from "../cvm/clock";
import type { CvmClient, ResetRequest } from "../cvm/types";
import { dryRunVerdict, type DryRunVerdict } from "./dryRunRefusal";

/**
 * At most one `InquiryPriceResetInstance` per declaration per host process (one engine pass): the
 * engine may ask for the same resource's check and diff, and a retried preview step must not cost
 * a second call. Keyed by a hash of the target and the request, so no password is kept as a key.
 */
export class DryRunCache {
    private readonly verdicts = new Map<string, { at: number; verdict: Promise<DryRunVerdict> }>();

    /** @param reuseMs how long a verdict stands: an engine pass, not the life of a host kept across commands. */
    constructor(
        private readonly clock: Clock,
        private readonly reuseMs = 60_000,
    ) {}

    verdict(targetKey: string, client: CvmClient, request: ResetRequest, deadlineAt?: number): Promise<DryRunVerdict> {
        const key = createHash("sha256")
            .update(JSON.stringify([targetKey, request]))
            .digest("hex");
        const now = this.clock.now();
        const cached = this.verdicts.get(key);
        if (cached && now - cached.at < this.reuseMs) return cached.verdict;
        const verdict = client.inquireReset!(request, deadlineAt === undefined ? {} : { deadlineAt }).then(
            (): DryRunVerdict => ({ state: "accepted" }),
            dryRunVerdict,
        );
        this.verdicts.set(key, { at: now, verdict });
        return verdict;
    }

    get size(): number {
        return this.verdicts.size;
    }
}
