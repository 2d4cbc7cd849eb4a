import { notFoundError, usageError } from '../../errors.js';
import type { KafkaClient } from '../client.js';
import { type PartitionRange, readPartitions, type ReadStats } from './reader.js';
import { type FoundMessage, toFoundMessage } from './message.js';
import { listOffsets, partitionKey } from '../admin/partition-offsets.js';
import { partitionForKey } from './partitioner.js';
import { type OffsetSpec, type QueryFilters, recordMatcher } from './query-filters.js';
import { fetchTopicMetadata } from '../admin/topics.js';

/**
 * msg query: decide which partitions and offsets to read (the plan), then read them with the
 * broker-level reader and keep what matches. A key reads only its partition; a time range starts
 * where ListOffsets-by-timestamp says and stops where it says the range ends — never from the log
 * start.
 */
export interface QuerySpec extends QueryFilters {
  topic: string;
  partition?: number;
  offsets?: OffsetSpec;
  /** With --key, search every partition (topics written with another partitioner). */
  allPartitions?: boolean;
  limit?: number;
}

export interface QueryPlan {
  topic: string;
  partitionCount: number;
  /** The partition --key hashes to, when that decided what to read. */
  keyPartition: number | null;
  ranges: PartitionRange[];
}

export interface QueryStats extends Omit<ReadStats, 'perPartition'> {
  matched: number;
  limitReached: boolean;
  durationMs: number;
  messagesPerSecond: number;
  perPartition: ReadStats['perPartition'];
}

export async function planQuery(client: KafkaClient, spec: QuerySpec): Promise<QueryPlan> {
  const [metadata] = await fetchTopicMetadata(client, [spec.topic]);
  const count = metadata!.partitions.length;
  if (spec.partition !== undefined && spec.partition >= count) {
    throw notFoundError(`partition ${spec.partition} does not exist: topic "${spec.topic}" has ${count} partition${count === 1 ? '' : 's'} (0-${count - 1})`);
  }
  const keyPartition = spec.key !== undefined && spec.partition === undefined && !spec.allPartitions ? partitionForKey(spec.key, count) : null;
  const wanted = spec.partition ?? keyPartition;
  if (spec.offsets?.single && wanted === null) {
    throw usageError('--offset N names one message, so it needs --partition P (or --key)', 'for a range over every partition use --offset FROM..TO');
  }
  const partitions = metadata!.partitions
    .filter((p) => wanted === null || p.partition === wanted)
    .map((p) => ({ topic: spec.topic, partition: p.partition, leader: p.leader }));
  const [earliest, latest, sinceOffsets, untilOffsets] = await Promise.all([
    listOffsets(client, partitions, 'earliest'),
    listOffsets(client, partitions, 'latest'),
    spec.since === undefined ? undefined : listOffsets(client, partitions, { timestamp: spec.since }),
    // The first offset after the range: its timestamp is the first one past `until`.
    spec.until === undefined ? undefined : listOffsets(client, partitions, { timestamp: spec.until + 1 }),
  ]);
  const ranges = partitions.map((p) => {
    const key = partitionKey(p.topic, p.partition);
    const logStart = earliest.get(key)?.offset ?? 0;
    const logEnd = latest.get(key)?.offset ?? 0;
    if (spec.offsets?.single) checkSingleOffset(spec.topic, p.partition, spec.offsets.from!, logStart, logEnd);
    let start = Math.max(logStart, spec.offsets?.from ?? 0);
    let end = Math.min(logEnd, spec.offsets?.to === undefined ? Infinity : spec.offsets.to + 1);
    if (sinceOffsets) {
      const first = sinceOffsets.get(key)?.offset ?? -1;
      start = first < 0 ? end : Math.max(start, first); // -1: nothing at or after `since`
    }
    if (untilOffsets) {
      const after = untilOffsets.get(key)?.offset ?? -1;
      if (after >= 0) end = Math.min(end, after);
    }
    return { ...p, start, end: Math.max(start, end) };
  });
  return { topic: spec.topic, partitionCount: count, keyPartition, ranges };
}

function checkSingleOffset(topic: string, partition: number, offset: number, logStart: number, logEnd: number): void {
  if (offset >= logEnd) {
    throw notFoundError(
      `offset ${offset} is beyond the log end of ${topic}/${partition}: ${logEnd === 0 ? 'the partition is empty' : `its last message is at offset ${logEnd - 1}`}`,
      `offsets in ${topic}/${partition} run from ${logStart} to ${Math.max(logStart, logEnd - 1)}`,
    );
  }
  if (offset < logStart) {
    throw notFoundError(`offset ${offset} of ${topic}/${partition} is gone: the log now starts at ${logStart} (retention or deleteRecords removed older messages)`);
  }
}

export type MatchSink = (messages: FoundMessage[]) => void | Promise<void>;

/** Reads the plan, sends matches to the sink chunk by chunk, stops at the limit. */
export async function runQuery(client: KafkaClient, spec: QuerySpec, plan: QueryPlan, sink: MatchSink, onProgress?: (stats: ReadStats) => void): Promise<QueryStats> {
  const matches = recordMatcher(spec);
  const limit = spec.limit ?? Infinity;
  let matched = 0;
  const started = performance.now();
  const stats = await readPartitions(client, plan.ranges, {
    ...(onProgress ? { onProgress } : {}),
    onRecords(range, records, timestampType) {
      const found: FoundMessage[] = [];
      while (records.next()) {
        const record = records.record;
        if (!matches(record)) continue;
        found.push(toFoundMessage(range.topic, range.partition, record, timestampType));
        if (++matched >= limit) break;
      }
      const delivered = found.length ? sink(found) : undefined;
      if (matched >= limit) return delivered ? delivered.then(() => 'stop' as const) : 'stop';
      return delivered;
    },
  });
  const durationMs = performance.now() - started;
  return {
    ...stats,
    matched,
    limitReached: matched >= limit,
    durationMs: Math.round(durationMs),
    messagesPerSecond: durationMs > 0 ? Math.round((stats.scanned / durationMs) * 1000) : 0,
  };
}

export const byPartitionOffset = (a: FoundMessage, b: FoundMessage) => a.partition - b.partition || a.offset - b.offset;
export const byTime = (a: FoundMessage, b: FoundMessage) => a.timestamp.localeCompare(b.timestamp) || byPartitionOffset(a, b);
