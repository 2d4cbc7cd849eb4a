import type { KafkaClient } from '../client.js';
import type { LocatedMessage } from './locate.js';
import { MessageHeaders } from './message-headers.js';
import { fetchTopicMetadata } from '../admin/topics.js';
import { rideThroughRetry } from '../failover.js';

/**
 * msg resend: produce a stored message again with the same key, value and headers, plus
 * sofakafka.resent.from = "topic/partition/offset" of the original (replacing an older one, so a
 * copy of a copy names the message it was made from). Back to its own topic it goes to its own
 * partition; to another topic the key decides, as for any keyed message.
 */
export interface ResendResult {
  from: { topic: string; partition: number; offset: number };
  to: { topic: string; partition: number; offset: number };
  msgId: string | null;
}

export async function resendMessage(client: KafkaClient, located: LocatedMessage, targetTopic: string): Promise<ResendResult> {
  const { message, record } = located;
  if (targetTopic !== message.topic) await fetchTopicMetadata(client, [targetTopic]); // not found → a clear error before producing
  const resentFrom = `${message.topic}/${message.partition}/${message.offset}`;
  const headers: Record<string, Buffer[]> = {};
  for (const [name, value] of record.headers) {
    if (name === MessageHeaders.resentFrom) continue;
    (headers[name] ??= []).push(value ?? Buffer.alloc(0));
  }
  headers[MessageHeaders.resentFrom] = [Buffer.from(resentFrom)];
  // Idempotent and retried through a lost broker: a retry after a lost answer is not stored twice.
  const producer = client.producer({ allowAutoTopicCreation: false, idempotent: true, maxInFlightRequests: 1, retry: rideThroughRetry });
  const [metadata] = await client.call(`resend ${resentFrom} to "${targetTopic}"`, async () => {
    // kafkajs gives up at once on a producer id asked of a broker lost meanwhile: ask again.
    await client.rideThrough(() => producer.connect());
    try {
      return await producer.send({
        topic: targetTopic,
        acks: -1,
        messages: [{
          key: record.key,
          value: record.value,
          headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, v.length === 1 ? v[0]! : v])),
          ...(targetTopic === message.topic ? { partition: message.partition } : {}),
        }],
      });
    } finally {
      await producer.disconnect().catch(() => undefined);
    }
  });
  const msgId = record.headers.find(([k]) => k === MessageHeaders.msgId)?.[1]?.toString('utf8') ?? null;
  return {
    from: { topic: message.topic, partition: message.partition, offset: message.offset },
    to: { topic: targetTopic, partition: metadata!.partition, offset: Number(metadata!.baseOffset) },
    msgId,
  };
}
