import type { Batch, Message, TopicMessages } from 'kafkajs';
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
  /** The offset the transaction commits: after the batch's last record (markers included). */
  next: number;
}

export function copiesOfBatch(batch: Pick<Batch, 'topic' | 'partition' | 'messages' | 'lastOffset'>, route: SourceRoute, start: number): BatchCopies {
  const byTarget = new Map<string, Message[]>();
  const added: Record<string, number> = {};
  let copies = 0;
  let read = 0;
  for (const message of batch.messages) {
    if (Number(message.offset) < start) continue;
    read++;
    const source = { topic: batch.topic, partition: batch.partition, offset: message.offset, cell: route.cell };
    for (const copy of routeMessage(message.headers, source, route.targets)) {
      const list = byTarget.get(copy.target.topic) ?? [];
      list.push({ partition: batch.partition, key: message.key, value: message.value, timestamp: message.timestamp, headers: copy.headers as Message['headers'] });
      byTarget.set(copy.target.topic, list);
      added[copy.target.ruleId] = (added[copy.target.ruleId] ?? 0) + 1;
      copies++;
    }
  }
  return {
    topicMessages: [...byTarget].map(([topic, messages]) => ({ topic, messages })),
    added,
    copies,
    read,
    next: Number(batch.lastOffset()) + 1,
  };
}
