import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, sharedCluster, spawnCli, uniqueName } from '../helpers/cli.js';
import { independentKafka } from '../helpers/groups.js';
import { adminProperties, kafkaTool } from '../helpers/kafka-tools.js';
import { endOffsets, readBack } from '../helpers/read-back.js';

interface SendRow { line: number; topic: string; partition: number; offset: number | null; msgId: string | null; status: string; errorKind: string | null }

const kafka = independentKafka('msg-send-tests');
const createTopic = async (name: string, partitions: number, ...extra: string[]) => {
  const created = await cli(['topic', 'create', name, '-p', String(partitions), ...extra]);
  expect(created.code, created.stderr).toBe(0);
};
/** What the topic holds, read back by the tests' own kafkajs consumer (not msg consume). */
const readAll = (topic: string, expected: number, options: { readUncommitted?: boolean } = {}) => readBack(kafka, topic, expected, options);
const tool = (cls: string, args: string[], stdin?: string) =>
  kafkaTool(cls, ['--bootstrap-server', sharedCluster().bootstrap, ...args], stdin === undefined ? {} : { stdin });

describe('msg send: partition-ordered messages', () => {
  it('1000 messages with 10 keys: each key in one partition, in send order, the partition Kafka\'s own Java producer picks', async () => {
    const ours = uniqueName('keyed');
    const theirs = uniqueName('keyed-java');
    await createTopic(ours, 6);
    await createTopic(theirs, 6);
    const keys = Array.from({ length: 10 }, (_, i) => `user-${i * 7}`);
    const lines = Array.from({ length: 1000 }, (_, i) => JSON.stringify({ key: keys[i % 10], value: `${keys[i % 10]}#${Math.floor(i / 10)}` }));
    const sent = await cli(['msg', 'send', '-t', ours, '--format', 'ndjson', '--batch-size', '100', '-o', 'json'], { stdin: `${lines.join('\n')}\n` });
    expect(sent.code).toBe(0);
    const rows = sent.json<SendRow[]>();
    expect(rows).toHaveLength(1000);

    // Kafka's own console producer (the Java client's default partitioner) with the same keys.
    const java = await tool('org.apache.kafka.tools.ConsoleProducer', ['--command-config', adminProperties(), '--topic', theirs, '--property', 'parse.key=true', '--property', 'key.separator=:'], `${keys.map((k) => `${k}:${k}`).join('\n')}\n`);
    expect(java.code).toBe(0);
    const javaPartition = new Map((await readAll(theirs, 10)).map((r) => [r.key, r.partition]));
    expect(javaPartition.size).toBe(10);
    expect(new Set(javaPartition.values()).size).toBeGreaterThan(1);

    // What the cluster holds, read with Kafka's own console consumer.
    const stored = await tool('org.apache.kafka.tools.consumer.ConsoleConsumer', ['--command-config', adminProperties(), '--topic', ours, '--from-beginning', '--max-messages', '1000', '--timeout-ms', '20000',
      '--property', 'print.partition=true', '--property', 'print.offset=true', '--property', 'print.key=true']);
    const byKey = new Map<string, Array<{ partition: number; offset: number; seq: number }>>();
    for (const line of stored.stdout.trim().split('\n')) {
      const match = /Partition:(\d+)\s+Offset:(\d+)\s+(\S+)\s+\S+#(\d+)/.exec(line);
      if (!match) continue;
      byKey.set(match[3]!, [...(byKey.get(match[3]!) ?? []), { partition: Number(match[1]), offset: Number(match[2]), seq: Number(match[4]) }]);
    }
    expect([...byKey.values()].flat()).toHaveLength(1000);
    for (const key of keys) {
      const messages = byKey.get(key)!;
      expect(new Set(messages.map((m) => m.partition))).toEqual(new Set([javaPartition.get(key)]));
      const inOffsetOrder = [...messages].sort((a, b) => a.offset - b.offset).map((m) => m.seq);
      expect(inOffsetOrder).toEqual(Array.from({ length: 100 }, (_, i) => i));
    }
    // The reported partition of every message is where it is stored.
    expect(rows.every((r) => r.partition === javaPartition.get(keys[(r.line - 1) % 10]!))).toBe(true);
  });
});

