import { describe, expect, it } from 'vitest';
import { IntervalMeter, LatencyRecorder, MAX_SAMPLES, percentile, rates } from '../../src/kafka/perf/stats.js';
import { RecordSchedule } from '../../src/kafka/perf/schedule.js';
import { recordTargets } from '../../src/kafka/perf/produce.js';
import { partitionForKey } from '../../src/kafka/messages/partitioner.js';
import { parseRunFlags, type RunFlags } from '../../src/commands/perf/flags.js';
import { intervalLine } from '../../src/output/perf-lines.js';
import { isCliError } from '../../src/errors.js';

describe('percentile (nearest rank)', () => {
  it('matches the hand-computed textbook case 15, 20, 35, 40, 50', () => {
    // Rank = ceil(p × 5): p30 → 2nd, p40 → 2nd, p50 → 3rd, p100 → 5th.
    const sorted = [15, 20, 35, 40, 50];
    expect([0.3, 0.4, 0.5, 1].map((p) => percentile(sorted, p))).toEqual([20, 20, 35, 50]);
  });

  it('1..1000: p50 is 500, p99 is 990, p99.9 is 999; nothing for no samples', () => {
    const sorted = Array.from({ length: 1000 }, (_, i) => i + 1);
    expect([0.5, 0.95, 0.99, 0.999].map((p) => percentile(sorted, p))).toEqual([500, 950, 990, 999]);
    expect(percentile([], 0.5)).toBeNull();
  });
});

describe('LatencyRecorder', () => {
  it('summarises ten unsorted latencies as computed by hand', () => {
    const recorder = new LatencyRecorder();
    for (const ms of [10, 1, 7, 3, 5, 9, 2, 8, 4, 6]) recorder.add(ms);
    // sorted 1..10; avg 55/10; p50 = 5th = 5; p95 = ceil(9.5) = 10th = 10.
    expect(recorder.summary()).toEqual({ samples: 10, avg: 5.5, max: 10, p50: 5, p95: 10, p99: 10, p999: 10 });
  });

  it('is empty before any sample', () => {
    expect(new LatencyRecorder().summary()).toEqual({ samples: 0, avg: null, max: null, p50: null, p95: null, p99: null, p999: null });
  });

  it('keeps memory bounded past MAX_SAMPLES; average and maximum still cover every value', () => {
    const recorder = new LatencyRecorder();
    const n = MAX_SAMPLES * 2 + 500;
    for (let i = 1; i <= n; i++) recorder.add(i);
    const summary = recorder.summary();
    expect(summary.samples).toBeLessThanOrEqual(MAX_SAMPLES);
    expect(summary.avg).toBe((n + 1) / 2);
    expect(summary.max).toBe(n);
    expect(Math.abs(summary.p50! - n / 2) / n).toBeLessThan(0.01);
  });
});

describe('rates and intervals', () => {
  it('records/s and MB/s (MB = 2^20 bytes)', () => {
    expect(rates(5000, 5 * 1024 * 1024, 2000)).toEqual({ recordsPerSecond: 2500, mbPerSecond: 2.5 });
    expect(rates(5, 5, 0)).toEqual({ recordsPerSecond: 0, mbPerSecond: 0 });
  });

  it('an interval counts its own window, then starts afresh', () => {
    const meter = new IntervalMeter(1000);
    meter.add(3, 3 * 1024 * 1024);
    for (const ms of [2, 4, 9]) meter.addLatency(ms);
    expect(meter.close(2000)).toEqual({ atMs: 1000, records: 3, recordsPerSecond: 3, mbPerSecond: 3, avgLatencyMs: 5, maxLatencyMs: 9 });
    meter.add(1, 0);
    expect(meter.close(2500)).toEqual({ atMs: 1500, records: 1, recordsPerSecond: 2, mbPerSecond: 0, avgLatencyMs: null, maxLatencyMs: null });
  });

  it('prints an interval as Kafka\'s ProducerPerformance does', () => {
    expect(intervalLine({ atMs: 5000, records: 52340, recordsPerSecond: 10468, mbPerSecond: 10.2227, avgLatencyMs: 12.34, maxLatencyMs: 80 }, 'sent'))
      .toBe('52340 records sent, 10468.0 records/sec (10.22 MB/sec), 12.3 ms avg latency, 80.0 ms max latency.');
    expect(intervalLine({ atMs: 5000, records: 10, recordsPerSecond: 2, mbPerSecond: 0, avgLatencyMs: null, maxLatencyMs: null }, 'read'))
      .toBe('10 records read, 2.0 records/sec (0.00 MB/sec).');
  });
});

