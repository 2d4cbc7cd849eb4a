import type { IntervalFigures } from '../kafka/perf/stats.js';

/**
 * One interval as Kafka's perf tools print it:
 * "52340 records sent, 10468.0 records/sec (10.22 MB/sec), 12.3 ms avg latency, 80.0 ms max latency."
 */
export function intervalLine(figures: IntervalFigures, verb: string): string {
  const latency = figures.avgLatencyMs === null ? '' : `, ${figures.avgLatencyMs.toFixed(1)} ms avg latency, ${figures.maxLatencyMs!.toFixed(1)} ms max latency`;
  return `${figures.records} records ${verb}, ${figures.recordsPerSecond.toFixed(1)} records/sec (${figures.mbPerSecond.toFixed(2)} MB/sec)${latency}.`;
}

/** A figure for a table cell: whole numbers with separators, others to `digits` places, null as "-". */
export function figure(value: number | null, digits = 1): string {
  if (value === null) return '-';
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}
