import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kafka } from 'kafkajs';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, sharedCluster, uniqueName } from '../helpers/cli.js';
import { committed, startConsumer, testKafka, topicHolding, waitFor, waitForAsync } from '../helpers/groups.js';
import { adminProperties, kafkaTool } from '../helpers/kafka-tools.js';

const minute = 60_000;
// An hour ago, on a whole second: well inside the 3-day retention.
const base = Math.floor(Date.now() / 1000) * 1000 - 60 * minute;
// Partition 0 at +0, +10, +20, +30 minutes; partition 1 at +5, +15, +25; partition 2 stays empty.
const messages = [
  ...[0, 10, 20, 30].map((m, i) => ({ partition: 0, timestamp: base + m * minute, value: `p0-${i}` })),
  ...[5, 15, 25].map((m, i) => ({ partition: 1, timestamp: base + m * minute, value: `p1-${i}` })),
];
const times = {
  between: { at: base + 12 * minute, expected: { 0: 2, 1: 1, 2: 0 } },
  beforeFirst: { at: base - minute, expected: { 0: 0, 1: 0, 2: 0 } },
  afterLast: { at: base + 40 * minute, expected: { 0: 4, 1: 3, 2: 0 } },
};
const logEnd = { 0: 4, 1: 3, 2: 0 };

let kafka: Kafka;
let topic: string;

beforeAll(async () => {
  kafka = testKafka();
  topic = await topicHolding(kafka, 'reset', 3, messages);
});

const reset = (group: string, ...args: string[]) => cli(['offset', 'reset', '--group', group, ...args]);

describe('offset reset --time', () => {
  const ours = uniqueName('ours');
  const theirs = uniqueName('theirs');

  it.each(['beforeFirst', 'afterLast', 'between'] as const)('sets exactly what kafka-consumer-groups --to-datetime sets: %s', async (which) => {
    const { at, expected } = times[which];
    const result = await reset(ours, '--topic', topic, '--time', new Date(at).toISOString(), '--new-group', '--execute', '-o', 'json');
    expect(result.code, result.stderr).toBe(0);
    const java = await kafkaTool('org.apache.kafka.tools.consumer.group.ConsumerGroupCommand', [
      '--bootstrap-server', sharedCluster().bootstrap, '--command-config', adminProperties(),
      '--group', theirs, '--reset-offsets', '--topic', topic, '--to-datetime', new Date(at).toISOString(), '--execute',
    ]);
    expect(java.code, java.stderr).toBe(0);
    const [mine, kafkas] = [await committed(kafka, ours, topic), await committed(kafka, theirs, topic)];
    expect(mine).toEqual(kafkas);
    expect(mine).toEqual(expected);
  });

  it('a consumer started after the reset receives exactly the messages from the new offsets on; while it runs, --execute is refused and changes nothing', async () => {
    // The previous test left `ours` at the "between" offsets: 2 on partition 0, 1 on partition 1.
    const consumer = await startConsumer(testKafka('offset-test-consumer'), ours, topic);
    try {
      await consumer.ready;
      await waitFor(() => consumer.received.length >= 4, 45_000);
      await new Promise((resolve) => setTimeout(resolve, 1000)); // anything extra would arrive now
      expect(consumer.received.map((r) => `${r.partition}@${r.offset}=${r.value}`).sort()).toEqual(['0@2=p0-2', '0@3=p0-3', '1@1=p1-1', '1@2=p1-2']);
      // Let the consumer's own commits settle first, so "unchanged" means unchanged by us.
      let before: Record<number, number> = {};
      await waitForAsync(async () => {
        before = await committed(kafka, ours, topic);
        return before[0] === 4 && before[1] === 3;
      });

      const refused = await reset(ours, '--topic', topic, '--to-earliest', '--execute');
      expect(refused.code).toBe(7);
      expect(refused.stderr).toContain('active member');
      expect(refused.stderr).toContain('offset-test-consumer');
      expect(await committed(kafka, ours, topic)).toEqual(before);

      const dryRun = await reset(ours, '--topic', topic, '--to-earliest');
      expect(dryRun.code).toBe(0);
      expect(dryRun.stderr).toContain('--execute will refuse');
    } finally {
      await consumer.stop();
    }
  });
});

