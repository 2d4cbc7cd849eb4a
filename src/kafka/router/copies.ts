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
 * the last stable offset (open transactions are not copies yet). The read is read_committed, as
 * Kafka's consumer reads: a copy in an aborted transaction (a crashed or fenced attempt) is not a
 * copy; such attempts are only counted, next to the committed copy they preceded.
 */
export interface RoutedCopy {
  topic: string;
  partition: number;
  offset: number;
  rule: string | null;
  hops: string | null;
  /** Attempts of this copy left in aborted transactions (read_committed readers never see them). */
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
  const found = new Map<string, Omit<RoutedCopy, 'abortedAttempts'>>();
  const abortedAttempts = new Map<string, number>();
  const isCopy = (headers: Map<string, string | null>) => headers.get(RouterHeaders.sourceOffset) === String(source.offset)
    && headers.get(RouterHeaders.sourcePartition) === String(source.partition) && headers.get(RouterHeaders.sourceTopic) === source.topic;
  await readPartitions(client, refs.map((ref) => {
    const end = stable.get(partitionKey(ref.topic, ref.partition))?.offset ?? 0;
    const start = from.get(partitionKey(ref.topic, ref.partition))?.offset ?? end;
    return { ...ref, start: start < 0 ? end : start, end: Math.min(end, Math.max(start, 0) + MAX_SCAN_PER_PARTITION) };
  }), {
    isolation: 'read_committed',
    onRecords(range, cursor) {
      while (cursor.next()) {
        const headers = headerMap(cursor.record.headers);
        if (!isCopy(headers)) continue;
        found.set(range.topic, { topic: range.topic, partition: range.partition, offset: cursor.record.offset, rule: headers.get(RouterHeaders.rule) ?? null, hops: headers.get(RouterHeaders.hops) ?? null });
      }
    },
    onAborted(range, cursor) {
      while (cursor.next()) if (isCopy(headerMap(cursor.record.headers))) abortedAttempts.set(range.topic, (abortedAttempts.get(range.topic) ?? 0) + 1);
    },
  });
  const copies = [...found.values()].map((copy) => ({ ...copy, abortedAttempts: abortedAttempts.get(copy.topic) ?? 0 })).sort((a, b) => a.topic.localeCompare(b.topic));
  if (copies.length) return { status: `copied to ${copies.length} cell${copies.length > 1 ? 's' : ''}`, copies };
  const attempts = [...abortedAttempts.values()].reduce((sum, n) => sum + n, 0);
  return { status: attempts ? `no routed copies (${attempts} attempt${attempts > 1 ? 's' : ''} left in aborted transactions)` : 'no routed copies', copies };
}

const headerMap = (headers: Array<[string, Buffer | null]>) => new Map(headers.map(([name, value]) => [name, value?.toString('utf8') ?? null]));
