import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, clusterEnv, repoRoot, sharedCluster, uniqueName } from '../helpers/cli.js';
import { adminProperties, kafkaTool } from '../helpers/kafka-tools.js';
import { createTopic } from '../helpers/query-kafka.js';
import { runProcess } from '../helpers/run-process.js';

/**
 * Every codec against Kafka's own Java client, both ways. Java → sofakafka: ConsoleProducer
 * writes with --compression-codec X; the broker's log (DumpLogSegments) proves X was stored; then
 * msg query (the built package without node_modules: the bundle must carry zstd's WebAssembly),
 * msg consume, msg trace and msg resend read it. sofakafka → Java: msg send --compression X, the
 * log says X, and ConsoleConsumer reads back what was sent.
 */

/** The built package as installed (bin/, bundle/, package.json; no node_modules to fall back on), run from outside the repository. */
const installed = mkdtempSync(join(tmpdir(), 'sofakafka-codecs-'));
for (const part of ['bin', 'bundle', 'package.json']) cpSync(join(repoRoot, part), join(installed, part), { recursive: true });
afterAll(() => rmSync(installed, { recursive: true, force: true }));
const installedCli = async (args: string[]) => {
  const result = await runProcess(process.execPath, [join(installed, 'bin', 'sofakafka.js'), ...args], { env: clusterEnv(), cwd: installed, timeoutMs: 120_000 });
  return { ...result, json: <T>() => JSON.parse(result.stdout) as T };
};

interface Message { partition: number; offset: number; key: string | null; value: string | null; headers: Record<string, string> }
interface Content { key: string | null; value: string; headers: Record<string, string> }

const COUNT = 300;
const filler = 'some order text that compresses well, '.repeat(3);
const byValue = (a: Content, b: Content) => a.value.localeCompare(b.value);
const content = (m: Message, headerNames: string[]): Content => ({
  key: m.key,
  value: m.value!,
  headers: Object.fromEntries(headerNames.filter((h) => h in m.headers).map((h) => [h, m.headers[h]!])),
});

/** Batches in the broker's log for a topic, as Kafka's DumpLogSegments reads them: [codec, records]. */
async function storedBatches(topic: string): Promise<Array<[string, number]>> {
  const dataDir = join(sharedCluster().dataDir, 'node-1', 'data');
  const segments = readdirSync(dataDir).filter((d) => d.startsWith(`${topic}-`) && /-\d+$/.test(d))
    .flatMap((d) => readdirSync(join(dataDir, d)).filter((f) => f.endsWith('.log')).map((f) => join(dataDir, d, f)));
  expect(segments.length).toBeGreaterThan(0);
  const dump = await kafkaTool('org.apache.kafka.tools.DumpLogSegments', ['--files', segments.join(','), '--deep-iteration']);
  expect(dump.code, dump.stderr).toBe(0);
  return [...dump.stdout.matchAll(/^baseOffset: .* count: (\d+) .* compresscodec: (\w+)/gm)].map((m) => [m[2]!, Number(m[1])]);
}

/** Everything in a topic as Kafka's ConsoleConsumer prints it: headers, key, value. */
async function consoleConsume(topic: string, count: number): Promise<Content[]> {
  const result = await kafkaTool('org.apache.kafka.tools.consumer.ConsoleConsumer', [
    '--bootstrap-server', sharedCluster().bootstrap, '--consumer.config', adminProperties(), '--topic', topic,
    '--from-beginning', '--max-messages', String(count), '--timeout-ms', '20000',
    '--property', 'print.key=true', '--property', 'print.headers=true',
  ]);
  return result.stdout.split('\n').filter((line) => line.includes('\t')).map((line) => {
    const [headers, key, value] = line.split('\t');
    return {
      key: key === 'null' ? null : key!,
      value: value!,
      headers: Object.fromEntries(headers!.split(',').filter((h) => h !== 'NO_HEADERS').map((h) => [h.slice(0, h.indexOf(':')), h.slice(h.indexOf(':') + 1)])),
    };
  });
}

