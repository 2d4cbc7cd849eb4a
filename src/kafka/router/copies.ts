import type { KafkaClient } from '../client.js';
import { listOffsets, partitionKey } from '../admin/partition-offsets.js';
import { fetchTopicMetadata } from '../admin/topics.js';
import { parsePhysicalName } from '../ldc/naming.js';
import { readPartitions } from '../messages/reader.js';
import { RouterHeaders } from './routes.js';

/**
 * msg trace's "routed" section: the copies the router made of one message, found in the other
 * cells' physical topics of the same logical topic, same partition, by the source headers. A copy
 * keeps the source timestamp, so the search starts where ListOffsets-by-time points and stops at
 * the last stable offset (open transactions are not copies yet). A crash can leave attempts in
 * aborted transactions before the committed copy: the committed one is the last attempt.
 */
export interface RoutedCopy {
  topic: string;
  partition: number;
  offset: number;
  rule: string | null;
  hops: string | null;
  /** Earlier attempts of this copy left in aborted transactions (read_committed readers never see them). */
  abortedAttempts: number;
}

export interface Routed {
  status: string;
  copies: RoutedCopy[];
}

const MAX_SCAN_PER_PARTITION = 200_000;

export async function findRoutedCopies(client: KafkaClient, source: { topic: string; partition: number; offset: number; timestampMs: number }): Promise<Routed> {
  const unit = parsePhysicalName(source.topic);
  if (!unit) return { status: 'not a unit topic (NS.CELL.TOPIC): the router does not copy it', copies: [] };
  const topics = await fetchTopicMetadata(client, undefined);
  const refs = topics.flatMap((t) => {
    const other = parsePhysicalName(t.name);
    const partition = t.partitions.find((p) => p.partition === source.partition);
    return other && partition && other.ns === unit.ns && other.name === unit.name && other.cell !== unit.cell ? [{ topic: t.name, partition: source.partition, leader: partition.leader }] : [];
  });
  if (!refs.length) return { status: `no other cell of ${unit.ns} has topic ${unit.name}`, copies: [] };
  const [from, stable] = await Promise.all([listOffsets(client, refs, { timestamp: source.timestampMs }), listOffsets(client, refs, 'latest', 'read_committed')]);
  const found = new Map<string, RoutedCopy>();
  const [wantTopic, wantPartition, wantOffset] = [source.topic, String(source.partition), String(source.offset)];
  await readPartitions(client, refs.map((ref) => {
    const end = stable.get(partitionKey(ref.topic, ref.partition))?.offset ?? 0;
    const start = from.get(partitionKey(ref.topic, ref.partition))?.offset ?? end;
    return { ...ref, start: start < 0 ? end : start, end: Math.min(end, Math.max(start, 0) + MAX_SCAN_PER_PARTITION) };
  }), {
    onRecords(range, cursor) {
      while (cursor.next()) {
        const headers = new Map(cursor.record.headers.map(([name, value]) => [name, value?.toString('utf8') ?? null]));
        if (headers.get(RouterHeaders.sourceOffset) !== wantOffset || headers.get(RouterHeaders.sourcePartition) !== wantPartition || headers.get(RouterHeaders.sourceTopic) !== wantTopic) continue;
        const earlier = found.get(range.topic);
        found.set(range.topic, {
          topic: range.topic, partition: range.partition, offset: cursor.record.offset,
          rule: headers.get(RouterHeaders.rule) ?? null, hops: headers.get(RouterHeaders.hops) ?? null,
          abortedAttempts: earlier ? earlier.abortedAttempts + 1 : 0,
        });
      }
    },
  });
  const copies = [...found.values()].sort((a, b) => a.topic.localeCompare(b.topic));
  return { status: copies.length ? `copied to ${copies.length} cell${copies.length > 1 ? 's' : ''}` : 'no routed copies', copies };
}
