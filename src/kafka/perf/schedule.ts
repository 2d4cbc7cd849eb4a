/**
 * When a perf run's records are due, and when the run is over: bounded by a count, a duration, a
 * stop (Ctrl-C, an error), whichever comes first. With a rate, record i is due at start + i/rate
 * (Kafka's ProducerPerformance throttles the same way); without one, every record is due at once.
 */

export interface RunBounds {
  count?: number;
  durationMs?: number;
}

export type StopReason = 'count' | 'duration' | 'interrupted' | 'error' | 'end';

export class RecordSchedule {
  readonly startedAt: number;
  private issued = 0;
  private stopReason: StopReason | null = null;
  private readonly wake = new Set<() => void>();

  constructor(private readonly bounds: RunBounds, private readonly ratePerSecond: number, private readonly signal: AbortSignal, now = Date.now()) {
    this.startedAt = now;
    signal.addEventListener('abort', () => this.stop('interrupted'), { once: true });
    if (signal.aborted) this.stop('interrupted');
  }

  get stoppedBy(): StopReason | null {
    return this.stopReason;
  }

  get over(): boolean {
    return this.stopReason !== null || this.checkBounds(Date.now());
  }

  /** Ends the run (the first reason given is kept); anyone waiting for records wakes up with none. */
  stop(reason: StopReason): void {
    this.stopReason ??= reason;
    for (const wake of this.wake) wake();
  }

  /**
   * Up to `max` records, as the times they were due (the start of each record's latency). Waits
   * until at least one is due; then, when fewer than `max` are, up to `lingerMs` for more (a fuller
   * batch). An empty answer: the run is over.
   */
  async take(max: number, lingerMs = 0): Promise<number[]> {
    // A timer may wake a little early: go round until a record is due or the run is over.
    for (;;) {
      if (this.over) return [];
      if (this.ratePerSecond <= 0) return this.issue(Math.min(max, this.remaining()), Date.now());
      await this.sleepUntil(this.dueAt(this.issued));
      if (this.over) return [];
      const fullAt = this.dueAt(this.issued + Math.min(max, this.remaining()) - 1);
      if (lingerMs > 0 && fullAt > Date.now()) await this.sleepUntil(Math.min(fullAt, Date.now() + lingerMs));
      if (this.stopReason !== null) return [];
      const now = Date.now();
      const due: number[] = [];
      while (due.length < max && this.remaining() > 0 && this.dueAt(this.issued) <= now) due.push(this.dueAt(this.issued++));
      if (due.length) return due;
    }
  }

  private issue(n: number, at: number): number[] {
    this.issued += n;
    return new Array<number>(n).fill(at);
  }

  private remaining(): number {
    return this.bounds.count === undefined ? Number.MAX_SAFE_INTEGER : this.bounds.count - this.issued;
  }

  private dueAt(index: number): number {
    return this.startedAt + (index * 1000) / this.ratePerSecond;
  }

  private checkBounds(now: number): boolean {
    if (this.bounds.count !== undefined && this.issued >= this.bounds.count) this.stop('count');
    else if (this.bounds.durationMs !== undefined && now - this.startedAt >= this.bounds.durationMs) this.stop('duration');
    return this.stopReason !== null;
  }

  /** Sleeps until `at`, the end of the duration, or a stop, whichever is first. */
  private async sleepUntil(at: number): Promise<void> {
    const end = this.bounds.durationMs === undefined ? Infinity : this.startedAt + this.bounds.durationMs;
    const delay = Math.min(at, end) - Date.now();
    if (delay <= 0 || this.stopReason !== null) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake.delete(done);
        resolve();
      };
      const timer = setTimeout(done, delay);
      this.wake.add(done);
    });
  }
}

/** Sleeps `ms`, or less if the signal aborts. */
export function pause(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
