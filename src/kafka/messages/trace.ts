import type { GroupDescription } from 'kafkajs';
import type { KafkaClient } from '../client.js';
import { describeClusterInfo } from '../admin/cluster.js';
import { type FoundMessage, headerText } from './message.js';
import { locateMessage, type MessageLocator } from './locate.js';
import { MessageHeaders } from './message-headers.js';
import { listOffsets, partitionKey } from '../admin/partition-offsets.js';
import { fetchTopicMetadata } from '../admin/topics.js';
import { readCommittedOffsets } from '../groups/committed-offsets.js';
import { decodeAssignment } from '../groups/describe.js';
import { findRoutedCopies, type Routed } from '../router/copies.js';

/**
 * msg trace: one message's path — produced (what the producer wrote), stored (where it lives and
 * on which replicas), routed (the router's copies in other cells of the same logical topic) and
 * consumed (for every group with a committed offset on its partition: past it or not). Reads only;
 * joins no group.
 */
export interface GroupConsumption {
  group: string;
  state: string;
  protocolType: string;
  committedOffset: number;
  /** The group's committed offset is past this message. */
  consumed: boolean;
  /** High watermark minus committed offset. */
  lag: number;
  owner: { memberId: string; clientId: string; host: string } | null;
}

export interface MessageTrace {
  message: FoundMessage;
  produced: {
    timestamp: string;
    timestampType: string;
    key: string | null;
    keyEncoding: string | null;
    msgId: string | null;
    producer: string | null;
    resentFrom: string | null;
    headers: FoundMessage['headers'];
    sizeBytes: number;
  };
  stored: {
    topic: string;
    partition: number;
    offset: number;
    leader: number | null;
    leaderRack: string | null;
    replicas: number[];
    isr: number[];
    outOfSyncReplicas: number[];
    logStartOffset: number;
    highWatermark: number;
  };
  routed: Routed;
  consumed: GroupConsumption[];
  resentCopies: Array<{ topic: string; partition: number; offset: number; timestamp: string }>;
  scanned: number;
}

export async function traceMessage(client: KafkaClient, locator: MessageLocator, onProgress?: () => void): Promise<MessageTrace> {
  const located = await locateMessage(client, locator, onProgress);
  const { message } = located;
  const [[topic], clusterInfo] = await Promise.all([fetchTopicMetadata(client, [message.topic]), describeClusterInfo(client)]);
  const partition = topic!.partitions.find((p) => p.partition === message.partition)!;
  const ref = [{ topic: message.topic, partition: message.partition, leader: partition.leader }];
  const [earliest, latest] = await Promise.all([listOffsets(client, ref, 'earliest'), listOffsets(client, ref, 'latest')]);
  const key = partitionKey(message.topic, message.partition);
  const highWatermark = latest.get(key)?.offset ?? 0;
  return {
    message,
    produced: {
      timestamp: message.timestamp,
      timestampType: message.timestampType,
      key: message.key,
      keyEncoding: message.keyEncoding,
      msgId: headerText(message, MessageHeaders.msgId),
      producer: headerText(message, MessageHeaders.producer),
      resentFrom: headerText(message, MessageHeaders.resentFrom),
      headers: message.headers,
      sizeBytes: message.sizeBytes,
    },
    stored: {
      topic: message.topic,
      partition: message.partition,
      offset: message.offset,
      leader: partition.leader,
      leaderRack: clusterInfo.brokers.find((b) => b.id === partition.leader)?.rack ?? null,
      replicas: partition.replicas,
      isr: partition.isr,
      outOfSyncReplicas: partition.replicas.filter((r) => !partition.isr.includes(r)),
      logStartOffset: earliest.get(key)?.offset ?? 0,
      highWatermark,
    },
    routed: await findRoutedCopies(client, { topic: message.topic, partition: message.partition, offset: message.offset, timestampMs: Date.parse(message.timestamp) }),
    consumed: await groupConsumption(client, message, highWatermark),
    resentCopies: located.copies.map((c) => ({ topic: c.topic, partition: c.partition, offset: c.offset, timestamp: c.timestamp })),
    scanned: located.scanned,
  };
}

const PARALLEL_GROUPS = 8;

/** Every group with a committed offset on the message's partition, with its state and the member that owns the partition now. */
async function groupConsumption(client: KafkaClient, message: FoundMessage, highWatermark: number): Promise<GroupConsumption[]> {
  const { groups } = await client.adminCall('list consumer groups', (admin) => admin.listGroups());
  const committed = new Map<string, number>();
  const queue = [...groups];
  await Promise.all(Array.from({ length: Math.min(PARALLEL_GROUPS, queue.length) }, async () => {
    for (let group = queue.shift(); group; group = queue.shift()) {
      const offsets = await readCommittedOffsets(client, group.groupId);
      const offset = offsets.find((o) => o.topic === message.topic && o.partition === message.partition)?.offset;
      if (offset !== undefined) committed.set(group.groupId, offset);
    }
  }));
  if (!committed.size) return [];
  const described = await client.adminCall('describe consumer groups', (admin) => admin.describeGroups([...committed.keys()]));
  return described.groups.map((group) => {
    const offset = committed.get(group.groupId)!;
    return {
      group: group.groupId,
      state: group.state,
      protocolType: group.protocolType,
      committedOffset: offset,
      consumed: offset > message.offset,
      lag: Math.max(0, highWatermark - offset),
      owner: partitionOwner(group, message.topic, message.partition),
    };
  }).sort((a, b) => a.group.localeCompare(b.group));
}

/** The member assigned the partition now; the host as the broker gives it. */
function partitionOwner(group: GroupDescription, topic: string, partition: number): GroupConsumption['owner'] {
  const member = group.members.find((m) => decodeAssignment(group.protocolType, m.memberAssignment).some((a) => a.topic === topic && a.partitions.includes(partition)));
  return member ? { memberId: member.memberId, clientId: member.clientId, host: member.clientHost } : null;
}
