import kafkajs from 'kafkajs';
import { notFoundError } from '../../errors.js';
import type { KafkaClient } from '../client.js';
import { listOffsets, partitionKey, type PartitionRef } from '../admin/partition-offsets.js';
import { describeConsumerGroup } from '../protocol/consumer-group-describe.js';
import type { InternalBroker } from '../protocol/internals.js';
import { type RawDescribedGroup, requestDescribeGroups, requestOffsetFetch } from '../protocol/kafkajs-requests.js';
import { fetchTopicMetadata, type ItemResult, type TopicMetadata } from '../admin/topics.js';

/**
 * Consumer groups: who is in them, what they have committed, and how far behind they are.
 * Lag is measured against the high watermark (ListOffsets read_uncommitted, the offset after the
 * last replicated message), as Kafka's kafka-consumer-groups --describe does; on a topic with
 * transactions that counts open and aborted records and control markers too, so it can be a few
 * above what a read_committed consumer will actually receive.
 */
export const LAG_MEASURED_AGAINST = 'highWatermark';

export interface GroupMember {
  memberId: string;
  clientId: string;
  host: string;
  assignment: Array<{ topic: string; partitions: number[] }>;
}

export interface GroupOverview {
  group: string;
  /** Stable, Empty, PreparingRebalance, CompletingRebalance, Dead (Dead also: unknown, or not a classic group). */
  state: string;
  protocolType: string;
  /** The assignor the members agreed on (range, roundrobin…), empty when no members. */
  protocol: string;
  members: GroupMember[];
}

export interface CommittedOffset {
  topic: string;
  partition: number;
  offset: number;
}

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

export interface GroupSummary {
  group: string;
  state: string;
  protocolType: string;
  members: number;
  topics: string[];
  totalLag: number | null;
}

export async function findCoordinator(client: KafkaClient, groupId: string): Promise<InternalBroker> {
  return client.call(`find the coordinator of group "${groupId}"`, () => client.groupCoordinator(groupId));
}

const coordinatorMoved = new Set(['NOT_COORDINATOR_FOR_GROUP', 'GROUP_COORDINATOR_NOT_AVAILABLE', 'GROUP_LOAD_IN_PROGRESS']);

function isCoordinatorMoved(error: unknown): boolean {
  for (let e = error as { type?: string; cause?: unknown; originalError?: unknown } | undefined, depth = 0; e && depth < 10; depth++) {
    if (e.type && coordinatorMoved.has(e.type)) return true;
    e = (e.originalError ?? e.cause) as typeof e;
  }
  return false;
}

/**
 * Runs work against the group's coordinator, finding it again when the answer is "not the
 * coordinator" or "still loading": on a fresh cluster the first group request creates
 * __consumer_offsets, and a coordinator moves when a broker fails. `known` saves a FindCoordinator.
 */
export async function withCoordinator<T>(client: KafkaClient, groupId: string, work: (coordinator: InternalBroker) => Promise<T>, known?: InternalBroker): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    const coordinator = attempt === 0 && known ? known : await findCoordinator(client, groupId);
    try {
      return await work(coordinator);
    } catch (error) {
      if (attempt >= 8 || !isCoordinatorMoved(error)) throw error;
      client.log('group coordinator not ready, retrying', { groupId, attempt });
      await new Promise((resolve) => setTimeout(resolve, Math.min(100 * 2 ** attempt, 2000)));
    }
  }
}

/** DescribeGroups on the coordinator; members' assignments decoded for "consumer" groups. */
export async function describeGroupOverview(client: KafkaClient, coordinator: InternalBroker, groupId: string): Promise<GroupOverview> {
  return client.call(`describe group "${groupId}"`, async () => {
    const { groups } = await requestDescribeGroups(coordinator, [groupId]);
    const overview = toOverview(groups[0]!);
    return overview.state === 'Dead' ? (await newProtocolOverview(coordinator, groupId)) ?? overview : overview;
  });
}

