import type { EachBatchPayload } from 'kafkajs';
import type { KafkaClient } from '../client.js';
import { translateKafkaError } from '../errors.js';
import { logSpans } from '../admin/partition-offsets.js';
import type { PartitionMetadata } from '../admin/topics.js';
import { readPartitions } from '../messages/reader.js';
import { IntervalMeter, type IntervalFigures, rates } from './stats.js';
import { RecordSchedule, type RunBounds, type StopReason } from './schedule.js';

export interface ConsumeSpec {
  topic: string;
  partitions: PartitionMetadata[];
  bounds: RunBounds;
  /** A consumer group to read as a member of; without one, every partition straight from its leader (broadcast). */
  groupId?: string;
  intervalMs: number;
  signal: AbortSignal;
  onInterval(figures: IntervalFigures): void;
  onProgress(): void;
}

export interface ConsumeResult {
  records: number;
  /** Key and value bytes, as Kafka's ConsumerPerformance counts them. */
  bytes: number;
  fetches: number;
  elapsedMs: number;
  recordsPerSecond: number;
  mbPerSecond: number;
  /** end: every partition read to the end it had when the run started. */
  stoppedBy: StopReason;
}

/**
 * Reads the topic from its earliest records up to the end it had when the run started (or fewer:
 * `bounds`), counting records, bytes and fetches.
 */
export async function runConsume(client: KafkaClient, spec: ConsumeSpec): Promise<ConsumeResult> {
  const refs = spec.partitions.map((p) => ({ topic: spec.topic, partition: p.partition, leader: p.leader }));
  const ranges = await logSpans(client, refs);
  const tally = new Tally(spec);
  const timer = setInterval(() => spec.onInterval(tally.meter.close(Date.now())), spec.intervalMs);
  try {
    if (spec.groupId === undefined) await readBroadcast(client, ranges, tally, spec);
    else await readAsMember(client, spec.groupId, ranges, tally, spec);
  } finally {
    clearInterval(timer);
  }
  return tally.result();
}

class Tally {
  readonly schedule: RecordSchedule;
  readonly meter: IntervalMeter;
  records = 0;
  bytes = 0;
  fetches = 0;
  private lastRecordAt: number;

  constructor(private readonly spec: ConsumeSpec) {
    this.schedule = new RecordSchedule({ ...(spec.bounds.durationMs !== undefined ? { durationMs: spec.bounds.durationMs } : {}) }, 0, spec.signal);
    this.meter = new IntervalMeter(this.schedule.startedAt);
    this.lastRecordAt = this.schedule.startedAt;
  }

  /** How many more records the run wants. */
  get wanted(): number {
    return this.spec.bounds.count === undefined ? Infinity : this.spec.bounds.count - this.records;
  }

  add(records: number, bytes: number): void {
    this.records += records;
    this.bytes += bytes;
    this.lastRecordAt = Date.now();
    this.meter.add(records, bytes);
    if (this.wanted <= 0) this.schedule.stop('count');
  }

  get over(): boolean {
    return this.schedule.over;
  }

  result(): ConsumeResult {
    const elapsedMs = Math.max(1, this.lastRecordAt - this.schedule.startedAt);
    return { records: this.records, bytes: this.bytes, fetches: this.fetches, elapsedMs, ...rates(this.records, this.bytes, elapsedMs), stoppedBy: this.schedule.stoppedBy ?? 'end' };
  }
}

type Range = { topic: string; partition: number; leader: number | null; start: number; end: number };

/** No group: Fetch straight from each leader (the reader msg query uses), records counted in place. */
async function readBroadcast(client: KafkaClient, ranges: Range[], tally: Tally, spec: ConsumeSpec): Promise<void> {
  await readPartitions(client, ranges, {
    onRecords: (_range, cursor) => {
      if (tally.over) return 'stop';
      let records = 0;
      let bytes = 0;
      const limit = tally.wanted;
      while (records < limit && cursor.next()) {
        records++;
        bytes += Math.max(0, cursor.record.keyLength) + Math.max(0, cursor.record.valueLength);
      }
      tally.add(records, bytes);
      return tally.over ? 'stop' : undefined;
    },
    onProgress: (stats) => {
      tally.fetches = stats.fetches;
      spec.onProgress();
    },
  });
}

/** As a member of a consumer group (kafkajs's classic protocol), from the group's committed offsets or the earliest. */
async function readAsMember(client: KafkaClient, groupId: string, ranges: Range[], tally: Tally, spec: ConsumeSpec): Promise<void> {
  const ends = new Map(ranges.map((r) => [r.partition, r.end]));
  const reached = new Set(ranges.filter((r) => r.start >= r.end).map((r) => r.partition));
  const consumer = client.consumer({ groupId, allowAutoTopicCreation: false, sessionTimeout: 10_000, heartbeatInterval: 1000, maxWaitTimeInMs: 500 });
  let fail: (error: unknown) => void = () => undefined;
  const done = new Promise<void>((resolve, reject) => {
    fail = reject;
    const check = () => {
      if (reached.size === ranges.length) tally.schedule.stop('end');
      if (tally.over) resolve();
    };
    consumer.on(consumer.events.FETCH, () => {
      tally.fetches++;
      spec.onProgress();
      check();
    });
    consumer.on(consumer.events.HEARTBEAT, () => spec.onProgress());
    consumer.on(consumer.events.END_BATCH_PROCESS, check);
    spec.signal.addEventListener('abort', () => resolve(), { once: true });
    if (spec.bounds.durationMs !== undefined) setTimeout(check, spec.bounds.durationMs).unref();
  });
  consumer.on(consumer.events.CRASH, (event) => {
    if (!event.payload.restart) fail(event.payload.error);
  });
  const eachBatch = async ({ batch, resolveOffset, heartbeat }: EachBatchPayload) => {
    if (tally.over) return;
    const take = Math.min(batch.messages.length, tally.wanted);
    let bytes = 0;
    for (let i = 0; i < take; i++) bytes += (batch.messages[i]!.key?.length ?? 0) + (batch.messages[i]!.value?.length ?? 0);
    tally.add(take, bytes);
    if (take > 0) resolveOffset(batch.messages[take - 1]!.offset);
    if (Number(batch.lastOffset()) + 1 >= (ends.get(batch.partition) ?? 0)) reached.add(batch.partition);
    await heartbeat();
  };
  try {
    await client.call('join the consumer group', () => consumer.connect());
    await client.call('subscribe', () => consumer.subscribe({ topics: [spec.topic], fromBeginning: true }));
    await consumer.run({ eachBatch, eachBatchAutoResolve: false, autoCommit: true });
    await done;
  } catch (error) {
    throw translateKafkaError(error, `consume "${spec.topic}" as group "${groupId}"`);
  } finally {
    await consumer.disconnect().catch(() => undefined);
  }
}
