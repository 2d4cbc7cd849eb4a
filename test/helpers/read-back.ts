import type { IHeaders, Kafka } from 'kafkajs';
import { uniqueName } from './cli.js';

export interface StoredMessage {
  partition: number;
  offset: number;
  key: string | null;
  value: string;
  timestamp: number;
  headers: Record<string, string>;
}

/**
 * Reads a topic from the beginning with the tests' own kafkajs consumer (a fresh group that
 * commits nothing), so what sofakafka wrote is checked by a reader that shares no code with it.
 * Waits for `expected` messages, then a moment longer so that any extra message shows up too.
 */
export async function readBack(kafka: Kafka, topic: string, expected: number, options: { readUncommitted?: boolean; timeoutMs?: number } = {}): Promise<StoredMessage[]> {
  const consumer = kafka.consumer({ groupId: uniqueName('read-back'), readUncommitted: options.readUncommitted ?? false, maxWaitTimeInMs: 250, retry: { retries: 3 } });
  const received: StoredMessage[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) => {
        received.push({ partition, offset: Number(message.offset), key: message.key?.toString() ?? null, value: message.value?.toString() ?? '', timestamp: Number(message.timestamp), headers: textHeaders(message.headers) });
      },
    });
    const deadline = Date.now() + (options.timeoutMs ?? 30_000);
    while (received.length < expected && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    await new Promise((resolve) => setTimeout(resolve, 1000));
  } finally {
    await consumer.disconnect();
  }
  return received.sort((a, b) => a.partition - b.partition || a.offset - b.offset);
}

/** Each partition's log end offset (the last stable offset, as kafkajs's admin reads it), in partition order. */
export async function endOffsets(kafka: Kafka, topic: string): Promise<number[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return (await admin.fetchTopicOffsets(topic)).sort((a, b) => a.partition - b.partition).map((p) => Number(p.high));
  } finally {
    await admin.disconnect();
  }
}

/** The topics the cluster holds, as kafkajs's admin lists them. */
export async function listTopicNames(kafka: Kafka): Promise<string[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return await admin.listTopics();
  } finally {
    await admin.disconnect();
  }
}

function textHeaders(headers: IHeaders | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(headers ?? {}).map(([name, value]) => [name, String(Array.isArray(value) ? value[0] : value)]));
}