describe('msg send: modes', () => {
  it('sync reports each message\'s partition and offset, and they match what is read back with its message id', async () => {
    const topic = uniqueName('sync');
    await createTopic(topic, 3);
    const sent = await cli(['msg', 'send', '-t', topic, '--mode', 'sync', '-H', 'source=test', '-o', 'json'], { stdin: 'a\nb\nc\nd\ne\n' });
    expect(sent.code).toBe(0);
    const rows = sent.json<SendRow[]>();
    expect(rows.map((r) => r.status)).toEqual(Array(5).fill('sent'));
    const read = await readAll(topic, 5);
    expect(read).toHaveLength(5);
    for (const row of rows) {
      const found = read.find((r) => r.headers['sofakafka.msg.id'] === row.msgId)!;
      expect(found).toBeDefined();
      expect([found.partition, found.offset, found.value]).toEqual([row.partition, row.offset, 'abcde'[row.line - 1]]);
      expect(found.headers.source).toBe('test');
      expect(found.headers['sofakafka.producer']).toMatch(/^sofakafka\/\d+\.\d+\.\d+@/);
    }
  });

  it('oneway (acks=0) prints nothing and delivers every message; --no-msg-id leaves the id header off', async () => {
    const topic = uniqueName('oneway');
    await createTopic(topic, 2);
    const values = Array.from({ length: 300 }, (_, i) => `m${i}`);
    const sent = await cli(['msg', 'send', '-t', topic, '--mode', 'oneway', '--no-msg-id', '--batch-size', '50'], { stdin: `${values.join('\n')}\n` });
    expect(sent.code).toBe(0);
    expect(sent.stdout).toBe('');
    expect(sent.stderr).toContain('sent 300 messages one-way');
    const read = await readAll(topic, 300);
    expect(read.map((r) => r.value).sort()).toEqual([...values].sort());
    expect(read.every((r) => r.headers['sofakafka.msg.id'] === undefined)).toBe(true);
  });

  it('oneway from a real process stores every message it counts: the process leaves only once its bytes have gone to the broker', async () => {
    // kafkajs counts an acks=0 request as sent once written to the socket; the process used to exit
    // with the tail still buffered (83,000 of 100,000 1 KB messages stored, "sent 100000", exit 0).
    const topic = uniqueName('oneway-exit');
    await createTopic(topic, 3);
    const count = 100_000;
    const line = 'x'.repeat(1000);
    // From a file: the input arrives faster than the socket drains (a slow pipe hid the loss).
    const file = join(mkdtempSync(join(tmpdir(), 'sofakafka-oneway-')), 'in.txt');
    writeFileSync(file, `${line}\n`.repeat(count));
    const sent = await spawnCli(['msg', 'send', '-t', topic, '--mode', 'oneway', '--file', file], { timeoutMs: 120_000 });
    expect(sent.code, sent.stderr).toBe(0);
    expect(sent.stderr).toContain(`sent ${count} messages one-way`);
    const kafka = independentKafka('oneway-exit-check');
    let stored = 0;
    // acks=0: the broker appends what arrived a moment later, so give it a few seconds to show.
    for (let i = 0; i < 50 && stored < count; i++) {
      stored = (await endOffsets(kafka, topic)).reduce((a, b) => a + b, 0);
      if (stored < count) await new Promise((r) => setTimeout(r, 200));
    }
    expect(stored).toBe(count);
  });

  it('async reports the failure when the user may see the topic but not write to it (exit 5); nothing is stored', async () => {
    const topic = uniqueName('denied');
    await createTopic(topic, 1);
    const user = uniqueName('writer');
    const password = 'writer-secret-1';
    expect((await tool('kafka.admin.ConfigCommand', ['--command-config', adminProperties(), '--alter', '--entity-type', 'users', '--entity-name', user, '--add-config', `SCRAM-SHA-512=[password=${password}]`])).code).toBe(0);
    const env = { ...process.env, SOFAKAFKA_CONFIG: sharedCluster().configPath, SOFAKAFKA_USERNAME: user, SOFAKAFKA_PASSWORD: password };

    const hidden = await cli(['msg', 'send', '-t', topic, 'x'], { env });
    expect(hidden.code).toBe(5);
    expect(hidden.stderr).toMatch(/not authorized/i);

    expect((await tool('org.apache.kafka.tools.AclCommand', ['--command-config', adminProperties(), '--add', '--allow-principal', `User:${user}`, '--operation', 'Describe', '--topic', topic])).code).toBe(0);
    const denied = await cli(['msg', 'send', '-t', topic, '--mode', 'async', '-o', 'json'], { env, stdin: 'one\ntwo\n' });
    expect(denied.code).toBe(5);
    // The idempotent producer asks for a producer id first: the refusal comes before anything is sent.
    expect(denied.stderr).toContain(`User:${user} is not allowed to Write topic "${topic}"`);
    expect(denied.stdout).toBe('');
    expect(await endOffsets(kafka, topic)).toEqual([0]);
  });
});

