/**
 * The arithmetic of a performance run, pure: latency samples, percentiles, rates, and the
 * interval windows printed while a run goes on. No clock of its own: every time is passed in.
 */

/**
 * The nearest-rank percentile of ascending samples: the smallest sample such that at least
 * `fraction` of all samples are at or below it (p50 of 1..10 is 5, p99 of 1..1000 is 990).
 */
export function percentile(sorted: ArrayLike<number>, fraction: number): number | null {
  if (!sorted.length) return null;
  const rank = Math.ceil(fraction * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export interface LatencySummary {
  /** Samples the figures come from (every record up to MAX_SAMPLES, then an even sample). */
  samples: number;
  avg: number | null;
  max: number | null;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  p999: number | null;
}

/** More samples than this are thinned: every second one is dropped and only every second one kept from then on. */
export const MAX_SAMPLES = 1_000_000;

/**
 * Latencies in milliseconds. Exact up to MAX_SAMPLES; beyond, an evenly spaced sample (as Kafka's
 * ProducerPerformance samples), so memory stays bounded however long a run lasts. Average and
 * maximum always cover every value.
 */
export class LatencyRecorder {
  private values = new Float64Array(1024);
  private size = 0;
  private stride = 1;
  private seen = 0;
  private sum = 0;
  private highest = -Infinity;
  count = 0;

  add(ms: number): void {
    this.count++;
    this.sum += ms;
    if (ms > this.highest) this.highest = ms;
    if (this.seen++ % this.stride !== 0) return;
    if (this.size === this.values.length) {
      if (this.size >= MAX_SAMPLES) this.thin();
      else this.grow();
    }
    this.values[this.size++] = ms;
  }

  summary(): LatencySummary {
    const sorted = this.values.slice(0, this.size).sort();
    return {
      samples: this.size,
      avg: this.count ? this.sum / this.count : null,
      max: this.count ? this.highest : null,
      p50: percentile(sorted, 0.5),
      p95: percentile(sorted, 0.95),
      p99: percentile(sorted, 0.99),
      p999: percentile(sorted, 0.999),
    };
  }

  private grow(): void {
    const bigger = new Float64Array(Math.min(MAX_SAMPLES, this.values.length * 2));
    bigger.set(this.values);
    this.values = bigger;
  }

  private thin(): void {
    let kept = 0;
    for (let i = 0; i < this.size; i += 2) this.values[kept++] = this.values[i]!;
    this.size = kept;
    this.stride *= 2;
  }
}

/** Records per second and MB per second (MB = 1024 × 1024 bytes, as Kafka's perf tools count). */
export function rates(records: number, bytes: number, elapsedMs: number): { recordsPerSecond: number; mbPerSecond: number } {
  if (elapsedMs <= 0) return { recordsPerSecond: 0, mbPerSecond: 0 };
  return { recordsPerSecond: (records * 1000) / elapsedMs, mbPerSecond: (bytes * 1000) / elapsedMs / (1024 * 1024) };
}

/** One window of a run, as the lines printed every few seconds. */
export interface IntervalFigures {
  /** Milliseconds since the run started, at the window's end. */
  atMs: number;
  records: number;
  recordsPerSecond: number;
  mbPerSecond: number;
  /** Null for a consumer, or when nothing was confirmed in the window. */
  avgLatencyMs: number | null;
  maxLatencyMs: number | null;
}

/** Counts a window's records, bytes and latencies; `close(now)` returns the window and opens the next. */
export class IntervalMeter {
  private records = 0;
  private bytes = 0;
  private latencySum = 0;
  private latencyCount = 0;
  private latencyMax = -Infinity;

  constructor(private readonly startedAt: number, private windowStart = startedAt) {}

  add(records: number, bytes: number): void {
    this.records += records;
    this.bytes += bytes;
  }

  /** One record's latency (a producer's send to confirmation). */
  addLatency(ms: number): void {
    this.latencySum += ms;
    this.latencyCount++;
    if (ms > this.latencyMax) this.latencyMax = ms;
  }

  close(now: number): IntervalFigures {
    const figures: IntervalFigures = {
      atMs: now - this.startedAt,
      records: this.records,
      ...rates(this.records, this.bytes, now - this.windowStart),
      avgLatencyMs: this.latencyCount ? this.latencySum / this.latencyCount : null,
      maxLatencyMs: this.latencyCount ? this.latencyMax : null,
    };
    this.windowStart = now;
    this.records = this.bytes = this.latencySum = this.latencyCount = 0;
    this.latencyMax = -Infinity;
    return figures;
  }
}
