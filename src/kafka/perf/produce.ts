import { randomBytes } from 'node:crypto';
import type kafkajs from 'kafkajs';
import type { Message, Producer } from 'kafkajs';
import type { CliError } from '../../errors.js';
import type { KafkaClient } from '../client.js';
import { translateKafkaError } from '../errors.js';
import { type Acks, type Compression, openProducer } from '../messages/producer.js';
import { partitionForKey } from '../messages/partitioner.js';
import { codecId } from '../protocol/compression.js';
import { listOffsets, type PartitionRef } from '../admin/partition-offsets.js';
import { fetchTopicMetadata } from '../admin/topics.js';
import { IntervalMeter, type IntervalFigures, LatencyRecorder, type LatencySummary, rates } from './stats.js';
import { RecordSchedule, type RunBounds, type StopReason } from './schedule.js';

export interface ProduceSpec {
  topic: string;
  partitionCount: number;
  /** Value size in bytes. */
  size: number;
  bounds: RunBounds;
  /** Records per second; 0: as fast as the cluster takes them. */
  rate: number;
  acks: Acks;
  /** sync: one record per request, one request at a time per producer. */
  sync: boolean;
  /** Keyed records spread over this many keys (0: no keys). */
  keys: number;
  compression: Compression;
  /** Records per produce request. */
  batchSize: number;
  /** How long a request waits for more records to fill it (only with a rate). */
  lingerMs: number;
  producers: number;
  /** Requests in flight per producer (each on its own partitions, so none overtakes another). */
  inFlight: number;
  intervalMs: number;
  signal: AbortSignal;
  onInterval(figures: IntervalFigures): void;
  /** The cluster confirmed a request: --timeout bounds each wait, not the run. */
  onProgress(): void;
}

/** A plain pipelined acks=all run as fast as it goes: what `perf produce` does without flags. */
export const plainProduce = { rate: 0, acks: -1, sync: false, keys: 0, compression: 'none', batchSize: 500, lingerMs: 0, producers: 1, inFlight: 5 } as const;

export interface ProduceResult {
  /** Records the cluster confirmed (with acks=0: handed to the connection). */
  records: number;
  /** Records whose request failed. */
  errors: number;
  bytes: number;
  elapsedMs: number;
  recordsPerSecond: number;
  mbPerSecond: number;
  latencyMs: LatencySummary;
  stoppedBy: StopReason;
  /** acks=0 only (null otherwise): how much the topic's end offsets grew, read after the run. */
  stored: number | null;
  /** The first failure, which decides the exit code. */
  error: CliError | null;
}

/** The sum of the partitions' end offsets (high watermarks). */
async function endOffsets(client: KafkaClient, partitions: PartitionRef[]): Promise<number> {
  const latest = await listOffsets(client, partitions, 'latest');
  return [...latest.values()].reduce((sum, answer) => sum + answer.offset, 0);
}

/** How far the end offsets grew past `before`: polled until they account for `sent` records, or stand still for STORED_SETTLE_MS. */
async function awaitStored(client: KafkaClient, partitions: PartitionRef[], before: number, sent: number, onProgress: () => void): Promise<number> {
  let stored = (await endOffsets(client, partitions)) - before;
  let grewAt = Date.now();
  while (stored < sent && Date.now() - grewAt < STORED_SETTLE_MS) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    const now = (await endOffsets(client, partitions)) - before;
    onProgress();
    if (now > stored) grewAt = Date.now();
    stored = now;
  }
  return stored;
}

const STORED_SETTLE_MS = 5000;

/**
 * Produces `size`-byte records as fast as the cluster takes them (or at `rate`), measuring each
 * record's latency from when it was due to its confirmation, as Kafka's ProducerPerformance does.
 */
export async function runProduce(client: KafkaClient, spec: ProduceSpec): Promise<ProduceResult> {
  // acks=0: the partitions are looked up once, for the end offsets before and after the run.
  const partitions = spec.acks === 0
    ? (await fetchTopicMetadata(client, [spec.topic]))[0]!.partitions.map((p) => ({ topic: spec.topic, partition: p.partition, leader: p.leader }))
    : [];
  const endsBefore = spec.acks === 0 ? await endOffsets(client, partitions) : 0;
  const producers = await Promise.all(Array.from({ length: spec.producers }, () => openProducer(client, { acks: spec.acks, compression: spec.compression, topic: spec.topic })));
  try {
    const run = new ProduceRun(spec);
    const lanesPerProducer = spec.sync ? 1 : Math.max(1, Math.min(spec.inFlight, spec.partitionCount));
    const targets = recordTargets(spec);
    await run.measure(producers.flatMap((producer) => Array.from({ length: lanesPerProducer }, (_, lane) =>
      run.lane(producer, targets.filter((_, i) => i % lanesPerProducer === lane)))));
    const result = run.result();
    // acks=0: kafkajs counts a record sent once it is in the socket's buffer, and nothing confirms
    // it. Wait until the bytes have left the process (client.writesFlushed, as msg send does), then
    // until the end offsets account for every record or stop growing: that growth is `stored`.
    if (spec.acks === 0) {
      await client.writesFlushed();
      result.stored = await awaitStored(client, partitions, endsBefore, result.records, () => spec.onProgress());
    }
    return result;
  } finally {
    await Promise.all(producers.map((p) => p.disconnect().catch(() => undefined)));
  }
}

