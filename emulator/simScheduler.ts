// Runs callbacks at simulated times, with one real timer for the earliest one. The timer is
// re-armed whenever the clock's speed changes or it jumps, and it never keeps the process alive.
import type { Clock } from "./clock";

interface Scheduled {
  at: number;
  run: () => void;
}

export class SimScheduler {
  private queue: Scheduled[] = [];
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private readonly unsubscribe: () => void;

  constructor(private readonly clock: Clock) {
    this.unsubscribe = clock.onChange(() => this.arm());
  }

  /** Calls `run` once the simulated clock reaches `simSeconds` (at once when it already has). */
  at(simSeconds: number, run: () => void): void {
    if (this.closed) return;
    this.queue.push({ at: simSeconds, run });
    this.arm();
  }

  close(): void {
    this.closed = true;
    this.queue = [];
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.unsubscribe();
  }

  private arm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.closed || this.queue.length === 0) return;
    const now = this.clock.nowSeconds();
    const earliest = Math.min(...this.queue.map((s) => s.at));
    const speed = this.clock.getSpeed();
    if (earliest > now && speed === 0) return; // frozen clock: only advance() moves it
    const delayMs = earliest <= now ? 0 : Math.ceil(((earliest - now) / speed) * 1000);
    this.timer = setTimeout(() => this.fire(), Math.min(delayMs, 2 ** 31 - 1));
    this.timer.unref();
  }

  private fire(): void {
    this.timer = undefined;
    const now = this.clock.nowSeconds() + 1e-6;
    const due = this.queue.filter((s) => s.at <= now);
    this.queue = this.queue.filter((s) => s.at > now);
    for (const s of due) {
      try {
        s.run();
      } catch {
        // A failing callback must not stop the others; the store reports its own problems.
      }
    }
    this.arm();
  }
}
