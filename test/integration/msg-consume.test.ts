import { spawn } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { binPath, cli, clusterEnv, sharedCluster, uniqueName } from '../helpers/cli.js';
import { adminProperties, kafkaTool } from '../helpers/kafka-tools.js';
import { committed, testKafka } from '../helpers/groups.js';
import { produce } from '../helpers/query-kafka.js';
import type { KafkaMessage } from 'kafkajs';

/** The header every message msg send writes names its producer; the copy's others must equal the source's. */
const producerHeader = 'sofakafka.producer';

interface Record_ { topic: string; partition: number; offset: number; key: string | null; value: unknown; valueEncoding: string; headers: Record<string, string> }

const kafka = testKafka('msg-consume-tests');
const admin = kafka.admin();
afterAll(() => admin.disconnect());

const lines = (stdout: string) => (stdout.trim() ? stdout.trim().split('\n').map((l) => JSON.parse(l) as Record_) : []);
const createTopic = async (name: string, partitions: number, ...extra: string[]) => {
  const created = await cli(['topic', 'create', name, '-p', String(partitions), ...extra]);
  expect(created.code, created.stderr).toBe(0);
};
/** The messages consume is tested on come from the tests' own kafkajs producer, not msg send. */
const send = async (topic: string, values: string[]) => {
  await produce(kafka, topic, values.map((value) => ({ value })));
};

async function waitForMembers(groupId: string, members: number): Promise<void> {
  await admin.connect();
  let last: unknown;
  for (let i = 0; i < 80; i++) {
    const [group] = (await admin.describeGroups([groupId])).groups;
    last = { state: group?.state, members: group?.members.length };
    if (group?.state === 'Stable' && group.members.length === members) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`group ${groupId} never had ${members} stable members: ${JSON.stringify(last)}`);
}

describe('msg consume: clustering and broadcasting', () => {
  it('two --group consumers split the partitions: each message once, each partition to one member', async () => {
    const topic = uniqueName('cluster');
    const group = uniqueName('billing');
    await createTopic(topic, 4);
    const consume = () => cli(['msg', 'consume', '-t', topic, '--group', group, '--idle-timeout', '4s', '-o', 'ndjson']);
    const first = consume();
    const second = consume();
    await waitForMembers(group, 2).catch(async (error: Error) => {
      const ended = await Promise.race([Promise.all([first, second]), new Promise((resolve) => setTimeout(resolve, 100, []))]) as Array<{ stderr: string }>;
      throw new Error(`${error.message} ${ended.map((r) => r.stderr).join(' | ')}`);
    });
    const values = Array.from({ length: 200 }, (_, i) => `v${i}`);
    await send(topic, values);
    const [a, b] = await Promise.all([first, second]);
    expect([a.code, b.code]).toEqual([0, 0]);
    const mineA = lines(a.stdout);
    const mineB = lines(b.stdout);
    expect(mineA.length).toBeGreaterThan(0);
    expect(mineB.length).toBeGreaterThan(0);
    expect([...mineA, ...mineB].map((r) => r.value).sort()).toEqual([...values].sort());
    const partitionsA = new Set(mineA.map((r) => r.partition));
    const partitionsB = new Set(mineB.map((r) => r.partition));
    expect([...partitionsA].filter((p) => partitionsB.has(p))).toEqual([]);
    expect(partitionsA.size + partitionsB.size).toBe(4);
    // The group committed exactly what was printed: the log end of every partition.
    const ends = new Map<number, number>();
    for (const r of [...mineA, ...mineB]) ends.set(r.partition, Math.max(ends.get(r.partition) ?? -1, r.offset + 1));
    expect(await committed(kafka, group, topic)).toEqual(Object.fromEntries(ends));
  });

  it('two --broadcast consumers each get every message, and their groups are deleted afterwards', async () => {
    const topic = uniqueName('broadcast');
    await createTopic(topic, 3);
    const values = Array.from({ length: 60 }, (_, i) => `b${i}`);
    await send(topic, values);
    const consume = () => cli(['msg', 'consume', '-t', topic, '--broadcast', '--from', 'beginning', '--count', '60', '--idle-timeout', '10s', '-o', 'ndjson']);
    const [a, b] = await Promise.all([consume(), consume()]);
    expect([a.code, b.code]).toEqual([0, 0]);
    expect(lines(a.stdout).map((r) => r.value).sort()).toEqual([...values].sort());
    expect(lines(b.stdout).map((r) => r.value).sort()).toEqual([...values].sort());
    const groups = [a.stderr, b.stderr].map((text) => /broadcast group "([^"]+)" deleted/.exec(text)?.[1]);
    expect(groups.every(Boolean)).toBe(true);
    expect(groups[0]).not.toBe(groups[1]);
    await admin.connect();
    const existing = (await admin.listGroups()).groups.map((g) => g.groupId);
    expect(existing).not.toContain(groups[0]);
    expect(existing).not.toContain(groups[1]);
  });
});

