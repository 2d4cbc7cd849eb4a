import { notFoundError } from '../../errors.js';
import type { KafkaClient } from '../client.js';
import { listOffsets, partitionKey, type PartitionRef } from '../admin/partition-offsets.js';
import type { TopicMetadata } from '../admin/topics.js';
import { groupExists, type GroupMember, type GroupOverview, unknownGroupError } from './describe.js';
import { readGroupState } from './group-state.js';

/**
 * Consumer groups: who is in them, what they have committed, and how far behind they are.
 * Lag is measured against the high watermark (ListOffsets read_uncommitted, the offset after the
 * last replicated message), as Kafka's kafka-consumer-groups --describe does; on a topic with
 * transactions that counts open and aborted records and control markers too, so it can be a few
 * above what a read_committed consumer will actually receive.
 */
export const LAG_MEASURED_AGAINST = 'highWatermark';

export interface PartitionLag {
  topic: string;
  partition: number;
  committedOffset: number | null;
  logEndOffset: number | null;
  lag: number | null;
  /** The member assigned this partition now, if any. */
  memberId: string | null;
  clientId: string | null;
  host: string | null;
}

export interface GroupDetails extends GroupOverview {
  coordinator: number;
  lagMeasuredAgainst: typeof LAG_MEASURED_AGAINST;
  totalLag: number;
  partitions: PartitionLag[];
}

/** Members, committed offsets and lag per partition: readGroupState, then ListOffsets per leader. */
export async function describeGroup(client: KafkaClient, groupId: string, options: { topics?: string[] } = {}): Promise<GroupDetails> {
  const { coordinator, overview, offsets, metadata } = await readGroupState(client, groupId);
  if (!groupExists(overview, offsets)) throw unknownGroupError(groupId);
  const byTopic = new Map(metadata.map((t) => [t.name, t]));
  const missing = (options.topics ?? []).filter((t) => !byTopic.has(t));
  if (missing.length) throw notFoundError(`topic "${missing[0]}" does not exist`, '`sofakafka topic list` shows what exists');

  const owner = new Map<string, GroupMember>();
  for (const member of overview.members) for (const a of member.assignment) for (const p of a.partitions) owner.set(partitionKey(a.topic, p), member);
  const committed = new Map(offsets.map((o) => [partitionKey(o.topic, o.partition), o.offset]));
  // The partitions shown: those named with --topic (all of them), else those committed or assigned.
  const keys = new Set<string>(options.topics?.length
    ? options.topics.flatMap((t) => byTopic.get(t)!.partitions.map((p) => partitionKey(t, p.partition)))
    : [...committed.keys(), ...owner.keys()]);
  const refs = [...keys].map((key) => refFor(key, byTopic));
  const ends = await listOffsets(client, refs.filter((r) => r.leader !== null), 'latest');
  const partitions = refs.map(({ topic, partition }) => {
    const key = partitionKey(topic, partition);
    const committedOffset = committed.get(key) ?? null;
    const logEndOffset = ends.get(key)?.offset ?? null;
    const member = owner.get(key);
    return {
      topic, partition, committedOffset, logEndOffset,
      lag: committedOffset !== null && logEndOffset !== null ? Math.max(logEndOffset - committedOffset, 0) : null,
      memberId: member?.memberId ?? null, clientId: member?.clientId ?? null, host: member?.host ?? null,
    };
  }).sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
  return {
    ...overview,
    coordinator: coordinator.nodeId,
    lagMeasuredAgainst: LAG_MEASURED_AGAINST,
    totalLag: partitions.reduce((sum, p) => sum + (p.lag ?? 0), 0),
    partitions,
  };
}

export function refFor(key: string, byTopic: Map<string, TopicMetadata>): PartitionRef {
  const colon = key.lastIndexOf(':');
  const topic = key.slice(0, colon);
  const partition = Number(key.slice(colon + 1));
  const leader = byTopic.get(topic)?.partitions.find((p) => p.partition === partition)?.leader ?? null;
  return { topic, partition, leader };
}
