import type { KafkaClient } from '../client.js';
import { fetchTopicMetadata, type TopicMetadata } from '../admin/topics.js';
import type { InternalBroker } from '../protocol/internals.js';
import { type CommittedOffset, committedOffsets } from './committed-offsets.js';
import { withCoordinator } from './coordinator.js';
import { describeGroupOverview, type GroupOverview } from './describe.js';

export interface GroupState {
  coordinator: InternalBroker;
  overview: GroupOverview;
  offsets: CommittedOffset[];
  /** Every topic the caller may describe. */
  metadata: TopicMetadata[];
}

/**
 * Where `group describe`, `offset show` and `offset reset` start, in two round trips however many
 * partitions: FindCoordinator, then DescribeGroups and OffsetFetch on the coordinator and Metadata,
 * all at once.
 */
export async function readGroupState(client: KafkaClient, groupId: string): Promise<GroupState> {
  const [[coordinator, overview, offsets], metadata] = await Promise.all([
    withCoordinator(client, groupId, async (c) => [c, ...await Promise.all([describeGroupOverview(client, c, groupId), committedOffsets(client, c, groupId)])] as const),
    fetchTopicMetadata(client, undefined),
  ]);
  return { coordinator, overview, offsets, metadata };
}
