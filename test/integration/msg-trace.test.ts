import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Consumer } from 'kafkajs';
import { cli, uniqueName } from '../helpers/cli.js';
import { createTopic, expectNoGroupCreated, plainKafka, produce } from '../helpers/query-kafka.js';

interface Trace {
  stored: { topic: string; partition: number; offset: number; leader: number; replicas: number[]; isr: number[]; highWatermark: number };
  produced: { msgId: string; key: string; headers: Record<string, string> };
  routed: { status: string; copies: unknown[] };
  consumed: Array<{ group: string; consumed: boolean; committedOffset: number; lag: number; state: string; owner: { clientId: string } | null }>;
}

const kafka = plainKafka('trace-tests');
const topic = uniqueName('trace');
const groupA = uniqueName('group-a');
const groupB = uniqueName('group-b');
let consumerA: Consumer;

const committedOffset = async (groupId: string) => {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return Number(offsets!.partitions.find((p) => p.partition === 0)!.offset);
  } finally {
    await admin.disconnect();
  }
};

const setOffset = async (groupId: string, offset: number) => {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.setOffsets({ groupId, topic, partitions: [{ partition: 0, offset: String(offset) }] });
  } finally {
    await admin.disconnect();
  }
};

// Five messages in partition 0. Group A is a live kafkajs consumer that reads them all (and owns
// partition 0); group B has committed offset 2, so it has not consumed offsets 2-4 yet.
beforeAll(async () => {
  await createTopic(topic, 1);
  await produce(kafka, topic, Array.from({ length: 5 }, (_, i) => ({ key: `order-${i}`, value: `payload-${i}`, headers: { 'sofakafka.msg.id': `${topic}-id-${i}`, 'sofakafka.producer': 'tests/1.0@host' } })));
  await setOffset(groupB, 2);
  consumerA = kafka.consumer({ groupId: groupA, sessionTimeout: 10_000, heartbeatInterval: 500 });
  await consumerA.connect();
  await consumerA.subscribe({ topic, fromBeginning: true });
  await consumerA.run({ eachMessage: async () => undefined });
  for (let waited = 0; (await committedOffset(groupA)) < 5; waited += 200) {
    if (waited > 30_000) throw new Error('group A did not commit');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}, 60_000);

afterAll(async () => {
  await consumerA?.disconnect();
});

describe('msg trace', () => {
  it('says a message was consumed by group A and not yet by group B, then by both once B catches up — joining no group', async () => {
    await expectNoGroupCreated(kafka, topic, async () => {
      const first = await cli(['msg', 'trace', '-t', topic, '--msg-id', `${topic}-id-3`, '-o', 'json']);
      expect(first.code).toBe(0);
      const trace = first.json<Trace>();
      expect(trace.stored).toMatchObject({ topic, partition: 0, offset: 3, highWatermark: 5 });
      expect(trace.stored.replicas).toEqual([trace.stored.leader]);
      expect(trace.stored.isr).toEqual([trace.stored.leader]);
      expect(trace.produced).toMatchObject({ msgId: `${topic}-id-3`, key: 'order-3', producer: 'tests/1.0@host' });
      expect(trace.routed).toEqual({ status: 'not a unit topic (NS.CELL.TOPIC): the router does not copy it', copies: [] });
      const byGroup = Object.fromEntries(trace.consumed.map((g) => [g.group, g]));
      expect(byGroup[groupA]).toMatchObject({ consumed: true, committedOffset: 5, lag: 0, state: 'Stable', owner: { clientId: 'trace-tests' } });
      expect(byGroup[groupB]).toMatchObject({ consumed: false, committedOffset: 2, lag: 3, state: 'Empty', owner: null });
    });

    await setOffset(groupB, 5);
    const second = (await cli(['msg', 'trace', '-t', topic, '-p', '0', '--offset', '3', '-o', 'json'])).json<Trace>();
    expect(second.consumed.filter((g) => g.group === groupA || g.group === groupB).map((g) => [g.group, g.consumed])).toEqual([[groupA, true], [groupB, true]].sort());
    const table = await cli(['msg', 'trace', '-t', topic, '-p', '0', '--offset', '4']);
    expect(table.stdout).toMatch(/Routed\s*\nCopies\s+not a unit topic/);
    expect(table.stdout).toContain(groupB);
  });

  it('shows only committed routed copies: a copy in an aborted transaction is not a copy, only an attempt', async () => {
    const ns = uniqueName('TRACE').replace(/_/g, '-');
    const [source, target] = [`${ns}.CELL1.T1`, `${ns}.CELL2.T1`];
    await createTopic(source, 1);
    await createTopic(target, 1);
    const timestamp = String(Date.now());
    await produce(kafka, source, [{ key: 'bill', value: 'bill 42', timestamp, headers: { 'sofakafka.msg.id': `${ns}-bill` } }]);
    // A copy as the router writes it, by the tests' own transactional kafkajs producer.
    const copy = { key: 'bill', value: 'bill 42', timestamp, headers: { '__ROUTER.SRC_TOPIC': source, '__ROUTER.SRC_PARTITION': '0', '__ROUTER.SRC_OFFSET': '0', '__ROUTER.HOPS': 'CELL1,CELL2', '__ROUTER.RULE': 'r-test' } };
    const producer = kafka.producer({ transactionalId: `${ns}-tx`, idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const routed = async () => (await cli(['msg', 'trace', '-t', source, '--msg-id', `${ns}-bill`, '-o', 'json'])).json<Trace>().routed;
    // The coordinator writes the markers after EndTxn has answered: wait until the last stable
    // offset (kafkajs's admin reads offsets read_committed) is past the marker.
    const untilStable = async (offset: number) => {
      const admin = kafka.admin();
      await admin.connect();
      try {
        while (Number((await admin.fetchTopicOffsets(target))[0]!.high) < offset) await new Promise((resolve) => setTimeout(resolve, 100));
      } finally {
        await admin.disconnect();
      }
    };
    try {
      const aborted = await producer.transaction();
      await aborted.send({ topic: target, acks: -1, messages: [copy] });
      await aborted.abort();
      await untilStable(2);
      expect(await routed()).toEqual({ status: 'no routed copies (1 attempt left in aborted transactions)', copies: [] });

      const committed = await producer.transaction();
      await committed.send({ topic: target, acks: -1, messages: [copy] });
      await committed.commit();
      await untilStable(4);
      // The committed copy sits after the aborted attempt and its abort marker: offset 2.
      expect(await routed()).toEqual({ status: 'copied to 1 cell', copies: [{ topic: target, partition: 0, offset: 2, rule: 'r-test', hops: 'CELL1,CELL2', abortedAttempts: 1 }] });
    } finally {
      await producer.disconnect();
    }
  });

  it.each([
    [['--msg-id', 'no-such-id'], 3, /no message in ".*" has msg id no-such-id/],
    [['-p', '0', '--offset', '5'], 3, /offset 5 is beyond the log end/],
    [['--msg-id', 'x', '-p', '0', '--offset', '1'], 2, /either --msg-id or --partition/],
    [['-p', '0'], 2, /name one message/],
  ])('bad input %j: exit %i with a clear message', async (args, code, message) => {
    const result = await cli(['msg', 'trace', '-t', topic, ...args]);
    expect(result.code).toBe(code);
    expect(result.stderr).toMatch(message);
    expect(result.stdout).toBe('');
  });
});
