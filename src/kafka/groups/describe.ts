import kafkajs from 'kafkajs';
import { notFoundError } from '../../errors.js';
import type { KafkaClient } from '../client.js';
import { describeConsumerGroup } from '../protocol/consumer-group-describe.js';
import type { InternalBroker } from '../protocol/internals.js';
import { type RawDescribedGroup, requestDescribeGroups } from '../protocol/kafkajs-requests.js';
import type { CommittedOffset } from './committed-offsets.js';

/** Consumer groups as DescribeGroups shows them: state, protocol and who is in them with what. */
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

/** DescribeGroups on the coordinator; members' assignments decoded for "consumer" groups. */
export async function describeGroupOverview(client: KafkaClient, coordinator: InternalBroker, groupId: string): Promise<GroupOverview> {
  return client.call(`describe group "${groupId}"`, () => client.readFromBroker(coordinator.nodeId, async (broker) => {
    const { groups } = await requestDescribeGroups(broker, [groupId]);
    const overview = toOverview(groups[0]!);
    return overview.state === 'Dead' ? (await newProtocolOverview(broker, groupId)) ?? overview : overview;
  }, coordinator));
}

/** A "Dead" group may be one on the KIP-848 consumer protocol, which only ConsumerGroupDescribe shows. */
export async function newProtocolOverview(coordinator: InternalBroker, groupId: string): Promise<GroupOverview | undefined> {
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

export function toOverview(raw: RawDescribedGroup): GroupOverview {
  return {
    group: raw.groupId,
    state: raw.state,
    protocolType: raw.protocolType,
    protocol: raw.protocol,
    members: raw.members.map((m) => ({ memberId: m.memberId, clientId: m.clientId, host: m.clientHost.replace(/^\//, ''), assignment: decodeAssignment(raw.protocolType, m.memberAssignment) }))
      .sort((a, b) => a.clientId.localeCompare(b.clientId) || a.memberId.localeCompare(b.memberId)),
  };
}

/** A member's assignment, readable for protocol type "consumer" (kafkajs's AssignerProtocol); empty otherwise. */
export function decodeAssignment(protocolType: string, buffer: Buffer): GroupMember['assignment'] {
  if (protocolType !== 'consumer' || !buffer?.length) return [];
  try {
    const decoded = kafkajs.AssignerProtocol.MemberAssignment.decode(buffer);
    return Object.entries(decoded?.assignment ?? {}).map(([topic, partitions]) => ({ topic, partitions: [...partitions].sort((a, b) => a - b) }))
      .sort((a, b) => a.topic.localeCompare(b.topic));
  } catch {
    return []; // a client with its own assignment format
  }
}

/** A group exists when the coordinator knows it (not Dead) or it holds committed offsets. */
export const groupExists = (overview: GroupOverview, offsets: CommittedOffset[]) => overview.state !== 'Dead' || offsets.length > 0;

export function unknownGroupError(groupId: string) {
  return notFoundError(`consumer group "${groupId}" does not exist`, '`sofakafka group list` shows the groups');
}
