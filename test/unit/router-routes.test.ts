import { describe, expect, it } from 'vitest';
import { buildRule } from '../../src/kafka/router/rules.js';
import { planRoutes, RouterHeaders, routeMessage, subscriptionKey } from '../../src/kafka/router/routes.js';

const now = new Date('2026-11-30T08:00:00Z');
const rule = (id: string, from: string, to: string, extra: { topic?: string; prefix?: string; when?: string; disabled?: boolean } = { topic: 'T1' }) =>
  buildRule({ ns: 'ANT', from, to, ...extra }, id, 'User:ops', now);
const topics = [
  { name: 'ANT.CELL1.T1', partitions: 3 },
  { name: 'ANT.CELL2.T1', partitions: 3 },
  { name: 'ANT.CELL3.T1', partitions: 2 },
  { name: 'ANT.CELL1.orders-eu', partitions: 1 },
  { name: 'BOB.CELL1.T1', partitions: 3 },
  { name: 'plain', partitions: 1 },
];

describe('route planning', () => {
  it('maps a rule to its source and target physical topics', () => {
    const plan = planRoutes([rule('r-00000001', 'CELL1', 'CELL2')], topics, 'ANT');
    expect(plan.sources).toEqual([{ topic: 'ANT.CELL1.T1', cell: 'CELL1', partitions: 3, targets: [{ ruleId: 'r-00000001', cell: 'CELL2', topic: 'ANT.CELL2.T1', when: null }] }]);
    expect(plan.waiting).toEqual([]);
  });

  it('skips disabled rules and other namespaces; waits for missing topics and too few target partitions', () => {
    const plan = planRoutes([
      rule('r-00000001', 'CELL1', 'CELL2', { topic: 'T1', disabled: true }),
      rule('r-00000002', 'CELL1', 'CELL4'),
      rule('r-00000003', 'CELL1', 'CELL3'),
      rule('r-00000004', 'CELL9', 'CELL1'),
    ], topics, 'ANT');
    expect(plan.sources).toEqual([]);
    expect(plan.waiting.map((w) => `${w.ruleId}: ${w.reason}`)).toEqual([
      'r-00000002: waiting for ANT.CELL4.T1 to exist',
      "r-00000003: ANT.CELL3.T1 has 2 partitions, fewer than ANT.CELL1.T1's 3: copies keep the partition number",
      'r-00000004: waiting for ANT.CELL9.T1 to exist',
    ]);
  });

  it('a prefix rule takes every matching topic; the subscription key changes when a topic appears', () => {
    const rules = [rule('r-00000001', 'CELL1', 'CELL2', { prefix: 'orders-' })];
    const before = planRoutes(rules, topics, 'ANT');
    expect(before.waiting[0]?.reason).toBe('waiting for ANT.CELL2.orders-eu to exist');
    const after = planRoutes(rules, [...topics, { name: 'ANT.CELL2.orders-eu', partitions: 1 }], 'ANT');
    expect(after.sources.map((s) => s.topic)).toEqual(['ANT.CELL1.orders-eu']);
    expect(subscriptionKey(before)).not.toBe(subscriptionKey(after));
  });
});

describe('routing one message', () => {
  const source = { topic: 'ANT.CELL1.T1', partition: 2, offset: '41', cell: 'CELL1' };
  const toCell2 = { ruleId: 'r-00000001', cell: 'CELL2', topic: 'ANT.CELL2.T1', when: { header: '__UNIT.TARGET_R', value: 'CELL2' } };

  it('copies a message whose condition holds, naming its source and hops, keeping its headers', () => {
    const [copy, ...rest] = routeMessage({ '__UNIT.TARGET_R': Buffer.from('CELL2'), 'sofakafka.msg.id': 'm1' }, source, [toCell2]);
    expect(rest).toEqual([]);
    expect(copy!.headers).toEqual({
      '__UNIT.TARGET_R': Buffer.from('CELL2'), 'sofakafka.msg.id': 'm1',
      [RouterHeaders.sourceTopic]: 'ANT.CELL1.T1', [RouterHeaders.sourcePartition]: '2', [RouterHeaders.sourceOffset]: '41',
      [RouterHeaders.hops]: 'CELL1,CELL2', [RouterHeaders.rule]: 'r-00000001',
    });
    expect(routeMessage({ '__UNIT.TARGET_R': 'CELL3' }, source, [toCell2])).toEqual([]);
    expect(routeMessage(undefined, source, [toCell2])).toEqual([]);
  });

  it('never sends a copy back to a cell it has been in (rules both ways do not loop)', () => {
    const back = { ruleId: 'r-00000002', cell: 'CELL1', topic: 'ANT.CELL1.T1', when: null };
    const copied = routeMessage({}, source, [{ ...toCell2, when: null }])[0]!;
    const inCell2 = { topic: 'ANT.CELL2.T1', partition: 2, offset: '7', cell: 'CELL2' };
    expect(routeMessage(copied.headers, inCell2, [back])).toEqual([]);
    const onward = routeMessage(copied.headers, inCell2, [back, { ruleId: 'r-00000003', cell: 'CELL3', topic: 'ANT.CELL3.T1', when: null }]);
    expect(onward.map((c) => c.headers[RouterHeaders.hops])).toEqual(['CELL1,CELL2,CELL3']);
    expect(onward[0]!.headers[RouterHeaders.sourceOffset]).toBe('7');
  });
});

describe('produce requests of a transaction', () => {
  it('splits copies into requests under the size limit, keeping order per topic', async () => {
    const { chunkTopicMessages } = await import('../../src/kafka/router/batch.js');
    const messages = Array.from({ length: 10 }, (_, i) => ({ partition: 0, key: null, value: Buffer.alloc(100, i) }));
    const chunks = chunkTopicMessages([{ topic: 'a', messages }, { topic: 'b', messages: messages.slice(0, 2) }], 400);
    expect(chunks.length).toBeGreaterThan(2);
    expect(chunks.flat().filter((t) => t.topic === 'a').flatMap((t) => t.messages)).toEqual(messages);
    expect(chunks.flat().filter((t) => t.topic === 'b').flatMap((t) => t.messages)).toHaveLength(2);
    expect(chunkTopicMessages([])).toEqual([]);
  });
});

describe('slicing a fetched batch into transactions', () => {
  const batch = (offsets: number[], last: number) => ({ messages: offsets.map((o) => ({ offset: String(o) }) as never), lastOffset: () => String(last) });

  it('starts at the committed position and ends the last slice after the batch (markers included)', async () => {
    const { sliceBatch } = await import('../../src/kafka/router/batch.js');
    expect(sliceBatch(batch([10, 11, 12, 13, 14], 15), 12, 2).map((s) => [s.messages.length, s.next])).toEqual([[2, 14], [1, 16]]);
    expect(sliceBatch(batch([10, 11], 12), 13, 2).map((s) => [s.messages.length, s.next])).toEqual([]);
    expect(sliceBatch(batch([10, 11], 12), 12, 2).map((s) => [s.messages.length, s.next])).toEqual([[0, 13]]);
  });
});
