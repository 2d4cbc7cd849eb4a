import type { InternalBroker } from './internals.js';
import { pickVersion, protocolError, type RawApi, sendRaw } from './internals.js';
import { Reader, Writer } from './wire.js';

/**
 * An admin-style OffsetCommit (API key 8), unless a member is named: generation -1 and an empty member id, sent to the
 * group's coordinator, the way Kafka's own AdminClient.alterConsumerGroupOffsets commits. The
 * broker accepts it only while the group has no members (a member joining meanwhile makes it
 * answer UNKNOWN_MEMBER_ID), so a reset can never race a running consumer. kafkajs has no such
 * call: admin.resetOffsets commits the sentinels -1/-2 and admin.setOffsets joins the group.
 *
 * v5 is the newest non-flexible version (v6 adds leader epochs, v8 goes flexible); Kafka 4.x
 * accepts v2–v10. Also OffsetDelete v0 (API key 47), to remove a commit a restore must undo.
 */
export const OFFSET_COMMIT = 8;
export const OFFSET_DELETE = 47;

export interface OffsetToCommit {
  topic: string;
  partition: number;
  offset: number;
}

export interface PartitionError {
  topic: string;
  partition: number;
  errorCode: number;
}

/** A member of the group's current generation, committing as itself (not as an admin). */
export interface GroupMember {
  memberId: string;
  generationId: number;
}

export function offsetCommitRequest(groupId: string, offsets: OffsetToCommit[], member?: GroupMember): RawApi<PartitionError[]> {
  const body = new Writer()
    .string(groupId)
    .int32(member?.generationId ?? -1) // generation: -1, not a member
    .string(member?.memberId ?? '') // member id: none
    .array(groupByTopic(offsets), (w, [topic, partitions]) => {
      w.string(topic).array(partitions, (pw, p) => pw.int32(p.partition).int64(p.offset).nullableString(''));
    })
    .toBuffer();
  return { apiKey: OFFSET_COMMIT, apiVersion: 5, apiName: 'OffsetCommit', body, decode: decodeOffsetCommit };
}

export function decodeOffsetCommit(payload: Buffer): PartitionError[] {
  const r = new Reader(payload);
  r.int32(); // throttle_time_ms
  return r.array((t) => {
    const topic = t.string();
    return t.array((p) => ({ topic, partition: p.int32(), errorCode: p.int16() }));
  }).flat();
}

export function offsetDeleteRequest(groupId: string, partitions: Array<{ topic: string; partition: number }>): RawApi<PartitionError[]> {
  const body = new Writer()
    .string(groupId)
    .array(groupByTopic(partitions), (w, [topic, list]) => w.string(topic).array(list, (pw, p) => pw.int32(p.partition)))
    .toBuffer();
  return { apiKey: OFFSET_DELETE, apiVersion: 0, apiName: 'OffsetDelete', body, decode: decodeOffsetDelete };
}

export function decodeOffsetDelete(payload: Buffer): PartitionError[] {
  const r = new Reader(payload);
  const errorCode = r.int16();
  r.int32(); // throttle_time_ms
  const partitions = r.array((t) => {
    const topic = t.string();
    return t.array((p) => ({ topic, partition: p.int32(), errorCode: p.int16() }));
  }).flat();
  if (errorCode !== 0) throw protocolError(errorCode);
  return partitions;
}

/**
 * Commits every offset in one request; throws the first partition's error as a kafkajs protocol
 * error (all partitions of one group fail alike: UNKNOWN_MEMBER_ID when the group has members and
 * no `member` is given, ILLEGAL_GENERATION when the member's generation is over).
 */
export async function commitGroupOffsets(coordinator: InternalBroker, groupId: string, offsets: OffsetToCommit[], member?: GroupMember): Promise<void> {
  if (!offsets.length) return;
  requireVersion(coordinator, OFFSET_COMMIT, 5, 'OffsetCommit');
  const errors = (await sendRaw(coordinator, offsetCommitRequest(groupId, offsets, member))).filter((p) => p.errorCode !== 0);
  if (errors.length) throw protocolError(errors[0]!.errorCode, `${errors[0]!.topic}-${errors[0]!.partition}`);
}

/** Deletes the group's commits for these partitions (the group must have no members subscribed to them). */
export async function deleteGroupOffsets(coordinator: InternalBroker, groupId: string, partitions: Array<{ topic: string; partition: number }>): Promise<void> {
  if (!partitions.length) return;
  requireVersion(coordinator, OFFSET_DELETE, 0, 'OffsetDelete');
  const errors = (await sendRaw(coordinator, offsetDeleteRequest(groupId, partitions))).filter((p) => p.errorCode !== 0);
  if (errors.length) throw protocolError(errors[0]!.errorCode, `${errors[0]!.topic}-${errors[0]!.partition}`);
}

function requireVersion(broker: InternalBroker, apiKey: number, version: number, name: string): void {
  if (pickVersion(broker, apiKey, [version]) === undefined) throw new Error(`the group coordinator does not accept ${name} v${version}`);
}

/** Items of many topics as [topic, its items], in first-seen order. */
export function groupByTopic<T extends { topic: string }>(items: T[]): Array<[string, T[]]> {
  const byTopic = new Map<string, T[]>();
  for (const item of items) byTopic.set(item.topic, [...(byTopic.get(item.topic) ?? []), item]);
  return [...byTopic];
}