describe('msg send --timestamp', () => {
  it('stamps the messages with the time given, ISO-8601 or epoch ms, as an independent reader sees them; a bad time is exit 2 and sends nothing', async () => {
    const topic = uniqueName('stamped');
    await createTopic(topic, 1);
    // An hour ago, well inside the 3-day retention, on a whole millisecond that ISO-8601 and epoch ms both carry.
    const iso = new Date(Date.now() - 3_600_000).toISOString();
    const epoch = Date.now() - 7_200_000;
    expect((await cli(['msg', 'send', '-t', topic, '--timestamp', iso, '--mode', 'sync'], { stdin: 'a\nb\n' })).code).toBe(0);
    expect((await cli(['msg', 'send', '-t', topic, '--timestamp', String(epoch), 'c'])).code).toBe(0);
    const bad = await cli(['msg', 'send', '-t', topic, '--timestamp', 'soon', 'd']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--timestamp: timestamp "soon" is neither epoch milliseconds nor an ISO-8601 time');
    const read = await readAll(topic, 3);
    expect(read.map((r) => [r.value, r.timestamp])).toEqual([['a', Date.parse(iso)], ['b', Date.parse(iso)], ['c', epoch]]);
  });
});

describe('msg send: transactions', () => {
  it('a committed transaction over two topics is visible to read_committed on both; an aborted one on neither, though read_uncommitted sees it', async () => {
    const orders = uniqueName('tx-orders');
    const audit = uniqueName('tx-audit');
    await createTopic(orders, 1);
    await createTopic(audit, 1, '-c', 'max.message.bytes=2000');
    const committedBatch = [
      { topic: orders, value: 'order-1' }, { topic: audit, value: 'audit-1' }, { topic: orders, value: 'order-2' },
    ].map((r) => JSON.stringify(r)).join('\n');
    const ok = await cli(['msg', 'send', '--format', 'ndjson', '--transactional-id', uniqueName('txid'), '-o', 'json'], { stdin: `${committedBatch}\n` });
    expect(ok.code).toBe(0);
    expect(ok.stderr).toContain('(committed)');

    // The audit message is larger than its topic allows: the broker refuses it after the order was written.
    const failing = [{ topic: orders, value: 'order-aborted' }, { topic: audit, value: 'x'.repeat(5000) }].map((r) => JSON.stringify(r)).join('\n');
    const aborted = await cli(['msg', 'send', '--format', 'ndjson', '--transactional-id', uniqueName('txid'), '-o', 'json'], { stdin: `${failing}\n` });
    expect(aborted.code).toBe(7);
    expect(aborted.stderr).toContain('transaction aborted, nothing committed');

    expect((await readAll(orders, 2)).map((r) => r.value)).toEqual(['order-1', 'order-2']);
    expect((await readAll(audit, 1)).map((r) => r.value)).toEqual(['audit-1']);
    expect((await readAll(orders, 3, { readUncommitted: true })).map((r) => r.value)).toEqual(['order-1', 'order-2', 'order-aborted']);
    // Kafka's own consumer agrees on what is committed.
    const java = await tool('org.apache.kafka.tools.consumer.ConsoleConsumer', ['--command-config', adminProperties(), '--topic', orders, '--from-beginning', '--isolation-level', 'read_committed', '--timeout-ms', '5000']);
    expect(java.stdout.trim().split('\n').filter((line) => /^order-/.test(line))).toEqual(['order-1', 'order-2']);
    expect(java.stdout).not.toContain('order-aborted');
  });
});

describe('msg send: bad input changes nothing', () => {
  it.each([
    [['-H', 'novalue', 'x'], 2, 'is not KEY=VALUE'],
    [['--partition', '3', 'x'], 2, 'partition 3 (line 1) is out of range'],
    [['--format', 'ndjson', '--transactional-id', 'bad-input-tx'], 2, 'invalid NDJSON on line 3'],
    [['--format', 'ndjson'], 2, 'invalid NDJSON on line 3'],
    [['--mode', 'oneway', '--transactional-id', 'x', 'v'], 2, 'cannot be used with --transactional-id'],
  ])('%j exits %i and the topic stays empty', async (args, code, message) => {
    const topic = uniqueName('bad');
    await createTopic(topic, 2);
    const stdin = args.includes('ndjson') ? '{"value":"one"}\n{"value":"two"}\n{"value": oops}\n{"value":"four"}\n' : undefined;
    const result = await cli(['msg', 'send', '-t', topic, ...args], stdin === undefined ? {} : { stdin });
    expect(result.code).toBe(code);
    expect(result.stderr).toContain(message);
    expect(result.stderr.trim().split('\n').length).toBeLessThanOrEqual(2);
    expect(await endOffsets(kafka, topic)).toEqual([0, 0]);
  });

  it('a missing topic is not created (exit 3) unless --create', async () => {
    const topic = uniqueName('missing');
    const missing = await cli(['msg', 'send', '-t', topic, 'x']);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain(`topic "${topic}" does not exist`);
    const topics = () => cli(['topic', 'list', '-o', 'json']).then((r) => r.json<Array<{ name: string }>>().map((t) => t.name));
    expect(await topics()).not.toContain(topic);
    const file = join(sharedCluster().dir, `${topic}.txt`);
    writeFileSync(file, 'hello\n');
    expect((await cli(['msg', 'send', '-t', topic, '--create', '--file', file])).code).toBe(0);
    expect((await readAll(topic, 1)).map((r) => r.value)).toEqual(['hello']);
  });
});
