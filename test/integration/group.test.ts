import type { Kafka } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, sharedCluster, uniqueName } from '../helpers/cli.js';
import { committed, startConsumer, testKafka, topicHolding, waitFor, waitForAsync } from '../helpers/groups.js';
import { adminProperties, kafkaTool } from '../helpers/kafka-tools.js';

interface Described {
  group: string;
  state: string;
  protocolType: string;
  protocol: string;
  coordinator: number;
  lagMeasuredAgainst: string;
  totalLag: number;
  members: Array<{ memberId: string; clientId: string; host: string; assignment: Array<{ topic: string; partitions: number[] }> }>;
  partitions: Array<{ topic: string; partition: number; committedOffset: number | null; logEndOffset: number | null; lag: number | null; memberId: string | null; clientId: string | null; host: string | null }>;
}

let kafka: Kafka;
let topic: string;
const active = uniqueName('active');
const idle = uniqueName('idle');
let consumer: Awaited<ReturnType<typeof startConsumer>>;

const groupIds = async () => {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return (await admin.listGroups()).groups.map((g) => g.groupId);
  } finally {
    await admin.disconnect();
  }
};

beforeAll(async () => {
  kafka = testKafka();
  // 3 messages on partition 0, 2 on partition 1.
  topic = await topicHolding(kafka, 'groups', 2, [0, 0, 0, 1, 1].map((partition, i) => ({ partition, timestamp: Date.now(), value: `m${i}` })));
  // An active group that has read everything...
  consumer = await startConsumer(testKafka('group-test-consumer'), active, topic);
  await consumer.ready;
  await waitFor(() => consumer.received.length === 5, 60_000);
  await waitForAsync(async () => JSON.stringify(await committed(kafka, active, topic)) === JSON.stringify({ 0: 3, 1: 2 }), 60_000);
  // ...and an idle one with a backlog: offset 1 on both partitions, so 2 + 1 messages behind.
  expect((await cli(['offset', 'reset', '--group', idle, '--topic', topic, '--to-offset', '1', '--new-group', '--execute'])).code).toBe(0);
});

afterAll(async () => {
  await consumer?.stop();
});

describe('group describe', () => {
  it('shows members with client id, host and partitions, and per partition committed, log end and lag, as kafka-consumer-groups --describe does', async () => {
    const result = await cli(['group', 'describe', active, '-o', 'json']);
    expect(result.code, result.stderr).toBe(0);
    const group = result.json<Described>();
    expect(Object.keys(group).sort()).toEqual(['coordinator', 'group', 'lagMeasuredAgainst', 'members', 'partitions', 'protocol', 'protocolType', 'state', 'totalLag']);
    expect(group).toMatchObject({ group: active, state: 'Stable', protocolType: 'consumer', lagMeasuredAgainst: 'highWatermark', totalLag: 0 });
    expect(group.members).toHaveLength(1);
    expect(group.members[0]).toMatchObject({ clientId: 'group-test-consumer', assignment: [{ topic, partitions: [0, 1] }] });
    expect(group.partitions.map((p) => [p.partition, p.committedOffset, p.logEndOffset, p.lag, p.clientId])).toEqual([[0, 3, 3, 0, 'group-test-consumer'], [1, 2, 2, 0, 'group-test-consumer']]);

    const java = await kafkaTool('org.apache.kafka.tools.consumer.group.ConsumerGroupCommand', ['--bootstrap-server', sharedCluster().bootstrap, '--command-config', adminProperties(), '--describe', '--group', active]);
    expect(java.code, java.stderr).toBe(0);
    // GROUP TOPIC PARTITION CURRENT-OFFSET LOG-END-OFFSET LAG CONSUMER-ID HOST CLIENT-ID
    const theirs = java.stdout.split('\n').map((line) => line.trim().split(/\s+/)).filter((cols) => cols[1] === topic)
      .map((cols) => ({ partition: Number(cols[2]), committed: Number(cols[3]), logEnd: Number(cols[4]), lag: Number(cols[5]), memberId: cols[6], host: cols[7], clientId: cols[8] }))
      .sort((a, b) => a.partition - b.partition);
    expect(theirs.map((t) => [t.partition, t.committed, t.logEnd, t.lag, t.clientId])).toEqual(group.partitions.map((p) => [p.partition, p.committedOffset, p.logEndOffset, p.lag, p.clientId]));
    expect(theirs[0]!.memberId).toBe(group.members[0]!.memberId);
    expect(theirs[0]!.host).toBe(`/${group.members[0]!.host}`);
  });

  it('a group without members shows its backlog; the table says which end lag is measured to', async () => {
    const json = (await cli(['group', 'describe', idle, '-o', 'json'])).json<Described>();
    expect(json).toMatchObject({ state: 'Empty', members: [], totalLag: 3 });
    expect(json.partitions.map((p) => [p.partition, p.committedOffset, p.logEndOffset, p.lag, p.clientId])).toEqual([[0, 1, 3, 2, null], [1, 1, 2, 1, null]]);
    const table = await cli(['group', 'describe', idle]);
    expect(table.stdout).toContain('high watermark');
  });

  it('an unknown group is not found (exit 3) and is not created', async () => {
    const unknown = uniqueName('ghost');
    const result = await cli(['group', 'describe', unknown]);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain(`consumer group "${unknown}" does not exist`);
    expect((await cli(['offset', 'show', '--group', unknown])).code).toBe(3);
    expect(await groupIds()).not.toContain(unknown);
  });
});

