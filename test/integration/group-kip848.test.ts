import type { Kafka } from 'kafkajs';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, sharedCluster, uniqueName } from '../helpers/cli.js';
import { committed, testKafka, topicHolding, waitForAsync } from '../helpers/groups.js';
import { adminProperties, kafkaTool } from '../helpers/kafka-tools.js';

// Kafka 4.x only: the new consumer protocol is off by default in 3.9, so vitest.kafka39.config.ts
// leaves this file out (the rest of group describe/list/delete runs there from group.test.ts).

interface Described {
  state: string;
  protocolType: string;
  totalLag: number;
  members: Array<{ clientId: string; assignment: Array<{ topic: string; partitions: number[] }> }>;
}

let kafka: Kafka;
let topic: string;

beforeAll(async () => {
  kafka = testKafka();
  // 3 messages on partition 0, 2 on partition 1.
  topic = await topicHolding(kafka, 'groups-kip848', 2, [0, 0, 0, 1, 1].map((partition, i) => ({ partition, timestamp: Date.now(), value: `m${i}` })));
});

describe('groups on the new consumer protocol (KIP-848)', () => {
  it('describe names the members DescribeGroups cannot see, and reset --execute is refused naming them, offsets unchanged', async () => {
    const group = uniqueName('kip848');
    // Kafka's own console consumer with group.protocol=consumer; it leaves by itself 20 s after its last message.
    const running = kafkaTool('org.apache.kafka.tools.consumer.ConsoleConsumer', [
      '--bootstrap-server', sharedCluster().bootstrap, '--command-config', adminProperties(), '--topic', topic, '--group', group, '--from-beginning',
      '--command-property', 'group.protocol=consumer', '--command-property', 'client.id=kip848-consumer', '--timeout-ms', '20000',
    ], { timeoutMs: 90_000 });
    try {
      await waitForAsync(async () => JSON.stringify(await committed(kafka, group, topic)) === JSON.stringify({ 0: 3, 1: 2 }), 40_000);
      const described = (await cli(['group', 'describe', group, '-o', 'json'])).json<Described>();
      expect(described).toMatchObject({ state: 'Stable', protocolType: 'consumer', totalLag: 0 });
      expect(described.members.map((m) => [m.clientId, m.assignment])).toEqual([['kip848-consumer', [{ topic, partitions: [0, 1] }]]]);

      const refused = await cli(['offset', 'reset', '--group', group, '--topic', topic, '--to-earliest', '--execute']);
      expect(refused.code).toBe(7);
      expect(refused.stderr).toContain('kip848-consumer');
      expect(await committed(kafka, group, topic)).toEqual({ 0: 3, 1: 2 });
    } finally {
      await running;
    }
  }, 120_000);
});