describe('RecordSchedule bounds a run', () => {
  const never = new AbortController().signal;

  it('by --count: batches of at most the size asked, exactly the count in all', async () => {
    const schedule = new RecordSchedule({ count: 1200 }, 0, never);
    const sizes = [];
    for (let due = await schedule.take(500); due.length; due = await schedule.take(500)) sizes.push(due.length);
    expect(sizes).toEqual([500, 500, 200]);
    expect(schedule.stoppedBy).toBe('count');
  });

  it('by --duration: takes end once the time is up', async () => {
    const schedule = new RecordSchedule({ durationMs: 30 }, 0, never);
    let total = 0;
    for (let due = await schedule.take(10); due.length; due = await schedule.take(10)) {
      total += due.length;
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    expect(total).toBeGreaterThan(0);
    expect(schedule.stoppedBy).toBe('duration');
  });

  it('by Ctrl-C: a waiting take wakes with nothing', async () => {
    const stop = new AbortController();
    const schedule = new RecordSchedule({ count: 10 }, 0.001, stop.signal);
    expect(await schedule.take(1)).toHaveLength(1); // record 0 is due at once, the next in 1000 s
    const waiting = schedule.take(1);
    stop.abort();
    expect(await waiting).toEqual([]);
    expect(schedule.stoppedBy).toBe('interrupted');
  });

  it('with --rate, record i is due at start + i/rate', async () => {
    const schedule = new RecordSchedule({ count: 5 }, 1000, never);
    const due: number[] = [];
    for (let batch = await schedule.take(100); batch.length; batch = await schedule.take(100)) due.push(...batch);
    expect(due.map((at) => at - schedule.startedAt)).toEqual([0, 1, 2, 3, 4]);
  });
});

describe('recordTargets', () => {
  it('keyless: every partition; keyed: each key once, on the partition murmur2 gives it', () => {
    expect(recordTargets({ keys: 0, partitionCount: 3 })).toEqual([{ partition: 0, keys: [] }, { partition: 1, keys: [] }, { partition: 2, keys: [] }]);
    const targets = recordTargets({ keys: 20, partitionCount: 6 });
    expect(targets.flatMap((t) => t.keys).sort()).toEqual(Array.from({ length: 20 }, (_, k) => `key-${k}`).sort());
    for (const target of targets) for (const key of target.keys) expect(partitionForKey(key, 6)).toBe(target.partition);
  });
});

describe('perf flags', () => {
  const flags = (extra: Partial<RunFlags>): RunFlags => ({ createTopic: false, size: '1024', interval: '5s', yes: false, ...extra });
  const refusal = (extra: Partial<RunFlags>, defaults: { partitions: number; duration?: string } = { partitions: 6 }) => {
    try {
      parseRunFlags(flags(extra), defaults);
    } catch (error) {
      return isCliError(error) ? `${error.kind}: ${error.message}` : `not a CliError: ${String(error)}`;
    }
    return 'accepted';
  };

  it('accepts a throwaway topic with a count, and an existing one with a duration', () => {
    expect(parseRunFlags(flags({ createTopic: true, count: '100', partitions: '3', replicationFactor: '1' }), { partitions: 6 })).toEqual({
      topicSpec: { partitions: 3, replicationFactor: 1, yes: false }, bounds: { count: 100 }, size: 1024, intervalMs: 5000,
    });
    expect(parseRunFlags(flags({ topic: 'orders', duration: '2m', yes: true }), { partitions: 6 }).bounds).toEqual({ durationMs: 120_000 });
    expect(parseRunFlags(flags({ createTopic: true }), { partitions: 6, duration: '30s' }).bounds).toEqual({ durationMs: 30_000 });
  });

  it.each([
    [{ count: '10' }, /--topic T .* or --create-topic/],
    [{ topic: 't', createTopic: true, count: '10' }, /not both/],
    [{ topic: 't' }, /needs a bound/],
    [{ topic: 't', count: '0' }, /--count "0"/],
    [{ topic: 't', count: 'many' }, /--count "many"/],
    [{ topic: 't', duration: '0s' }, /longer than 0/],
    [{ topic: 't', duration: 'soon' }, /not a duration/],
    [{ topic: 't', count: '1', size: '0' }, /--size "0"/],
    [{ topic: 't', count: '1', size: '2000000' }, /--size "2000000"/],
    [{ topic: 't', count: '1', interval: '10ms' }, /at least 100ms/],
    [{ topic: 't', count: '1', partitions: '3' }, /need --create-topic/],
    [{ topic: 'bad topic', count: '1' }, /contains " "/],
    [{ createTopic: true, count: '1', partitions: '0' }, /--partitions "0"/],
  ])('refuses %j as a usage error', (extra, message) => {
    expect(refusal(extra)).toMatch(new RegExp(`^usage: .*${message.source}`));
  });
});