describe.each(['gzip', 'snappy', 'lz4', 'zstd'])('%s', (codec) => {
  it('written by Kafka\'s Java producer: msg query, consume, trace and resend read every key, value and header', async () => {
    const topic = uniqueName(`java-${codec}`);
    await createTopic(topic, 3);
    const written: Content[] = Array.from({ length: COUNT }, (_, i) => ({
      key: `user-${i % 7}`,
      value: `order ${i} ${filler}`,
      headers: { source: 'java', 'sofakafka.msg.id': `${topic}-${i}` },
    }));
    const lines = written.map((m) => `source:java,sofakafka.msg.id:${m.headers['sofakafka.msg.id']}\t${m.key}\t${m.value}`).join('\n');
    const produced = await kafkaTool('org.apache.kafka.tools.ConsoleProducer', [
      '--bootstrap-server', sharedCluster().bootstrap, '--producer.config', adminProperties(), '--topic', topic,
      '--compression-codec', codec, '--batch-size', '1000000', '--timeout', '2000',
      '--property', 'parse.key=true', '--property', 'parse.headers=true',
    ], { stdin: `${lines}\n` });
    expect(produced.code, produced.stderr).toBe(0);

    const batches = await storedBatches(topic);
    expect(new Set(batches.map(([c]) => c))).toEqual(new Set([codec]));
    expect(batches.reduce((n, [, count]) => n + count, 0)).toBe(COUNT);

    const query = await installedCli(['msg', 'query', '-t', topic, '-o', 'json']);
    expect(query.code, query.stderr).toBe(0);
    const queried = query.json<{ messages: Message[]; stats: { scanned: number } }>();
    expect(queried.stats.scanned).toBe(COUNT);
    expect(queried.messages.map((m) => content(m, ['source', 'sofakafka.msg.id'])).sort(byValue)).toEqual([...written].sort(byValue));

    const consume = await cli(['msg', 'consume', '-t', topic, '--broadcast', '--from', 'beginning', '--count', String(COUNT), '-o', 'ndjson']);
    expect(consume.code, consume.stderr).toBe(0);
    const consumed = consume.stdout.trim().split('\n').map((l) => JSON.parse(l) as Message);
    expect(consumed.map((m) => content(m, ['source', 'sofakafka.msg.id'])).sort(byValue)).toEqual([...written].sort(byValue));

    const wanted = queried.messages.find((m) => m.headers['sofakafka.msg.id'] === `${topic}-123`)!;
    const trace = await cli(['msg', 'trace', '-t', topic, '--msg-id', `${topic}-123`, '-o', 'json']);
    expect(trace.code, trace.stderr).toBe(0);
    expect(trace.json()).toMatchObject({
      produced: { key: 'user-4', msgId: `${topic}-123`, headers: { source: 'java' } },
      stored: { topic, partition: wanted.partition, offset: wanted.offset },
    });

    const copies = uniqueName(`copies-${codec}`);
    await createTopic(copies, 1);
    const resend = await cli(['msg', 'resend', '-t', topic, '-p', String(wanted.partition), '--offset', String(wanted.offset), '--to', copies, '--yes', '-o', 'json']);
    expect(resend.code, resend.stderr).toBe(0);
    const [copy] = await consoleConsume(copies, 1);
    expect(copy).toEqual({
      key: 'user-4',
      value: `order 123 ${filler}`,
      headers: { source: 'java', 'sofakafka.msg.id': `${topic}-123`, 'sofakafka.resent.from': `${topic}/${wanted.partition}/${wanted.offset}` },
    });
  }, 240_000);

  it(`msg send --compression ${codec}: the broker stores ${codec} and Kafka's ConsoleConsumer reads every message`, async () => {
    const topic = uniqueName(`send-${codec}`);
    await createTopic(topic, 2);
    // ~600-byte values in one produce request: each partition's batch is ~90 KB, so lz4 writes
    // several blocks and snappy several chunks; the random part keeps some blocks hard to compress.
    const sent: Content[] = Array.from({ length: COUNT }, (_, i) => ({ key: `k-${i % 5}`, value: `sent ${i} ${filler.repeat(3)} ${randomBytes(120).toString('hex')}`, headers: { n: String(i) } }));
    const input = sent.map((m) => JSON.stringify({ key: m.key, value: m.value, headers: m.headers })).join('\n');
    const send = await cli(['msg', 'send', '-t', topic, '--format', 'ndjson', '--compression', codec, '--batch-size', String(COUNT), '--no-msg-id'], { stdin: `${input}\n` });
    expect(send.code, send.stderr).toBe(0);

    const batches = await storedBatches(topic);
    expect(new Set(batches.map(([c]) => c))).toEqual(new Set([codec]));
    expect(batches.reduce((n, [, count]) => n + count, 0)).toBe(COUNT);
    expect(Math.max(...batches.map(([, count]) => count))).toBeGreaterThanOrEqual(120); // > 64 KiB of records in one batch

    const theirs = await consoleConsume(topic, COUNT);
    expect(theirs.map((m) => ({ ...m, headers: { n: m.headers.n! } })).sort(byValue)).toEqual([...sent].sort(byValue));
    expect(theirs.every((m) => m.headers['sofakafka.producer']?.startsWith('sofakafka/'))).toBe(true);
  }, 120_000);
});
