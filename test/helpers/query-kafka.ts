import type { Kafka, Message } from 'kafkajs';
import { cli } from './cli.js';
import { independentKafka } from './groups.js';

/** A plain kafkajs client for the msg query/trace/resend suites (see independentKafka). */
export const plainKafka = (clientId = 'query-tests'): Kafka => independentKafka(clientId);

/** Produces in order (one request at a time), so offsets and timestamps rise together in every partition. */
export async function produce(kafka: Kafka, topic: string, messages: Message[], chunk = 20_000): Promise<Array<{ partition: number; baseOffset: string }>> {
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  const results: Array<{ partition: number; baseOffset: string }> = [];
  try {
    for (let i = 0; i < messages.length; i += chunk) {
      const sent = await producer.send({ topic, acks: 1, messages: messages.slice(i, i + chunk) });
      results.push(...sent.map((r) => ({ partition: r.partition, baseOffset: r.baseOffset ?? '-1' })));
    }
  } finally {
    await producer.disconnect();
  }
  return results;
}

export async function groupIds(kafka: Kafka): Promise<string[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return (await admin.listGroups()).groups.map((g) => g.groupId).sort();
  } finally {
    await admin.disconnect();
  }
}

/**
 * `work` creates no group on `topic`. Groups other suites create or delete meanwhile (the shared
 * cluster runs two files at once) are allowed, but no new one may hold offsets on `topic` or have a
 * sofakafka member.
 */
export async function expectNoGroupCreated(kafka: Kafka, topic: string, work: () => Promise<void>): Promise<void> {
  const before = await groupIds(kafka);
  await work();
  const after = await groupIds(kafka);
  const admin = kafka.admin();
  await admin.connect();
  try {
    for (const group of after.filter((g) => !before.includes(g))) {
      const [offsets] = await admin.fetchOffsets({ groupId: group, topics: [topic] });
      if (offsets!.partitions.some((p) => Number(p.offset) >= 0)) throw new Error(`group ${group} appeared with offsets on ${topic}`);
      const [described] = (await admin.describeGroups([group])).groups;
      if (described!.members.some((m) => m.clientId.startsWith('sofakafka'))) throw new Error(`group ${group} has a sofakafka member`);
    }
  } finally {
    await admin.disconnect();
  }
}

/** Creates a topic with sofakafka itself: setup for the suites that test reading, not creating. */
export async function createTopic(name: string, partitions: number): Promise<void> {
  const created = await cli(['topic', 'create', name, '--partitions', String(partitions)]);
  if (created.code !== 0) throw new Error(`could not create ${name}: ${created.stderr}`);
}
