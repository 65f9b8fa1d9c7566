import type { Clock } from "./cvm/clock";
import type { CvmClient, InstanceView } from "./cvm/types";

interface Waiter {
    instanceId: string;
    dueAt: number;
    resolve: (view: InstanceView | undefined) => void;
    reject: (error: unknown) => void;
}

interface Group {
    client: CvmClient;
    waiters: Waiter[];
    wakeups: Set<number>;
    flushing: boolean;
}

const MAX_IDS_PER_CALL = 100;

/**
 * Shares DescribeInstances calls between all resources of a host process that talk to the same
 * account, endpoint and region. When the earliest waiter is due, ONE call (per 100 ids) serves
 * every waiting instance, including those due later: they get a fresh observation early and their
 * next polls line up, so a fleet of N instances polls at about the rate of one.
 */
export class DescribeBatcher {
    private readonly groups = new Map<string, Group>();

    /**
     * @param share false polls each instance on its own (the per-resource baseline the benchmark
     *   compares against); production always shares.
     */
    constructor(
        private readonly clock: Clock,
        private readonly windowMs: number,
        private readonly share = true,
    ) {}

    /** Resolves with the instance as seen at or before about `dueAt` (+ the window); undefined if it does not exist. */
    observe(
        key: string,
        client: CvmClient,
        instanceId: string,
        dueAt: number = this.clock.now(),
    ): Promise<InstanceView | undefined> {
        if (!this.share) {
            return this.clock
                .sleep(Math.max(0, dueAt - this.clock.now()))
                .then(() => client.describeInstances([instanceId]))
                .then((found) => found.get(instanceId));
        }
        let group = this.groups.get(key);
        if (!group) {
            group = { client, waiters: [], wakeups: new Set(), flushing: false };
            this.groups.set(key, group);
        }
        const g = group;
        return new Promise((resolve, reject) => {
            g.waiters.push({ instanceId, dueAt, resolve, reject });
            this.schedule(g);
        });
    }

    private schedule(g: Group): void {
        if (g.waiters.length === 0 || g.flushing) return;
        const at = Math.min(...g.waiters.map((w) => w.dueAt)) + this.windowMs;
        if ([...g.wakeups].some((t) => t <= at)) return;
        g.wakeups.add(at);
        void this.clock.sleep(Math.max(0, at - this.clock.now())).then(() => {
            g.wakeups.delete(at);
            void this.flushIfDue(g);
        });
    }

    private async flushIfDue(g: Group): Promise<void> {
        if (g.flushing || g.waiters.length === 0) return;
        const earliest = Math.min(...g.waiters.map((w) => w.dueAt));
        if (earliest + this.windowMs > this.clock.now()) return this.schedule(g);
        const batch = g.waiters.splice(0);
        g.flushing = true;
        try {
            const ids = [...new Set(batch.map((w) => w.instanceId))];
            const chunks: string[][] = [];
            for (let i = 0; i < ids.length; i += MAX_IDS_PER_CALL) chunks.push(ids.slice(i, i + MAX_IDS_PER_CALL));
            await Promise.all(
                chunks.map(async (chunk) => {
                    const mine = batch.filter((w) => chunk.includes(w.instanceId));
                    try {
                        const found = await g.client.describeInstances(chunk);
                        for (const w of mine) w.resolve(found.get(w.instanceId));
                    } catch (error) {
                        for (const w of mine) w.reject(error);
                    }
                }),
            );
        } finally {
            g.flushing = false;
            this.schedule(g);
        }
    }
}
