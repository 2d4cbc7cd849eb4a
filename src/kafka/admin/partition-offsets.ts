import type { KafkaClient } from '../client.js';
import { failoverDelay, isFailover } from '../failover.js';
import { requestListOffsets, requestMetadataPerTopic } from '../protocol/kafkajs-requests.js';

export type OffsetSpec = 'earliest' | 'latest' | { timestamp: number };
export type Isolation = 'read_uncommitted' | 'read_committed';

export interface PartitionRef {
  topic: string;
  partition: number;
  leader: number | null;
}

export interface OffsetAnswer {
  offset: number;
  timestamp: number;
}

export const partitionKey = (topic: string, partition: number) => `${topic}:${partition}`;

/**
 * Each partition's log span: its earliest offset (`start`) and its high watermark (`end`), both
 * asked at once. A full read covers [start, end); end − start is what the partition holds.
 */
export async function logSpans<T extends PartitionRef>(client: KafkaClient, partitions: T[]): Promise<Array<T & { start: number; end: number }>> {
  const [earliest, latest] = await Promise.all([listOffsets(client, partitions, 'earliest'), listOffsets(client, partitions, 'latest')]);
  return partitions.map((p) => {
    const key = partitionKey(p.topic, p.partition);
    return { ...p, start: earliest.get(key)?.offset ?? 0, end: latest.get(key)?.offset ?? 0 };
  });
}

/**
 * ListOffsets for many partitions with one request per leader broker, all in parallel. With
 * read_uncommitted (the default here) "latest" is the high watermark; read_committed gives the
 * last stable offset. Partitions without a leader are left out of the answer.
 */
export async function listOffsets(client: KafkaClient, partitions: PartitionRef[], spec: OffsetSpec, isolation: Isolation = 'read_uncommitted'): Promise<Map<string, OffsetAnswer>> {
  const timestamp = spec === 'earliest' ? '-2' : spec === 'latest' ? '-1' : String(spec.timestamp);
  const seen = new Set<string>();
  // A partition named twice in one request is a malformed request to the broker.
  const wanted = partitions.filter((p) => p.leader !== null && !seen.has(partitionKey(p.topic, p.partition)) && seen.add(partitionKey(p.topic, p.partition)));
  const answers = new Map<string, OffsetAnswer>();
  const ask = async (leader: number, refs: PartitionRef[]) => {
    const topics = new Map<string, number[]>();
    for (const p of refs) topics.set(p.topic, [...(topics.get(p.topic) ?? []), p.partition]);
    const response = await untilLeaderReady(() => client.readFromBroker(leader, (broker) => requestListOffsets(broker, {
      replicaId: -1,
      isolationLevel: isolation === 'read_committed' ? 1 : 0,
      topics: [...topics].map(([topic, ids]) => ({ topic, partitions: ids.map((partition) => ({ partition, timestamp })) })),
    })));
    for (const topic of response.responses) {
      for (const p of topic.partitions) answers.set(partitionKey(topic.topic, p.partition), { offset: Number(p.offset), timestamp: Number(p.timestamp ?? -1) });
    }
  };
  await client.call('list offsets', () => byLeaderThroughFailover(client, wanted, ask));
  return answers;
}

/**
 * Runs `ask` once per leader, all at once; the partitions of a leader that is gone (or no longer
 * leads them) are asked again of their new leader once the metadata names it. Partitions left
 * without a leader are dropped, as the callers expect of an offline partition.
 */
export async function byLeaderThroughFailover(client: KafkaClient, partitions: PartitionRef[], ask: (leader: number, refs: PartitionRef[]) => Promise<void>, attempt = 0): Promise<void> {
  const byLeader = new Map<number, PartitionRef[]>();
  for (const p of partitions) if (p.leader !== null) byLeader.set(p.leader, [...(byLeader.get(p.leader) ?? []), p]);
  await Promise.all([...byLeader].map(async ([leader, refs]) => {
    try {
      await ask(leader, refs);
    } catch (error) {
      if (!isFailover(error)) throw error;
      client.log(`broker ${leader} did not answer for its partitions; asking the metadata for their leaders again`, { error: (error as Error).message, attempt });
      await failoverDelay(attempt);
      await byLeaderThroughFailover(client, await currentLeaders(client, refs), ask, attempt + 1);
    }
  }));
}

/**
 * The partitions with their leaders as the cluster names them now (a fresh Metadata request to a
 * live broker); as they were when no broker could answer this time, to be asked again.
 */
export async function currentLeaders<T extends PartitionRef>(client: KafkaClient, partitions: T[]): Promise<T[]> {
  await client.refreshMetadata().catch(() => undefined);
  const topics = [...new Set(partitions.map((p) => p.topic))];
  const metadata = await client.call('look up partition leaders', () => client.readFromAnyBroker((broker) => requestMetadataPerTopic(broker, topics))).catch((error: unknown) => {
    if (isFailover(error)) return undefined;
    throw error;
  });
  if (!metadata) return partitions;
  const leaders = new Map(metadata.topicMetadata.flatMap((t) => t.partitionMetadata.map((p) => [partitionKey(t.topic, p.partitionId), p.leader >= 0 ? p.leader : null] as const)));
  return partitions.map((p) => ({ ...p, leader: leaders.get(partitionKey(p.topic, p.partition)) ?? null }));
}

/** What a broker answers for a partition it was just made leader of, before it serves it. */
const NOT_READY_YET = new Set(['NOT_LEADER_FOR_PARTITION', 'NOT_LEADER_OR_FOLLOWER', 'UNKNOWN_TOPIC_OR_PARTITION', 'LEADER_NOT_AVAILABLE']);

/**
 * A topic created a moment ago is in the metadata before its leader serves it ("found" on a real
 * broker: `topic create` then `topic describe` read NOT_LEADER from the only broker there is).
 * Ask again briefly; a leader that really moved still fails after a second (and is looked up again).
 */
async function untilLeaderReady<T>(request: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await request();
    } catch (error) {
      if (attempt >= 6 || !NOT_READY_YET.has((error as { type?: string }).type ?? '')) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
    }
  }
}