describe('group list and offset show', () => {
  it('lists groups with state, members, topics and total lag', async () => {
    const result = await cli(['group', 'list', '-o', 'json']);
    expect(result.code, result.stderr).toBe(0);
    const groups = result.json<Array<Record<string, unknown>>>();
    const mine = groups.filter((g) => g.group === active || g.group === idle).sort((a, b) => String(a.group).localeCompare(String(b.group)));
    expect(mine).toEqual([
      { group: active, state: 'Stable', protocolType: 'consumer', members: 1, topics: [topic], totalLag: 0 },
      // Created by an admin-style commit, never joined: no protocol type.
      { group: idle, state: 'Empty', protocolType: '', members: 0, topics: [topic], totalLag: 3 },
    ].sort((a, b) => a.group.localeCompare(b.group)));
  });

  it('offset show lists committed offsets, and with --topic also partitions never committed', async () => {
    const other = uniqueName('other');
    expect((await cli(['topic', 'create', other, '--partitions', '2'])).code).toBe(0);
    const shown = await cli(['offset', 'show', '--group', idle, '-o', 'json']);
    expect(shown.json()).toEqual({
      group: idle, state: 'Empty', lagMeasuredAgainst: 'highWatermark',
      partitions: [{ topic, partition: 0, committedOffset: 1, logEndOffset: 3, lag: 2 }, { topic, partition: 1, committedOffset: 1, logEndOffset: 2, lag: 1 }],
    });
    const onOther = await cli(['offset', 'show', '--group', idle, '--topic', other, '-o', 'json']);
    expect(onOther.json<{ partitions: unknown[] }>().partitions).toEqual([
      { topic: other, partition: 0, committedOffset: null, logEndOffset: 0, lag: null },
      { topic: other, partition: 1, committedOffset: null, logEndOffset: 0, lag: null },
    ]);
    expect((await cli(['offset', 'show', '--group', idle, '--topic', 'no-such-topic-y'])).code).toBe(3);
  });
});

describe('group delete', () => {
  it('refuses a group with active members (exit 7), needs --yes off a terminal (exit 2), deletes an empty group with its offsets', async () => {
    const refused = await cli(['group', 'delete', active, '--yes']);
    expect(refused.code).toBe(7);
    expect(refused.stderr).toContain('active members');
    expect(await groupIds()).toContain(active);

    const unconfirmed = await cli(['group', 'delete', idle]);
    expect(unconfirmed.code).toBe(2);
    expect(unconfirmed.stderr).toContain('--yes');
    expect(await groupIds()).toContain(idle);

    const deleted = await cli(['group', 'delete', idle, '--yes', '-o', 'json']);
    expect(deleted.code, deleted.stderr).toBe(0);
    expect(deleted.json()).toEqual([{ name: idle, status: 'deleted', error: null }]);
    expect(await groupIds()).not.toContain(idle);
    expect(await committed(kafka, idle, topic)).toEqual({ 0: -1, 1: -1 });

    const missing = await cli(['group', 'delete', idle, '--yes']);
    expect(missing.code).toBe(3);
  });
});

// The KIP-848 case is in group-kip848.test.ts: it needs Kafka 4, and the rest of this file runs on 3.9 too.
