import kafkajs, { type Consumer, type Kafka } from 'kafkajs';
import { expect } from 'vitest';
import { cli, sharedCluster, uniqueName } from './cli.js';
import { listTopicNames } from './read-back.js';

/**
 * A kafkajs client of the tests' own, as admin on the shared cluster (or as `login`, on any
 * cluster): it writes the messages under test, runs consumers that make a group active, and reads
 * committed offsets — a path that shares no code with the sofakafka commands under test.
 */
export function independentKafka(clientId: string, login?: { username: string; password: string; brokers?: string[] }): Kafka {
  const cluster = sharedCluster();
  return new kafkajs.Kafka({
    clientId,
    brokers: login?.brokers ?? [cluster.bootstrap],
    sasl: { mechanism: 'scram-sha-512', username: login?.username ?? 'admin', password: login?.password ?? cluster.adminPassword },
    logLevel: kafkajs.logLevel.NOTHING,
  });
}

export const testKafka = (clientId = 'group-tests'): Kafka => independentKafka(clientId);

export interface TimedMessage {
  partition: number;
  timestamp: number;
  value: string;
}

export async function produceTimed(kafka: Kafka, topic: string, messages: TimedMessage[]): Promise<void> {
  const producer = kafka.producer();
  await producer.connect();
  try {
    for (const m of messages) {
      await producer.send({ topic, acks: -1, messages: [{ partition: m.partition, timestamp: String(m.timestamp), value: m.value }] });
    }
  } finally {
    await producer.disconnect();
  }
}

/** A new topic, made by sofakafka's topic create, holding `messages` written by the tests' own producer. */
export async function topicHolding(kafka: Kafka, prefix: string, partitions: number, messages: TimedMessage[]): Promise<string> {
  const topic = uniqueName(prefix);
  const created = await cli(['topic', 'create', topic, '--partitions', String(partitions)]);
  expect(created.code, created.stderr).toBe(0);
  await produceTimed(kafka, topic, messages);
  return topic;
}

/** The group's committed offsets as "partition → offset" for one topic (-1: none), read with kafkajs's admin. */
export async function committed(kafka: Kafka, groupId: string, topic: string): Promise<Record<number, number>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    // kafkajs does not retry NOT_COORDINATOR here, which a fresh cluster answers while it creates __consumer_offsets.
    for (let attempt = 0; ; attempt++) {
      try {
        const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
        return Object.fromEntries(offsets!.partitions.map((p) => [p.partition, Number(p.offset)]));
      } catch (error) {
        if (attempt > 10 || !(error as { retriable?: boolean }).retriable) throw error;
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
    }
  } finally {
    await admin.disconnect();
  }
}

export interface Received {
  partition: number;
  offset: number;
  value: string;
}

/**
 * Starts a consumer in the group and collects what it receives; `stop()` leaves the group.
 * `ready` resolves once the consumer has joined (the group is then active).
 */
export async function startConsumer(kafka: Kafka, groupId: string, topic: string): Promise<{ consumer: Consumer; received: Received[]; ready: Promise<void>; stop: () => Promise<void> }> {
  const consumer = kafka.consumer({ groupId, sessionTimeout: 10_000, heartbeatInterval: 500, retry: { retries: 2 } });
  const received: Received[] = [];
  let joined!: () => void;
  const ready = new Promise<void>((resolve) => (joined = resolve));
  consumer.on(consumer.events.GROUP_JOIN, () => joined());
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ partition, message }) => {
      received.push({ partition, offset: Number(message.offset), value: message.value?.toString() ?? '' });
    },
  });
  return { consumer, received, ready, stop: () => consumer.disconnect() };
}

export async function waitFor(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export async function waitForAsync(condition: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Whether the topic exists, as the tests' own kafkajs admin sees it (no sofakafka code). */
export async function topicExists(name: string): Promise<boolean> {
  return (await listTopicNames(independentKafka('topic-exists'))).includes(name);
}
