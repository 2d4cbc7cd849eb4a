import { describe, expect, it } from 'vitest';
import { resetRequest, type ResetFlags } from '../../src/commands/offset/reset-options.js';
import { mergeSelections, parseOffsetsFile, parseTopicSelection } from '../../src/commands/offset/reset-input.js';
import { exportDocument, planReset, planTotals, type PartitionPosition } from '../../src/kafka/groups/reset-plan.js';

const position = (partition: number, committedOffset: number | null, extra: Partial<PartitionPosition> = {}): PartitionPosition => ({
  topic: 'orders', partition, committedOffset, earliestOffset: 10, logEndOffset: 100, ...extra,
});

describe('planReset', () => {
  it('a time maps to ListOffsets\' answer, or to the log end when no message is that new', () => {
    const plan = planReset([position(0, 50, { offsetForTime: 20 }), position(1, 50, { offsetForTime: null })], { kind: 'time', timestamp: 1 });
    expect(plan.map((p) => [p.newOffset, p.reconsumed, p.skipped, p.clamped])).toEqual([[20, 30, 0, null], [100, 0, 50, null]]);
  });

  it('earliest and latest are the log\'s ends', () => {
    expect(planReset([position(0, 50)], { kind: 'earliest' })[0]!.newOffset).toBe(10);
    expect(planReset([position(0, 50)], { kind: 'latest' })[0]!.newOffset).toBe(100);
  });

  it('clamps offsets outside the log to the nearer end and says so', () => {
    const [low] = planReset([position(0, 50)], { kind: 'offset', offset: 3 });
    const [high] = planReset([position(0, 50)], { kind: 'shift', by: 500 });
    expect([low!.newOffset, low!.clamped]).toEqual([10, 'earliest']);
    expect([high!.newOffset, high!.clamped, high!.skipped]).toEqual([100, 'logEnd', 50]);
    expect(planReset([position(0, 50)], { kind: 'shift', by: -15 })[0]!.newOffset).toBe(35);
  });

  it('cannot shift a partition without a committed offset', () => {
    expect(() => planReset([position(0, null)], { kind: 'shift', by: 1 })).toThrow(/no committed offset/);
  });

  it('a partition never committed gets an offset; reconsumed/skipped are unknown (null)', () => {
    const [row] = planReset([position(0, null)], { kind: 'earliest' });
    expect(row).toMatchObject({ currentOffset: null, newOffset: 10, reconsumed: null, skipped: null });
  });

  it('a file restores each partition, and null (never committed) means remove the commit', () => {
    const plan = planReset([position(1, 70), position(0, 70)], { kind: 'file', offsets: [{ topic: 'orders', partition: 0, offset: 40 }, { topic: 'orders', partition: 1, offset: null }] });
    expect(plan.map((p) => [p.partition, p.newOffset])).toEqual([[0, 40], [1, null]]);
    expect(planTotals(plan)).toEqual({ partitions: 2, changed: 2, reconsumed: 30, skipped: 0 });
  });
});

describe('topic selections', () => {
  it('reads TOPIC and TOPIC:0,3,5, and merges repeats', () => {
    expect(parseTopicSelection('orders')).toEqual({ topic: 'orders', partitions: null });
    expect(parseTopicSelection('orders:5,0,3,3')).toEqual({ topic: 'orders', partitions: [0, 3, 5] });
    expect(mergeSelections([{ topic: 'a', partitions: [2] }, { topic: 'a', partitions: [0] }, { topic: 'b', partitions: [1] }, { topic: 'b', partitions: null }]))
      .toEqual([{ topic: 'a', partitions: [0, 2] }, { topic: 'b', partitions: null }]);
    expect(() => parseTopicSelection('orders:x')).toThrow(/TOPIC:PARTITION/);
    expect(() => parseTopicSelection('orders:')).toThrow(/TOPIC:PARTITION/);
  });
});

