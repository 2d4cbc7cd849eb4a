import { randomBytes } from 'node:crypto';
import type kafkajs from 'kafkajs';
import { CliError } from '../../errors.js';
import type { KafkaClient } from '../client.js';
import { listOffsets, partitionKey } from '../admin/partition-offsets.js';
import type { PartitionMetadata } from '../admin/topics.js';
import { type Acks, openProducer } from '../messages/producer.js';
import { readPartitions } from '../messages/reader.js';
import { translateKafkaError } from '../errors.js';
import { IntervalMeter, type IntervalFigures, LatencyRecorder, type LatencySummary } from './stats.js';
import { RecordSchedule, type RunBounds, type StopReason } from './schedule.js';

export interface E2eSpec {
  topic: string;
  /** The partition written and read (Kafka's EndToEndLatency uses a one-partition topic). */
  partition: PartitionMetadata;
  size: number;
  acks: Acks;
  bounds: RunBounds;
  intervalMs: number;
  signal: AbortSignal;
  onInterval(figures: IntervalFigures): void;
  onProgress(): void;
}

export interface E2eResult {
  records: number;
  elapsedMs: number;
  latencyMs: LatencySummary;
  stoppedBy: StopReason;
}

/**
 * End-to-end latency as Kafka's EndToEndLatency measures it: one record at a time, sent (and
 * confirmed, unless acks=0) and then read back from the partition's leader; the latency is from
 * the send to the read. Each record carries its sequence number, so a record someone else wrote
 * is not mistaken for ours.
 */
export async function runE2e(client: KafkaClient, spec: E2eSpec): Promise<E2eResult> {
  const ref = { topic: spec.topic, partition: spec.partition.partition, leader: spec.partition.leader };
  let next = (await listOffsets(client, [ref], 'latest')).get(partitionKey(ref.topic, ref.partition))?.offset ?? 0;
  const producer = await openProducer(client, { acks: spec.acks, compression: 'none', topic: spec.topic });
  const schedule = new RecordSchedule(spec.bounds, 0, spec.signal);
  const latencies = new LatencyRecorder();
  const meter = new IntervalMeter(schedule.startedAt);
  const timer = setInterval(() => spec.onInterval(meter.close(Date.now())), spec.intervalMs);
  const value = Buffer.from(randomBytes(Math.max(spec.size, 8)).map((b) => 65 + (b % 26)));
  let records = 0;
  let lastAt = schedule.startedAt;
  try {
    while ((await schedule.take(1)).length) {
      value.writeUInt32BE(records, 0);
      value.writeUInt32BE(process.pid, 4);
      const began = performance.now();
      const [sent] = await producer.sendBatch({
        topicMessages: [{ topic: spec.topic, messages: [{ value, partition: ref.partition }] }],
        acks: spec.acks, compression: 0 as kafkajs.CompressionTypes,
      }).catch((error: unknown) => {
        throw translateKafkaError(error, `send to "${spec.topic}"`);
      });
      const offset = spec.acks === 0 ? next : Number(sent?.baseOffset ?? next);
      if (!(await readBack(client, ref, offset, value, spec.signal))) break;
      const latency = performance.now() - began;
      next = offset + 1;
      records++;
      lastAt = Date.now();
      latencies.add(latency);
      meter.add(1, spec.size);
      meter.addLatency(latency);
      spec.onProgress();
    }
  } finally {
    clearInterval(timer);
    await producer.disconnect().catch(() => undefined);
  }
  return { records, elapsedMs: Math.max(1, lastAt - schedule.startedAt), latencyMs: latencies.summary(), stoppedBy: schedule.stoppedBy ?? 'count' };
}

/** Reads the record at `offset` from the leader, waiting until it is there; false if stopped first. */
async function readBack(client: KafkaClient, ref: { topic: string; partition: number; leader: number | null }, offset: number, expected: Buffer, signal: AbortSignal): Promise<boolean> {
  let found = false;
  while (!found && !signal.aborted) {
    await readPartitions(client, [{ ...ref, start: offset, end: offset + 1 }], {
      onRecords: (_range, cursor) => {
        if (!cursor.next()) return;
        if (!cursor.record.value?.equals(expected)) {
          throw new CliError('rejected', `another producer wrote to ${ref.topic}/${ref.partition} at offset ${offset} during the run: the latencies would be wrong`, { hint: 'run perf e2e on a topic nobody else writes to (--create-topic)' });
        }
        found = true;
        return 'stop';
      },
    });
  }
  return found;
}
