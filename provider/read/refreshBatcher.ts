import type { Clock } from "../cvm/clock";
import type { CvmClient, InstanceView } from "../cvm/types";

interface Waiter {
    instanceId: string;
    resolve: (view: InstanceView | undefined) => void;
    reject: (error: unknown) => void;
}

interface Group {
    client: CvmClient;
    waiters: Waiter[];
    firstAt: number;
    /** Bumped on every arrival: a wake-up that sees a newer one knows more reads came. */
    generation: number;
}

const MAX_IDS_PER_CALL = 100;

/**
 * Groups `pulumi refresh`'s reads into DescribeInstances calls of up to 100 ids. The engine hands
 * over `--parallel` reads at a time, and at a rate its own checkpoint writes bound, so a fixed
 * window either waits for reads that cannot come (all `--parallel` of them are already waiting) or
 * sends a call per few reads when many trickle in. Instead a batch goes out once no read has
 * arrived for `idleMs`, once it holds 100 ids, or `maxWaitMs` after its first read. The preview's
 * reads use it too, with a short patience while they arrive one at a time.
 */
export class RefreshBatcher {
    private readonly groups = new Map<string, Group>();

    constructor(
        private readonly clock: Clock,
        private readonly idleMs = 250,
        private readonly maxWaitMs = 5_000,
    ) {}

    /** @param idleMs this read's patience for company (default: the batcher's). */
    observe(
        key: string,
        client: CvmClient,
        instanceId: string,
        idleMs = this.idleMs,
    ): Promise<InstanceView | undefined> {
        return new Promise((resolve, reject) => {
            let g = this.groups.get(key);
            if (!g) {
                g = { client, waiters: [], firstAt: this.clock.now(), generation: 0 };
                this.groups.set(key, g);
            }
            g.waiters.push({ instanceId, resolve, reject });
            const generation = ++g.generation;
            const group = g;
            if (new Set(g.waiters.map((w) => w.instanceId)).size >= MAX_IDS_PER_CALL) {
                this.flush(key, group);
                return;
            }
            const wait = Math.min(idleMs, Math.max(0, group.firstAt + this.maxWaitMs - this.clock.now()));
            void this.clock.sleep(wait).then(() => {
                if (this.groups.get(key) !== group) return;
                const overdue = this.clock.now() >= group.firstAt + this.maxWaitMs;
                if (group.generation === generation || overdue) this.flush(key, group);
            });
        });
    }

    private flush(key: string, g: Group): void {
        if (this.groups.get(key) === g) this.groups.delete(key);
        const ids = [...new Set(g.waiters.map((w) => w.instanceId))];
        for (let i = 0; i < ids.length; i += MAX_IDS_PER_CALL) {
            const chunk = ids.slice(i, i + MAX_IDS_PER_CALL);
            const mine = g.waiters.filter((w) => chunk.includes(w.instanceId));
            g.client.describeInstances(chunk).then(
                (found) => mine.forEach((w) => w.resolve(found.get(w.instanceId))),
                (error) => mine.forEach((w) => w.reject(error)),
            );
        }
    }
}
