import { CliError, notFoundError, usageError } from '../../errors.js';
import type { KafkaClient } from '../client.js';
import { withCoordinator } from './coordinator.js';
import { groupExists, type GroupOverview, unknownGroupError } from './describe.js';
import { readGroupState } from './group-state.js';
import type { PartitionPosition, PlannedPartition, ResetMode, TopicSelection } from './reset-plan.js';
import { listOffsets, partitionKey, type PartitionRef } from '../admin/partition-offsets.js';
import type { InternalBroker } from '../protocol/internals.js';
import { commitGroupOffsets, deleteGroupOffsets } from '../protocol/offset-commit.js';

/** What a reset starts from: the group as it is and, per selected partition, its offset and the log's ends. */
export interface ResetStart {
  coordinator: InternalBroker;
  overview: GroupOverview;
  /** false: the group has never existed; --new-group lets the reset create it. */
  existed: boolean;
  positions: PartitionPosition[];
}

export type ResetScope = { kind: 'topics'; topics: TopicSelection[] } | { kind: 'all-topics' };

/**
 * Gathers everything the planner needs in four sequential steps however many partitions:
 * FindCoordinator; DescribeGroups + OffsetFetch + Metadata at once; ListOffsets per leader
 * (earliest, high watermark and, for a time, the timestamp, at once); nothing is written.
 */
export async function startReset(client: KafkaClient, groupId: string, scope: ResetScope, mode: ResetMode, options: { newGroup: boolean }): Promise<ResetStart> {
  const { coordinator, overview, offsets, metadata } = await readGroupState(client, groupId);
  const existed = groupExists(overview, offsets);
  if (!existed && !options.newGroup) {
    const error = unknownGroupError(groupId);
    throw new CliError(error.kind, error.message, { hint: 'pass --new-group to create its offsets with this reset; `sofakafka group list` shows the groups' });
  }
  const leaders = new Map(metadata.flatMap((t) => t.partitions.map((p) => [partitionKey(t.name, p.partition), p.leader] as const)));
  const partitionCounts = new Map(metadata.map((t) => [t.name, t.partitions.length]));

  let refs: PartitionRef[];
  if (scope.kind === 'all-topics') {
    if (!offsets.length) throw usageError(`group "${groupId}" has no committed offsets, so --all-topics selects nothing`, 'name the topics with --topic');
    refs = offsets.map((o) => ({ topic: o.topic, partition: o.partition, leader: leaders.get(partitionKey(o.topic, o.partition)) ?? null }));
  } else {
    refs = scope.topics.flatMap(({ topic, partitions }) => {
      const count = partitionCounts.get(topic);
      if (count === undefined) throw notFoundError(`topic "${topic}" does not exist`, '`sofakafka topic list` shows what exists');
      const lacking = (partitions ?? []).filter((p) => p >= count);
      if (lacking.length) throw notFoundError(`topic "${topic}" has no partition ${lacking.join(', ')} (it has ${count}: 0–${count - 1})`);
      return (partitions ?? [...Array(count).keys()]).map((partition) => ({ topic, partition, leader: leaders.get(partitionKey(topic, partition)) ?? null }));
    });
  }
  const leaderless = refs.filter((r) => r.leader === null);
  if (leaderless.length) throw new CliError('rejected', `${leaderless.map((r) => `${r.topic}:${r.partition}`).join(', ')} ha${leaderless.length > 1 ? 've' : 's'} no leader, so its log cannot be read`, { hint: '`sofakafka cluster health` shows offline partitions' });

  const [earliest, latest, forTime] = await Promise.all([
    listOffsets(client, refs, 'earliest'),
    listOffsets(client, refs, 'latest'),
    mode.kind === 'time' ? listOffsets(client, refs, { timestamp: mode.timestamp }) : Promise.resolve(undefined),
  ]);
  const committed = new Map(offsets.map((o) => [partitionKey(o.topic, o.partition), o.offset]));
  const positions = refs.map(({ topic, partition }) => {
    const key = partitionKey(topic, partition);
    const timeAnswer = forTime?.get(key)?.offset;
    return {
      topic,
      partition,
      committedOffset: committed.get(key) ?? null,
      earliestOffset: earliest.get(key)?.offset ?? 0,
      logEndOffset: latest.get(key)?.offset ?? 0,
      ...(forTime ? { offsetForTime: timeAnswer === undefined || timeAnswer < 0 ? null : timeAnswer } : {}),
    };
  });
  return { coordinator, overview, existed, positions };
}

/** The refusal --execute gives while consumers are in the group, naming each of them. */
export function assertNoActiveMembers(overview: GroupOverview): void {
  if (!overview.members.length) return;
  const names = overview.members.map((m) => `${m.clientId} (${m.memberId}) on ${m.host}`);
  throw new CliError('rejected', `group "${overview.group}" has ${names.length} active member${names.length > 1 ? 's' : ''}: ${names.join(', ')}; nothing was changed`, {
    hint: 'stop those consumers and run again (a dry run without --execute works while they run)',
  });
}

/**
 * Applies a plan: one admin-style OffsetCommit with every new offset, and (only when restoring
 * partitions that had no offset) one OffsetDelete. The coordinator refuses both while the group
 * has members, so a consumer that joined after our check still stops the reset.
 */
export async function applyReset(client: KafkaClient, start: ResetStart, plan: PlannedPartition[]): Promise<void> {
  const groupId = start.overview.group;
  const commits = plan.filter((p) => p.newOffset !== null && p.newOffset !== p.currentOffset).map((p) => ({ topic: p.topic, partition: p.partition, offset: p.newOffset! }));
  const deletions = plan.filter((p) => p.newOffset === null && p.currentOffset !== null);
  const refusedWhileMembers = (work: () => Promise<void>) => async () => {
    try {
      await work();
    } catch (error) {
      const type = (error as { type?: string }).type;
      if (type === 'UNKNOWN_MEMBER_ID' || type === 'NON_EMPTY_GROUP' || type === 'GROUP_SUBSCRIBED_TO_TOPIC' || type === 'ILLEGAL_GENERATION') {
        throw new CliError('rejected', `group "${groupId}" gained active members before the commit; the coordinator refused the reset (${type})`, { hint: 'stop its consumers and run again', cause: error });
      }
      throw error;
    }
  };
  await withCoordinator(client, groupId, async (coordinator) => {
    await client.call(`commit offsets for group "${groupId}"`, refusedWhileMembers(() => commitGroupOffsets(coordinator, groupId, commits)));
    await client.call(`delete offsets of group "${groupId}"`, refusedWhileMembers(() => deleteGroupOffsets(coordinator, groupId, deletions)));
  }, start.coordinator);
}
