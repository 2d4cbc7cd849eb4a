import { beforeAll, describe, expect, it } from 'vitest';
import { cli, sharedCluster, uniqueName } from '../helpers/cli.js';
import { adminProperties, kafkaTool } from '../helpers/kafka-tools.js';
import { createTopic, expectNoGroupCreated, plainKafka, produce } from '../helpers/query-kafka.js';

const TOTAL = 200_000;
const PARTITIONS = 12;
const KEYS = 500;
// Recent enough that the 3-day retention keeps them (older timestamps get the log deleted under us).
const base = Date.now() - 3_600_000;
const kafka = plainKafka();
const topic = uniqueName('query');

interface Found { partition: number; offset: number; key: string | null; value: string; timestamp: string; headers: Record<string, string> }
interface QueryJson { messages: Found[]; stats: { scanned: number; matched: number; keyPartition: number | null; messagesPerSecond: number; perPartition: Array<{ partition: number; scanned: number; start: number; end: number }> } }

// 200,000 small messages: message i has key user-(i mod 500), timestamp base + i ms, a 50-byte value,
// and every 1000th carries a sofakafka.msg.id header.
beforeAll(async () => {
  await createTopic(topic, PARTITIONS);
  await produce(kafka, topic, Array.from({ length: TOTAL }, (_, i) => ({
    key: `user-${i % KEYS}`,
    value: `v${i}`.padEnd(50, '.'),
    timestamp: String(base + i),
    ...(i % 1000 === 0 ? { headers: { 'sofakafka.msg.id': `id-${i}` } } : {}),
  })));
}, 180_000);

