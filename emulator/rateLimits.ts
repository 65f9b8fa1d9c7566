// Request quotas, on real time: legacy 100/min per action and 1000/min per account (sliding 60 s
// window), API 3.0 per action per second (https://www.tencentcloud.com/document/product/213/568).
// Keyed by SecretId (= account here); Tencent also counts 3.0 limits per access region
// (https://cloud.tencent.com/document/product/1278/109059): one emulator is one access region.

export class SlidingWindow {
    private readonly hits = new Map<string, number[]>();

    constructor(
        private readonly windowMs: number,
        private readonly now: () => number = Date.now,
    ) {}

    count(key: string): number {
        return this.prune(key).length;
    }

    record(key: string): void {
        this.prune(key).push(this.now());
    }

    private prune(key: string): number[] {
        const cutoff = this.now() - this.windowMs;
        let list = this.hits.get(key);
        if (!list) {
            list = [];
            this.hits.set(key, list);
        }
        let drop = 0;
        while (drop < list.length && list[drop] <= cutoff) drop++;
        if (drop > 0) list.splice(0, drop);
        return list;
    }
}

export interface LegacyLimits {
    perActionPerMinute: number;
    perAccountPerMinute: number;
}

export class RateLimits {
    private readonly legacyWindow: SlidingWindow;
    private readonly api3Window: SlidingWindow;

    constructor(
        private readonly legacy: LegacyLimits,
        private readonly api3: Readonly<Record<string, number>>,
        now: () => number = Date.now,
    ) {
        this.legacyWindow = new SlidingWindow(60_000, now);
        this.api3Window = new SlidingWindow(1_000, now);
    }

    /** True when admitted (and counted). Throttled requests are not counted, so callers recover. */
    admitLegacy(secretId: string, action: string): boolean {
        const actionKey = `${secretId}\u0000${action}`;
        const accountKey = `${secretId}\u0000*`;
        if (this.legacyWindow.count(actionKey) >= this.legacy.perActionPerMinute) return false;
        if (this.legacyWindow.count(accountKey) >= this.legacy.perAccountPerMinute) return false;
        this.legacyWindow.record(actionKey);
        this.legacyWindow.record(accountKey);
        return true;
    }

    admitApi3(secretId: string, action: string): boolean {
        const limit = this.api3[action];
        if (limit === undefined) return true;
        const key = `${secretId}\u0000${action}`;
        if (this.api3Window.count(key) >= limit) return false;
        this.api3Window.record(key);
        return true;
    }
}