/** A "Dead" group may be one on the KIP-848 consumer protocol, which only ConsumerGroupDescribe shows. */
async function newProtocolOverview(coordinator: InternalBroker, groupId: string): Promise<GroupOverview | undefined> {
  const group = await describeConsumerGroup(coordinator, groupId);
  if (!group) return undefined;
  return {
    group: groupId,
    state: group.state,
    protocolType: 'consumer',
    protocol: group.assignor,
    members: group.members.map((m) => ({ ...m, host: m.host.replace(/^\//, '') })).sort((a, b) => a.clientId.localeCompare(b.clientId) || a.memberId.localeCompare(b.memberId)),
  };
}

function toOverview(raw: RawDescribedGroup): GroupOverview {
  return {
    group: raw.groupId,
    state: raw.state,
    protocolType: raw.protocolType,
    protocol: raw.protocol,
    members: raw.members.map((m) => ({ memberId: m.memberId, clientId: m.clientId, host: m.clientHost.replace(/^\//, ''), assignment: decodeAssignment(raw.protocolType, m.memberAssignment) }))
      .sort((a, b) => a.clientId.localeCompare(b.clientId) || a.memberId.localeCompare(b.memberId)),
  };
}

function decodeAssignment(protocolType: string, buffer: Buffer): GroupMember['assignment'] {
  if (protocolType !== 'consumer' || !buffer?.length) return [];
  try {
    const decoded = kafkajs.AssignerProtocol.MemberAssignment.decode(buffer);
    return Object.entries(decoded?.assignment ?? {}).map(([topic, partitions]) => ({ topic, partitions: [...partitions].sort((a, b) => a - b) }))
      .sort((a, b) => a.topic.localeCompare(b.topic));
  } catch {
    return []; // a client with its own assignment format
  }
}

/** Every offset the group has committed, in one OffsetFetch (topics = null means all). */
export async function committedOffsets(client: KafkaClient, coordinator: InternalBroker, groupId: string): Promise<CommittedOffset[]> {
  const { responses } = await client.call(`read the offsets of group "${groupId}"`, () => requestOffsetFetch(coordinator, groupId));
  return responses.flatMap(({ topic, partitions }) => partitions.map((p) => ({ topic, partition: p.partition, offset: Number(p.offset) })))
    .filter((o) => o.offset >= 0)
    .sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
}

/** A group exists when the coordinator knows it (not Dead) or it holds committed offsets. */
export const groupExists = (overview: GroupOverview, offsets: CommittedOffset[]) => overview.state !== 'Dead' || offsets.length > 0;

export function unknownGroupError(groupId: string) {
  return notFoundError(`consumer group "${groupId}" does not exist`, '`sofakafka group list` shows the groups');
}

/** Members, committed offsets and lag per partition: FindCoordinator, then three requests at once, then ListOffsets per leader. */
export async function describeGroup(client: KafkaClient, groupId: string, options: { topics?: string[] } = {}): Promise<GroupDetails> {
  const [[coordinator, overview, offsets], metadata] = await Promise.all([
    withCoordinator(client, groupId, async (c) => [c, ...await Promise.all([describeGroupOverview(client, c, groupId), committedOffsets(client, c, groupId)])] as const),
    fetchTopicMetadata(client, undefined),
  ]);
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

function refFor(key: string, byTopic: Map<string, TopicMetadata>): PartitionRef {
  const colon = key.lastIndexOf(':');
  const topic = key.slice(0, colon);
  const partition = Number(key.slice(colon + 1));
  const leader = byTopic.get(topic)?.partitions.find((p) => p.partition === partition)?.leader ?? null;
  return { topic, partition, leader };
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
    Promise.all(ids.map((id) => withCoordinator(client, id, (c) => committedOffsets(client, c, id)))),
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

/** Deletes groups (DeleteGroups per coordinator); the broker refuses groups that still have members. */
export async function deleteGroups(client: KafkaClient, groupIds: string[]): Promise<ItemResult[]> {
  const results = await client.adminCall('delete groups', async (admin) => {
    try {
      return await admin.deleteGroups(groupIds);
    } catch (error) {
      const groups = (error as { name?: string; groups?: Array<{ groupId: string; errorCode: number; error?: { type?: string; message: string } }> }).groups;
      if ((error as Error).name === 'KafkaJSDeleteGroupsError' && groups) return groups;
      throw error;
    }
  });
  const byId = new Map(results.map((r) => [r.groupId, r as { errorCode: number; error?: { type?: string; message: string } }]));
  return groupIds.map((name) => {
    const result = byId.get(name);
    if (!result || result.errorCode === 0) return { name, status: 'deleted' };
    const type = result.error?.type;
    if (type === 'GROUP_ID_NOT_FOUND') return { name, status: 'failed', error: `group "${name}" does not exist`, errorKind: 'notFound' };
    if (type === 'NON_EMPTY_GROUP') return { name, status: 'failed', error: `group "${name}" has active members; stop its consumers first`, errorKind: 'rejected' };
    return { name, status: 'failed', error: result.error?.message ?? `error code ${result.errorCode}`, errorKind: 'rejected' };
  });
}