const groupCommand = (args: string[]) =>
  kafkaTool('org.apache.kafka.tools.consumer.group.ConsumerGroupCommand', ['--bootstrap-server', sharedCluster().bootstrap, '--command-config', adminProperties(), ...args]);

describe('offset reset --by-duration', () => {
  it('moves to the first message since that long ago, as kafka-consumer-groups --by-duration does', async () => {
    const [ours, theirs] = [uniqueName('duration-ours'), uniqueName('duration-theirs')];
    // 42 minutes ago is 18 minutes (and the seconds this run has taken) after the first message:
    // the next ones are at +20 on partition 0 and +25 on partition 1; partition 2 is empty.
    const result = await reset(ours, '--topic', topic, '--by-duration', '42m', '--new-group', '--execute', '-o', 'json');
    expect(result.code, result.stderr).toBe(0);
    expect(result.json<{ mode: string }>().mode).toMatch(/^back 42m \(to /);
    const java = await groupCommand(['--group', theirs, '--reset-offsets', '--topic', topic, '--by-duration', 'PT42M', '--execute']);
    expect(java.code, java.stderr).toBe(0);
    expect(await committed(kafka, ours, topic)).toEqual({ 0: 2, 1: 2, 2: 0 });
    expect(await committed(kafka, theirs, topic)).toEqual({ 0: 2, 1: 2, 2: 0 });
  });
});

describe('offset reset --from-file with the CSV kafka-consumer-groups --export writes', () => {
  it('applies the offsets of the file, warnings and all, as Kafka\'s own --from-file applies its rows', async () => {
    const [exported, ours, theirs] = [uniqueName('csv-exported'), uniqueName('csv-ours'), uniqueName('csv-theirs')];
    const plan = await groupCommand(['--group', exported, '--reset-offsets', '--topic', topic, '--to-datetime', new Date(times.between.at).toISOString(), '--export', '--dry-run']);
    expect(plan.code, plan.stderr).toBe(0);
    // The file as `kafka-consumer-groups ... --export --dry-run > plan.csv` leaves it: its stdout, which
    // also carries a "Warn: Partition 2 ... is empty" line among the rows.
    const dir = mkdtempSync(join(tmpdir(), 'offsets-'));
    const file = join(dir, 'plan.csv');
    writeFileSync(file, plan.stdout);
    const rows = plan.stdout.split('\n').filter((line) => /^[^,\s]+,\d+,\d+$/.test(line));
    expect(rows.sort()).toEqual([`${topic},0,2`, `${topic},1,1`, `${topic},2,0`]);

    const result = await reset(ours, '--from-file', file, '--new-group', '--execute', '-o', 'json');
    expect(result.code, result.stderr).toBe(0);
    // Kafka's own parser chokes on its warning lines (a Jackson exception, exit 0): give it the rows alone.
    const rowsOnly = join(dir, 'rows.csv');
    writeFileSync(rowsOnly, `${rows.join('\n')}\n`);
    const java = await groupCommand(['--group', theirs, '--reset-offsets', '--from-file', rowsOnly, '--execute']);
    expect(java.code, java.stderr).toBe(0);
    expect(await committed(kafka, ours, topic)).toEqual(times.between.expected);
    expect(await committed(kafka, theirs, topic)).toEqual(times.between.expected);
  });
});

describe('offset reset: dry run, export and restore', () => {
  it('a dry run changes nothing; export, reset, then --from-file restores the exported offsets exactly (a partition never committed loses its new offset again)', async () => {
    const group = uniqueName('restore');
    expect((await reset(group, '--topic', `${topic}:0,1`, '--time', new Date(times.between.at).toISOString(), '--new-group', '--execute')).code).toBe(0);
    const before = await committed(kafka, group, topic);
    expect(before).toEqual({ 0: 2, 1: 1, 2: -1 });

    const dry = await reset(group, '--topic', topic, '--to-latest', '-o', 'json');
    expect(dry.code).toBe(0);
    const plan = dry.json<{ group: string; mode: string; executed: boolean; totals: object; partitions: Array<Record<string, unknown>> }>();
    expect(Object.keys(plan)).toEqual(['group', 'mode', 'executed', 'totals', 'partitions']);
    expect(plan.executed).toBe(false);
    expect(plan.totals).toEqual({ partitions: 3, changed: 3, reconsumed: 0, skipped: 4 });
    expect(plan.partitions[0]).toEqual({ topic, partition: 0, currentOffset: 2, newOffset: 4, earliestOffset: 0, logEndOffset: 4, reconsumed: 0, skipped: 2, clamped: null });
    expect(plan.partitions[2]).toMatchObject({ partition: 2, currentOffset: null, newOffset: 0, reconsumed: null, skipped: null });
    expect(await committed(kafka, group, topic)).toEqual(before);

    const clamped = await reset(group, '--topic', `${topic}:0`, '--to-offset', '99', '-o', 'json');
    expect(clamped.json<{ partitions: Array<{ newOffset: number; clamped: string }> }>().partitions[0]).toMatchObject({ newOffset: 4, clamped: 'logEnd' });
    expect(clamped.stderr).toContain('target outside the log');

    const file = join(mkdtempSync(join(tmpdir(), 'offsets-')), 'before.json');
    const executed = await reset(group, '--topic', topic, '--to-latest', '--export', file, '--execute');
    expect(executed.code, executed.stderr).toBe(0);
    expect(await committed(kafka, group, topic)).toEqual(logEnd);
    expect(JSON.parse(readFileSync(file, 'utf8')).restore).toEqual([
      { topic, partition: 0, offset: 2 }, { topic, partition: 1, offset: 1 }, { topic, partition: 2, offset: null },
    ]);

    const restored = await reset(group, '--from-file', file, '--execute');
    expect(restored.code, restored.stderr).toBe(0);
    expect(await committed(kafka, group, topic)).toEqual(before);
  });
});

describe('offset reset: bad input changes nothing', () => {
  const group = uniqueName('bad');
  beforeAll(async () => {
    expect((await reset(group, '--topic', topic, '--to-offset', '1', '--new-group', '--execute')).code).toBe(0);
  });

  it.each([
    [['--topic', 'TOPIC', '--time', 'yesterday'], 2, '--time: "yesterday" is not a time'],
    [['--topic', 'TOPIC', '--time', '-1h', '--to-earliest'], 2, '--time and --to-earliest cannot be used together'],
    [['--topic', 'TOPIC'], 2, 'say where to move the offsets'],
    [['--topic', 'TOPIC', '--shift-by', 'abc'], 2, '--shift-by "abc" is not a whole number'],
    [['--all-topics', '--topic', 'TOPIC', '--to-earliest'], 2, 'cannot be used together'],
    [['--topic', 'no-such-topic-x', '--to-earliest'], 3, 'topic "no-such-topic-x" does not exist'],
    [['--topic', 'TOPIC:0,7', '--to-earliest'], 3, 'has no partition 7'],
    [['--from-file', '/nonexistent/plan.json'], 2, '--from-file /nonexistent/plan.json: cannot read it'],
  ])('%j exits %i and leaves the offsets as they were', async (args, code, message) => {
    const result = await reset(group, ...args.map((a) => a.replace('TOPIC', topic)), '--execute');
    expect(result.code).toBe(code);
    expect(result.stderr).toContain(message);
    expect(result.stderr.trim().split('\n').length).toBeLessThanOrEqual(2);
    expect(await committed(kafka, group, topic)).toEqual({ 0: 1, 1: 1, 2: 0 });
  });

  it('an unknown group is not created without --new-group', async () => {
    const unknown = uniqueName('nobody');
    const result = await reset(unknown, '--topic', topic, '--to-earliest', '--execute');
    expect(result.code).toBe(3);
    expect(result.stderr).toContain(`consumer group "${unknown}" does not exist`);
    expect(result.stderr).toContain('--new-group');
    expect(await committed(kafka, unknown, topic)).toEqual({ 0: -1, 1: -1, 2: -1 });
  });
});
