import type { KafkaClient } from '../client.js';
import { listOffsets, partitionKey, type PartitionRef } from '../admin/partition-offsets.js';
import { fetchTopicMetadata } from '../admin/topics.js';
import type { RawDescribedGroup } from '../protocol/kafkajs-requests.js';
import { readCommittedOffsets } from './committed-offsets.js';
import { withCoordinator } from './coordinator.js';
import { newProtocolOverview, toOverview } from './describe.js';
import { refFor } from './lag.js';

export interface GroupSummary {
  group: string;
  state: string;
  protocolType: string;
  members: number;
  topics: string[];
  totalLag: number | null;
}

/** Every group's id, from ListGroups alone: what shell completion offers. */
export async function listGroupIds(client: KafkaClient): Promise<string[]> {
  const listed = await client.adminCall('list groups', (admin) => admin.listGroups());
  return listed.groups.map((g) => g.groupId).sort();
}

/**
 * Every group with its state, member count, topics and total lag. ListGroups per broker, one
 * DescribeGroups per coordinator, one OffsetFetch per group (OffsetFetch for many groups at once
 * needs v8, which kafkajs cannot encode), one ListOffsets per leader.
 */
export async function listGroupSummaries(client: KafkaClient, filter: (name: string) => boolean): Promise<GroupSummary[]> {
  const listed = await client.adminCall('list groups', (admin) => admin.listGroups());
  const ids = listed.groups.map((g) => g.groupId).filter(filter).sort();
  if (!ids.length) return [];
  const [described, metadata, offsets] = await Promise.all([
    client.adminCall('describe groups', (admin) => admin.describeGroups(ids)),
    fetchTopicMetadata(client, undefined),
    Promise.all(ids.map((id) => readCommittedOffsets(client, id))),
  ]);
  const byTopic = new Map(metadata.map((t) => [t.name, t]));
  const refs = offsets.flat().map((o) => refFor(partitionKey(o.topic, o.partition), byTopic)).filter((r) => r.leader !== null);
  const ends = await listOffsets(client, uniqueRefs(refs), 'latest');
  const overviews = new Map((described.groups as unknown as RawDescribedGroup[]).map((g) => [g.groupId, toOverview(g)]));
  await Promise.all([...overviews.values()].filter((o) => o.state === 'Dead').map(async (o) => {
    const found = await client.call(`describe group "${o.group}"`, () => withCoordinator(client, o.group, (c) => newProtocolOverview(c, o.group)));
    if (found) overviews.set(o.group, found);
  }));
  return ids.map((id, i) => {
    const overview = overviews.get(id);
    const lags = offsets[i]!.map((o) => {
      const end = ends.get(partitionKey(o.topic, o.partition))?.offset;
      return end === undefined ? null : Math.max(end - o.offset, 0);
    });
    const topics = new Set([...offsets[i]!.map((o) => o.topic), ...(overview?.members.flatMap((m) => m.assignment.map((a) => a.topic)) ?? [])]);
    return {
      group: id,
      state: overview?.state ?? 'Unknown',
      protocolType: overview?.protocolType ?? listed.groups.find((g) => g.groupId === id)!.protocolType,
      members: overview?.members.length ?? 0,
      topics: [...topics].sort(),
      totalLag: lags.length ? lags.reduce<number>((sum, lag) => sum + (lag ?? 0), 0) : null,
    };
  });
}

function uniqueRefs(refs: PartitionRef[]): PartitionRef[] {
  return [...new Map(refs.map((r) => [partitionKey(r.topic, r.partition), r])).values()];
}
