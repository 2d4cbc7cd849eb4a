import type { Batch, KafkaMessage, Message, TopicMessages } from 'kafkajs';
import { routeMessage, type SourceRoute } from './routes.js';

/**
 * One fetched batch of a source partition as the transaction that copies it: the messages from the
 * lane's committed position on (earlier ones were copied already), grouped by target topic, each
 * to the same partition number, with key, value, timestamp and headers kept.
 */
export interface BatchCopies {
  topicMessages: TopicMessages[];
  /** Copies per rule, for the counters kept in the commit metadata. */
  added: Record<string, number>;
  copies: number;
  /** Source messages in the transaction (copied or not). */
  read: number;
  /** The offset the transaction commits. */
  next: number;
}

/** Messages per transaction at most: short transactions keep heartbeats flowing and aborts cheap. */
export const MAX_TRANSACTION_MESSAGES = 2000;

export interface BatchSlice {
  messages: KafkaMessage[];
  /** The offset this slice's transaction commits. */
  next: number;
}

/**
 * The batch from `start` on, in slices of at most `maxMessages`; the last slice ends after the
 * batch's last record (markers included), the others after their last message.
 */
export function sliceBatch(batch: Pick<Batch, 'messages' | 'lastOffset'>, start: number, maxMessages = MAX_TRANSACTION_MESSAGES): BatchSlice[] {
  const messages = batch.messages.filter((m) => Number(m.offset) >= start);
  const slices: BatchSlice[] = [];
  for (let at = 0; at < messages.length; at += maxMessages) {
    const part = messages.slice(at, at + maxMessages);
    slices.push({ messages: part, next: Number(part[part.length - 1]!.offset) + 1 });
  }
  const end = Number(batch.lastOffset()) + 1;
  if (slices.length) slices[slices.length - 1]!.next = end;
  else if (end > start) slices.push({ messages: [], next: end });
  return slices;
}

export function copiesOfSlice(source: { topic: string; partition: number }, slice: BatchSlice, route: SourceRoute): BatchCopies {
  const byTarget = new Map<string, Message[]>();
  const added: Record<string, number> = {};
  let copies = 0;
  for (const message of slice.messages) {
    const position = { topic: source.topic, partition: source.partition, offset: message.offset, cell: route.cell };
    for (const copy of routeMessage(message.headers, position, route.targets)) {
      const list = byTarget.get(copy.target.topic) ?? [];
      list.push({ partition: source.partition, key: message.key, value: message.value, timestamp: message.timestamp, headers: copy.headers as Message['headers'] });
      byTarget.set(copy.target.topic, list);
      added[copy.target.ruleId] = (added[copy.target.ruleId] ?? 0) + 1;
      copies++;
    }
  }
  return { topicMessages: [...byTarget].map(([topic, messages]) => ({ topic, messages })), added, copies, read: slice.messages.length, next: slice.next };
}

/** Room for one produce request: well under the broker's default message.max.bytes (1 MiB) for a record batch. */
export const MAX_REQUEST_BYTES = 256 * 1024;

/**
 * Splits copies into produce requests of at most about `maxBytes` each (a transaction may hold
 * many): one fetched batch (up to 1 MiB) grows by the router's headers and would not fit one.
 */
export function chunkTopicMessages(topicMessages: TopicMessages[], maxBytes = MAX_REQUEST_BYTES): TopicMessages[][] {
  const chunks: TopicMessages[][] = [];
  let current: TopicMessages[] = [];
  let size = 0;
  for (const { topic, messages } of topicMessages) {
    let group: Message[] = [];
    for (const message of messages) {
      const bytes = messageBytes(message);
      if (size + bytes > maxBytes && size > 0) {
        if (group.length) current.push({ topic, messages: group });
        chunks.push(current);
        current = [];
        group = [];
        size = 0;
      }
      group.push(message);
      size += bytes;
    }
    if (group.length) current.push({ topic, messages: group });
  }
  if (current.length) chunks.push(current);
  return chunks;
}

function messageBytes(message: Message): number {
  let bytes = 32 + length(message.key) + length(message.value);
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    for (const item of Array.isArray(value) ? value : [value]) bytes += 8 + name.length + length(item as Buffer | string | null | undefined);
  }
  return bytes;
}

const length = (value: Buffer | string | null | undefined) => (value == null ? 0 : typeof value === 'string' ? Buffer.byteLength(value) : value.length);
