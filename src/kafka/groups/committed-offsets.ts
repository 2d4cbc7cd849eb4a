import type { KafkaClient } from '../client.js';
import type { InternalBroker } from '../protocol/internals.js';
import { requestOffsetFetch } from '../protocol/kafkajs-requests.js';
import { withCoordinator } from './coordinator.js';

export interface CommittedOffset {
  topic: string;
  partition: number;
  offset: number;
}

/** Every offset the group has committed, in one OffsetFetch (topics = null means all). */
export async function committedOffsets(client: KafkaClient, coordinator: InternalBroker, groupId: string): Promise<CommittedOffset[]> {
  const { responses } = await client.call(`read the offsets of group "${groupId}"`, () => client.readFromBroker(coordinator.nodeId, (broker) => requestOffsetFetch(broker, groupId), coordinator));
  return responses.flatMap(({ topic, partitions }) => partitions.map((p) => ({ topic, partition: p.partition, offset: Number(p.offset) })))
    .filter((o) => o.offset >= 0)
    .sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
}

/**
 * The one way sofakafka reads a group's committed offsets (describe, list, reset, trace, consume):
 * OffsetFetch on the coordinator, found again if it moves. Partitions without a commit are left out.
 */
export async function readCommittedOffsets(client: KafkaClient, groupId: string): Promise<CommittedOffset[]> {
  return withCoordinator(client, groupId, (coordinator) => committedOffsets(client, coordinator, groupId));
}