describe('offsets files', () => {
  it('an export restores the offsets before the plan', () => {
    const plan = planReset([position(0, 50), position(1, null)], { kind: 'earliest' });
    const text = JSON.stringify(exportDocument('billing', plan, new Date(0)));
    expect(parseOffsetsFile(text, 'f.json')).toEqual({ group: 'billing', offsets: [{ topic: 'orders', partition: 0, offset: 50 }, { topic: 'orders', partition: 1, offset: null }] });
  });

  it('reads kafka-consumer-groups CSV, with or without the group column', () => {
    expect(parseOffsetsFile('orders,0,5\norders,1,7\n', 'f.csv').offsets).toEqual([{ topic: 'orders', partition: 0, offset: 5 }, { topic: 'orders', partition: 1, offset: 7 }]);
    expect(parseOffsetsFile('g1,orders,0,5\n', 'f.csv')).toEqual({ group: 'g1', offsets: [{ topic: 'orders', partition: 0, offset: 5 }] });
  });

  it('skips the warnings kafka-consumer-groups prints among its CSV rows, and counts lines as the file does', () => {
    const exported = '\nWarn: Partition 2 from topic orders is empty. Falling back to latest known offset.\norders,0,5\norders,2,0\n\n';
    expect(parseOffsetsFile(exported, 'f.csv').offsets).toEqual([{ topic: 'orders', partition: 0, offset: 5 }, { topic: 'orders', partition: 2, offset: 0 }]);
    expect(() => parseOffsetsFile('orders,0,5\n\nWarn: x\norders;1;7\n', 'f.csv')).toThrow('f.csv line 4 is not TOPIC,PARTITION,OFFSET');
  });

  it.each(['', '{', '{"x":1}', '[{"topic":"a","partition":-1,"offset":1}]', 'a,b\n'])('rejects %j', (text) => {
    expect(() => parseOffsetsFile(text, 'f')).toThrow(/f/);
  });
});

describe('resetRequest (the flags of offset reset)', () => {
  const flags = (extra: Partial<ResetFlags>): ResetFlags => ({ group: 'g', allTopics: false, toEarliest: false, toLatest: false, execute: false, newGroup: false, topic: ['orders'], ...extra });
  const noFile = () => {
    throw new Error('file read');
  };
  const now = Date.UTC(2026, 0, 1);

  it('needs exactly one mode', () => {
    expect(() => resetRequest(flags({}), noFile, now)).toThrow(/one of --time/);
    expect(() => resetRequest(flags({ time: '-1h', toEarliest: true }), noFile, now)).toThrow('--time and --to-earliest cannot be used together');
    expect(() => resetRequest(flags({ fromFile: 'x', toLatest: true }), noFile, now)).toThrow(/cannot be used together/);
  });

  it('needs --topic or --all-topics, not both', () => {
    expect(() => resetRequest(flags({ topic: undefined, toEarliest: true }), noFile, now)).toThrow(/--all-topics/);
    expect(() => resetRequest(flags({ allTopics: true, toEarliest: true }), noFile, now)).toThrow(/cannot be used together/);
  });

  it('checks numbers: --shift-by abc, --to-offset -1', () => {
    expect(() => resetRequest(flags({ shiftBy: 'abc' }), noFile, now)).toThrow('--shift-by "abc" is not a whole number');
    expect(() => resetRequest(flags({ toOffset: '-1' }), noFile, now)).toThrow('--to-offset "-1" is not an offset');
    expect(resetRequest(flags({ shiftBy: '-5' }), noFile, now).mode).toEqual({ kind: 'shift', by: -5 });
    expect(resetRequest(flags({ shiftBy: '+5' }), noFile, now).mode).toEqual({ kind: 'shift', by: 5 });
  });

  it('--by-duration is a time that long before now', () => {
    expect(resetRequest(flags({ byDuration: '2h' }), noFile, now).mode).toEqual({ kind: 'time', timestamp: now - 7_200_000 });
  });

  it('--from-file takes its partitions from the file and refuses --topic', () => {
    const file = () => [{ topic: 'a', partition: 1, offset: 4 }, { topic: 'a', partition: 0, offset: 3 }];
    expect(() => resetRequest(flags({ fromFile: 'x' }), file, now)).toThrow(/drop --topic/);
    expect(resetRequest(flags({ fromFile: 'x', topic: undefined }), file, now).scope).toEqual({ kind: 'topics', topics: [{ topic: 'a', partitions: [0, 1] }] });
  });
});