describe('msg consume: positions, formats and leaving', () => {
  it('--from a time starts at the first message at or after it; binary values are base64, --value-format json embeds JSON', async () => {
    const topic = uniqueName('from');
    await createTopic(topic, 1);
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, messages: [
      { value: 'old', timestamp: String(Date.parse('2026-01-01T00:00:00Z')) },
      { value: Buffer.from([0xff, 0xfe, 0x00]), timestamp: String(Date.parse('2026-01-02T00:00:00Z')) },
      { value: '{"n":1}', timestamp: String(Date.parse('2026-01-03T00:00:00Z')) },
    ] });
    await producer.disconnect();
    const result = await cli(['msg', 'consume', '-t', topic, '--broadcast', '--from', '2026-01-01T12:00:00Z', '--count', '2', '--value-format', 'json', '-o', 'ndjson']);
    expect(result.code, result.stderr).toBe(0);
    const records = lines(result.stdout);
    expect(records.map((r) => [r.offset, r.value, r.valueEncoding])).toEqual([[1, '//4A', 'base64'], [2, { n: 1 }, 'json']]);
  });

  it('consume -o ndjson into msg send --format ndjson gives the same header bytes back: binary, repeated, and text that looks like base64', async () => {
    const [source, copy] = [uniqueName('hdr-src'), uniqueName('hdr-copy')];
    await createTopic(source, 1);
    await createTopic(copy, 1);
    // Written and read by the tests' own kafkajs client; sofakafka only consumes and sends again.
    const headers = { bin: Buffer.from([0xff, 0x00, 0x80]), rep: [Buffer.from('a'), Buffer.from([0xfe])], looks: Buffer.from('base64:aGk='), plain: Buffer.from('x') };
    await produce(kafka, source, [{ key: 'k', value: Buffer.from([0xc3, 0x28]), headers }]);
    const consumed = await cli(['msg', 'consume', '-t', source, '--broadcast', '--from', 'earliest', '--count', '1', '-o', 'ndjson']);
    expect(consumed.code, consumed.stderr).toBe(0);
    expect(JSON.parse(consumed.stdout).headerEncodings).toEqual({ bin: 'base64', rep: 'base64' });
    const sent = await cli(['msg', 'send', '-t', copy, '--format', 'ndjson', '--no-msg-id', '-o', 'json'], { stdin: consumed.stdout.replaceAll(`"topic":"${source}"`, `"topic":"${copy}"`) });
    expect(sent.code, sent.stderr).toBe(0);
    const consumer = kafka.consumer({ groupId: uniqueName('hdr-reader') });
    await consumer.connect();
    await consumer.subscribe({ topic: copy, fromBeginning: true });
    const received = await new Promise<KafkaMessage>((resolve) => void consumer.run({ eachMessage: async ({ message }) => resolve(message) }));
    await consumer.disconnect();
    expect(received.value).toEqual(Buffer.from([0xc3, 0x28]));
    const copied = { ...received.headers };
    expect(copied[producerHeader]).toBeDefined();
    delete copied[producerHeader];
    expect(copied).toEqual(headers);
  });

  it('a header without a value (Kafka\'s console producer can write one; kafkajs cannot) is null in consume and query output', async () => {
    const topic = uniqueName('hdr-null');
    await createTopic(topic, 1);
    const produced = await kafkaTool('org.apache.kafka.tools.ConsoleProducer', [
      '--bootstrap-server', sharedCluster().bootstrap, '--command-config', adminProperties(), '--topic', topic,
      '--property', 'parse.headers=true', '--property', 'null.marker=NULL',
    ], { stdin: 'empty:NULL,full:yes\tthe-value\n' });
    expect(produced.code, produced.stderr).toBe(0);
    const consumed = await cli(['msg', 'consume', '-t', topic, '--broadcast', '--from', 'earliest', '--count', '1', '-o', 'ndjson']);
    expect(consumed.code, consumed.stderr).toBe(0);
    const queried = await cli(['msg', 'query', '-t', topic, '-o', 'ndjson']);
    expect(queried.code, queried.stderr).toBe(0);
    for (const output of [consumed.stdout, queried.stdout]) {
      expect(JSON.parse(output)).toMatchObject({ value: 'the-value', headers: { empty: null, full: 'yes' }, headerEncodings: null });
    }
  });

  it('Ctrl-C leaves the group and commits exactly what was printed (exit 130)', async () => {
    const topic = uniqueName('sigint');
    const group = uniqueName('sigint-group');
    await createTopic(topic, 1);
    await send(topic, Array.from({ length: 25 }, (_, i) => `s${i}`));
    const child = spawn(process.execPath, [binPath, 'msg', 'consume', '-t', topic, '--group', group, '--from', 'beginning', '-o', 'ndjson'], { env: clusterEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    await new Promise<void>((resolve) => child.stdout.on('data', (chunk) => {
      stdout += chunk;
      if (stdout.split('\n').length > 25) resolve();
    }));
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(stderr).toContain('interrupted');
    expect(lines(stdout)).toHaveLength(25);
    expect(await committed(kafka, group, topic)).toEqual({ 0: 25 });
    await admin.connect();
    const [described] = (await admin.describeGroups([group])).groups;
    expect(described?.members).toEqual([]);
  });

  it('bad input: both --group and --broadcast (exit 2), a missing topic (exit 3); no group is created', async () => {
    const group = uniqueName('never');
    const both = await cli(['msg', 'consume', '-t', 'x', '--group', group, '--broadcast']);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('not both');
    const missing = await cli(['msg', 'consume', '-t', uniqueName('nope'), '--group', group]);
    expect(missing.code).toBe(3);
    await admin.connect();
    expect((await admin.listGroups()).groups.map((g) => g.groupId)).not.toContain(group);
  });
});