describe('msg query', () => {
  it('--key reads only the key\'s partition and finds exactly what Kafka\'s ConsoleConsumer finds for that key over the whole topic', async () => {
    const result = await cli(['msg', 'query', '-t', topic, '--key', 'user-42', '--count', '100000', '-o', 'json']);
    expect(result.code).toBe(0);
    const { messages, stats } = result.json<QueryJson>();
    const read = stats.perPartition.filter((p) => p.scanned > 0);
    expect(read).toHaveLength(1);
    expect(read[0]!.partition).toBe(stats.keyPartition);
    expect(stats.scanned).toBe(read[0]!.end - read[0]!.start);
    expect(stats.scanned).toBeLessThan(TOTAL / PARTITIONS * 1.5);
    expect(messages).toHaveLength(TOTAL / KEYS);
    expect(result.stderr).toMatch(/scanned [\d,]+ messages in 1 of 12 partitions/);

    const theirs = await kafkaTool('org.apache.kafka.tools.consumer.ConsoleConsumer', [
      '--bootstrap-server', sharedCluster().bootstrap, '--consumer.config', adminProperties(), '--topic', topic, '--from-beginning',
      '--max-messages', String(TOTAL), '--timeout-ms', '20000',
      '--property', 'print.key=true', '--property', 'print.partition=true', '--property', 'print.offset=true', '--property', 'print.value=false',
    ], { timeoutMs: 90_000 });
    const lines = theirs.stdout.split('\n').map((line) => /^Partition:(\d+)\tOffset:(\d+)\t(.*)$/.exec(line)).filter((m) => m !== null);
    expect(lines).toHaveLength(TOTAL);
    const expected = lines
      .filter((m) => m[3] === 'user-42')
      .map((m) => `${m[1]}/${m[2]}`)
      .sort();
    expect(messages.map((m) => `${m.partition}/${m.offset}`).sort()).toEqual(expected);
  }, 120_000);

  it('--since/--until returns exactly the messages in the range and reads almost nothing outside it', async () => {
    const since = new Date(base + 150_000).toISOString();
    const until = new Date(base + 150_999).toISOString();
    const result = await cli(['msg', 'query', '-t', topic, '--since', since, '--until', until, '--count', '5000', '--sort', 'time', '-o', 'json']);
    expect(result.code).toBe(0);
    const { messages, stats } = result.json<QueryJson>();
    expect(messages.map((m) => Number(m.value.slice(1).replace(/\.+$/, '')))).toEqual(Array.from({ length: 1000 }, (_, i) => 150_000 + i));
    expect(stats.scanned).toBeLessThanOrEqual(1000 + PARTITIONS);
  });

  it('a full scan by msg id, a header filter and --grep agree with what was written', async () => {
    const byId = await cli(['msg', 'query', '-t', topic, '--msg-id', 'id-123000', '-o', 'json']);
    const { messages, stats } = byId.json<QueryJson>();
    expect(messages.map((m) => [m.key, m.value.replace(/\.+$/, '')])).toEqual([['user-0', 'v123000']]);
    expect(stats.scanned).toBe(TOTAL);
    console.log(`full scan of ${TOTAL} messages: ${stats.messagesPerSecond} msg/s`);
    const withHeader = await cli(['msg', 'query', '-t', topic, '--header', 'sofakafka.msg.id', '--grep', 'v19', '-o', 'ndjson']);
    const lines = withHeader.stdout.trim().split('\n').map((l) => JSON.parse(l) as Found);
    expect(lines.map((m) => m.headers['sofakafka.msg.id']).sort()).toEqual(['id-19000', 'id-190000', 'id-191000', 'id-192000', 'id-193000', 'id-194000', 'id-195000', 'id-196000', 'id-197000', 'id-198000', 'id-199000'].sort());
  });

  it('--partition with --offset returns that one message', async () => {
    const keyed = (await cli(['msg', 'query', '-t', topic, '--key', 'user-7', '--count', '3', '-o', 'json'])).json<QueryJson>();
    const target = keyed.messages[0]!;
    const one = await cli(['msg', 'query', '-t', topic, '-p', String(target.partition), '--offset', String(target.offset), '-o', 'json']);
    expect(one.json<QueryJson>().messages).toEqual([target]);
    expect(one.json<QueryJson>().stats.scanned).toBe(1);
  });

  it('--all-partitions finds a key wherever another partitioner put it; without it only the key\'s own partition is read', async () => {
    const spread = uniqueName('spread');
    await createTopic(spread, 4);
    // Written by a client that placed the key by hand: once in every partition, among other keys.
    await produce(kafka, spread, [0, 1, 2, 3].flatMap((partition) => [
      { partition, key: 'other', value: `noise-${partition}` },
      { partition, key: 'roaming', value: `in-${partition}` },
    ]));
    const own = (await cli(['msg', 'query', '-t', spread, '--key', 'roaming', '-o', 'json'])).json<QueryJson>();
    expect(own.stats.keyPartition).not.toBeNull();
    expect(own.messages.map((m) => [m.partition, m.offset, m.value])).toEqual([[own.stats.keyPartition, 1, `in-${own.stats.keyPartition}`]]);
    expect(own.stats.perPartition.filter((p) => p.scanned > 0).map((p) => p.partition)).toEqual([own.stats.keyPartition]);

    const all = await cli(['msg', 'query', '-t', spread, '--key', 'roaming', '--all-partitions', '-o', 'json']);
    expect(all.code, all.stderr).toBe(0);
    const found = all.json<QueryJson>();
    expect(found.messages.map((m) => [m.partition, m.offset, m.key, m.value]).sort()).toEqual([0, 1, 2, 3].map((p) => [p, 1, 'roaming', `in-${p}`]));
    expect(found.stats.scanned).toBe(8);

    const withoutKey = await cli(['msg', 'query', '-t', spread, '--all-partitions']);
    expect(withoutKey.code).toBe(2);
    expect(withoutKey.stderr).toContain('--all-partitions only makes sense with --key');
  });

  it('queries create and join no consumer group', async () => {
    await expectNoGroupCreated(kafka, topic, async () => {
      expect((await cli(['msg', 'query', '-t', topic, '--key', 'user-1', '-o', 'json'])).code).toBe(0);
      expect((await cli(['msg', 'query', '-t', topic, '--offset', '0..99', '-o', 'ndjson'])).code).toBe(0);
    });
  });

  it.each([
    [['-p', '0', '--offset', '999999999'], 3, /beyond the log end of .*\/0/],
    [['-p', '12', '--offset', '0'], 3, /partition 12 does not exist/],
    [['--since', '2026-01-02T00:00:00Z', '--until', '2026-01-01T00:00:00Z'], 2, /--until .* is before --since/],
    [['--header', '=x'], 2, /--header "=x" has no header name/],
    [['--since', 'yesterday'], 2, /--since: "yesterday" is not a time/],
    [['--offset', '5'], 2, /needs --partition/],
  ])('bad input %j: a clear one-line error and exit %i', async (args, code, message) => {
    const result = await cli(['msg', 'query', '-t', topic, ...args]);
    expect(result.code).toBe(code);
    expect(result.stderr).toMatch(message);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n').length).toBeLessThanOrEqual(2);
  });

  it('an unknown msg id is an empty answer, not an error; an unknown topic is exit 3', async () => {
    const unknown = await cli(['msg', 'query', '-t', topic, '--msg-id', 'no-such-id', '-o', 'json']);
    expect(unknown.code).toBe(0);
    expect(unknown.json<QueryJson>().messages).toEqual([]);
    const missing = await cli(['msg', 'query', '-t', uniqueName('missing')]);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toMatch(/does not exist/);
  });
});
