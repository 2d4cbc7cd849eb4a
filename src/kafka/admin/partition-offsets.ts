import type { KafkaClient } from '../client.js';
import { requestListOffsets } from '../protocol/kafkajs-requests.js';

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
 * ListOffsets for many partitions with one request per leader broker, all in parallel. With
 * read_uncommitted (the default here) "latest" is the high watermark; read_committed gives the
 * last stable offset. Partitions without a leader are left out of the answer.
 */
export async function listOffsets(client: KafkaClient, partitions: PartitionRef[], spec: OffsetSpec, isolation: Isolation = 'read_uncommitted'): Promise<Map<string, OffsetAnswer>> {
  const timestamp = spec === 'earliest' ? '-2' : spec === 'latest' ? '-1' : String(spec.timestamp);
  const byLeader = new Map<number, Map<string, number[]>>();
  const seen = new Set<string>();
  for (const p of partitions) {
    // A partition named twice in one request is a malformed request to the broker.
    if (p.leader === null || seen.has(partitionKey(p.topic, p.partition))) continue;
    seen.add(partitionKey(p.topic, p.partition));
    const topics = byLeader.get(p.leader) ?? new Map<string, number[]>();
    topics.set(p.topic, [...(topics.get(p.topic) ?? []), p.partition]);
    byLeader.set(p.leader, topics);
  }
  const answers = new Map<string, OffsetAnswer>();
  await client.call('list offsets', () =>
    Promise.all([...byLeader].map(async ([leader, topics]) => {
      const response = await untilLeaderReady(async () => requestListOffsets(await client.broker(leader), {
        replicaId: -1,
        isolationLevel: isolation === 'read_committed' ? 1 : 0,
        topics: [...topics].map(([topic, ids]) => ({ topic, partitions: ids.map((partition) => ({ partition, timestamp })) })),
      }));
      for (const topic of response.responses) {
        for (const p of topic.partitions) {
          answers.set(partitionKey(topic.topic, p.partition), { offset: Number(p.offset), timestamp: Number(p.timestamp ?? -1) });
        }
      }
    })),
  );
  return answers;
}

/** What a broker answers for a partition it was just made leader of, before it serves it. */
const NOT_READY_YET = new Set(['NOT_LEADER_FOR_PARTITION', 'NOT_LEADER_OR_FOLLOWER', 'UNKNOWN_TOPIC_OR_PARTITION', 'LEADER_NOT_AVAILABLE']);

/**
 * A topic created a moment ago is in the metadata before its leader serves it ("found" on a real
 * broker: `topic create` then `topic describe` read NOT_LEADER from the only broker there is).
 * Ask again briefly; a leader that really moved still fails after a second.
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