/** A partition and the keys that hash to it (empty: keyless records). */
interface Target {
  partition: number;
  keys: string[];
}

/** Where records go: every partition round-robin, or with keys, the partitions their keys hash to (murmur2, as the Java client). */
export function recordTargets(spec: Pick<ProduceSpec, 'keys' | 'partitionCount'>): Target[] {
  if (!spec.keys) return Array.from({ length: spec.partitionCount }, (_, partition) => ({ partition, keys: [] }));
  const byPartition = new Map<number, string[]>();
  for (let k = 0; k < spec.keys; k++) {
    const key = `key-${k}`;
    const partition = partitionForKey(key, spec.partitionCount);
    byPartition.set(partition, [...(byPartition.get(partition) ?? []), key]);
  }
  return [...byPartition].sort(([a], [b]) => a - b).map(([partition, keys]) => ({ partition, keys }));
}

class ProduceRun {
  private readonly schedule: RecordSchedule;
  private readonly latencies = new LatencyRecorder();
  private readonly meter: IntervalMeter;
  private readonly payload: Buffer;
  private records = 0;
  private errors = 0;
  private lastAck: number;
  private error: CliError | null = null;
  private readonly sender: { acks: number; compression: kafkajs.CompressionTypes };

  constructor(private readonly spec: ProduceSpec) {
    this.schedule = new RecordSchedule(spec.bounds, spec.rate, spec.signal);
    this.meter = new IntervalMeter(this.schedule.startedAt);
    this.lastAck = this.schedule.startedAt;
    // Printable random bytes, the same for every record (as ProducerPerformance's payload).
    this.payload = Buffer.from(randomBytes(spec.size).map((b) => 65 + (b % 26)));
    this.sender = { acks: spec.acks, compression: codecId(spec.compression) as kafkajs.CompressionTypes };
  }

  async measure(lanes: Array<Promise<void>>): Promise<void> {
    const timer = setInterval(() => this.spec.onInterval(this.meter.close(Date.now())), this.spec.intervalMs);
    try {
      await Promise.all(lanes);
    } finally {
      clearInterval(timer);
    }
  }

  /** One request at a time, cycling over its partitions. */
  async lane(producer: Producer, targets: Target[]): Promise<void> {
    if (!targets.length) return;
    const batchSize = this.spec.sync ? 1 : this.spec.batchSize;
    // Per target, how many records it has had: its keys take turns.
    const sent = targets.map(() => 0);
    for (let turn = 0; ; turn++) {
      const due = await this.schedule.take(batchSize, this.spec.lingerMs);
      if (!due.length) return;
      const index = turn % targets.length;
      const target = targets[index]!;
      const messages: Message[] = due.map(() => ({
        value: this.payload,
        partition: target.partition,
        ...(target.keys.length ? { key: target.keys[sent[index]!++ % target.keys.length]! } : {}),
      }));
      try {
        await producer.sendBatch({ topicMessages: [{ topic: this.spec.topic, messages }], ...this.sender });
      } catch (error) {
        this.errors += due.length;
        this.error ??= translateKafkaError(error, `send to "${this.spec.topic}"`);
        this.schedule.stop('error');
        return;
      }
      this.confirmed(due);
    }
  }

  private confirmed(due: number[]): void {
    const now = Date.now();
    this.lastAck = now;
    this.records += due.length;
    this.meter.add(due.length, due.length * this.spec.size);
    for (const at of due) {
      this.latencies.add(now - at);
      this.meter.addLatency(now - at);
    }
    this.spec.onProgress();
  }

  result(): ProduceResult {
    const elapsedMs = Math.max(1, this.lastAck - this.schedule.startedAt);
    const bytes = this.records * this.spec.size;
    return {
      records: this.records, errors: this.errors, bytes, elapsedMs, ...rates(this.records, bytes, elapsedMs),
      latencyMs: this.latencies.summary(), stoppedBy: this.schedule.stoppedBy ?? 'count', stored: null, error: this.error,
    };
  }
}
