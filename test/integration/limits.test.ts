import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, openSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import { beforeAll, describe, expect, it } from 'vitest';
import { binPath, cli, clusterEnv, uniqueName } from '../helpers/cli.js';
import { independentKafka } from '../helpers/groups.js';
import { listTopicNames } from '../helpers/read-back.js';

/** Inputs at the limits, against the real cluster; every result is checked with an independent kafkajs client. */

const dir = mkdtempSync(join(tmpdir(), 'sofakafka-limits-'));
let kafka: Kafka;

beforeAll(() => {
  kafka = independentKafka('limits-tests');
});

/** Messages in the topic: the sum over partitions of high watermark − log start, asked of the broker by kafkajs. */
async function messageCount(topic: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets.reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
  } finally {
    await admin.disconnect();
  }
}


/** Every message of a topic, read from the beginning by kafkajs: key and value as the broker holds them. */
async function readAll(topic: string, expected: number): Promise<Array<{ key: Buffer | null; value: Buffer | null }>> {
  const consumer = kafka.consumer({ groupId: uniqueName('limits-reader') });
  const received: Array<{ offset: number; key: Buffer | null; value: Buffer | null }> = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => { received.push({ offset: Number(message.offset), key: message.key, value: message.value }); } });
    const deadline = Date.now() + 30_000;
    while (received.length < expected && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  } finally {
    await consumer.disconnect();
  }
  return received.sort((a, b) => a.offset - b.offset).map(({ key, value }) => ({ key, value }));
}

describe('a message above the topic\'s max.message.bytes', () => {
  it('is refused with Kafka\'s own words (exit 7), and nothing is reported as sent or written', async () => {
    const topic = uniqueName('too-big');
    expect((await cli(['topic', 'create', topic, '--partitions', '1', '-c', 'max.message.bytes=1024'])).code).toBe(0);
    const result = await cli(['msg', 'send', '-t', topic, '--mode', 'sync', 'x'.repeat(4096), '-o', 'json']);
    expect(result.code).toBe(7);
    expect(result.stderr).toMatch(/larger than the max message size/i);
    expect(result.stdout).not.toMatch(/"status":\s*"sent"/);
    expect(await messageCount(topic)).toBe(0);
  });

  it('in a batch with small ones: what is reported as sent is exactly what the topic holds', async () => {
    const topic = uniqueName('too-big-mixed');
    expect((await cli(['topic', 'create', topic, '--partitions', '1', '-c', 'max.message.bytes=1024'])).code).toBe(0);
    const input = ['small-1', 'y'.repeat(4096), 'small-2'].map((value) => JSON.stringify({ value })).join('\n');
    const result = await cli(['msg', 'send', '-t', topic, '--format', 'ndjson', '--mode', 'sync', '-o', 'ndjson'], { stdin: `${input}\n` });
    expect([7, 8]).toContain(result.code);
    expect(result.stderr).toMatch(/larger than the max message size/i);
    const rows = result.stdout.trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as { line: number; status: string; offset?: number | null });
    const sent = rows.filter((row) => row.status === 'sent');
    expect(rows.find((row) => row.line === 2)?.status ?? 'not reported').not.toBe('sent');
    expect(await messageCount(topic)).toBe(sent.length);
  });
});

describe('1,000,000 NDJSON lines on stdin', () => {
  it('are all sent, with peak memory under a bound (measured figure in docs/messages.md)', async () => {
    const topic = uniqueName('million');
    expect((await cli(['topic', 'create', topic, '--partitions', '3'])).code).toBe(0);
    const inputPath = join(dir, 'million.ndjson');
    const lines: string[] = [];
    for (let i = 0; i < 1_000_000; i++) lines.push(`{"key":"k${i % 1000}","value":"message ${i}"}`);
    writeFileSync(inputPath, `${lines.join('\n')}\n`);
    lines.length = 0;

    // GNU time reports the child's peak resident set (VmHWM) in KB on its last stderr line.
    const child = spawn('/usr/bin/time', ['-f', 'peak-rss-kb=%M', process.execPath, binPath, 'msg', 'send', '-t', topic, '--format', 'ndjson', '--mode', 'async', '--no-msg-id', '-o', process.env.LIMITS_OUTPUT ?? 'ndjson', '--timeout', '60s'], {
      env: clusterEnv(), stdio: [openSync(inputPath, 'r'), 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (chunk) => (stderr += chunk));
    const started = Date.now();
    const [code] = await once(child, 'close') as [number];
    const seconds = (Date.now() - started) / 1000;
    const peakKb = Number(/peak-rss-kb=(\d+)/.exec(stderr)?.[1]);
    console.log(`msg send: 1,000,000 NDJSON lines from stdin in ${seconds.toFixed(1)} s, peak RSS ${Math.round(peakKb / 1024)} MB`);
    expect({ code, tail: stderr.split('\n').slice(-4).join('\n') }).toMatchObject({ code: 0 });
    expect(peakKb).toBeGreaterThan(0);
    // The input (45 MB) is held whole, its messages one window at a time: measured 320–375 MB (it was
    // 1.4 GB when every message was held); the bound is generous but catches a return to that.
    expect(peakKb / 1024).toBeLessThan(640);
    expect(await messageCount(topic)).toBe(1_000_000);
  }, 300_000);
});

describe('binary keys and values, invalid UTF-8', () => {
  it('round-trip byte for byte: msg send (base64 NDJSON) → kafkajs, msg query and msg consume', async () => {
    const topic = uniqueName('binary');
    expect((await cli(['topic', 'create', topic, '--partitions', '1'])).code).toBe(0);
    const samples = [
      { key: Buffer.from([0xff, 0xfe, 0x00, 0x80]), value: Buffer.from([0xc3, 0x28, 0xa0, 0xa1, 0xed, 0xa0, 0x80]) }, // invalid UTF-8 sequences
      { key: Buffer.from([0x00]), value: Buffer.from('\u0000\r\n"\\ text with controls', 'utf8') },
      { key: randomBytes(64), value: randomBytes(4096) },
      { key: Buffer.alloc(0), value: Buffer.alloc(0) },
    ];
    const input = samples.map((s) => JSON.stringify({ key: s.key.toString('base64'), keyEncoding: 'base64', value: s.value.toString('base64'), valueEncoding: 'base64' })).join('\n');
    const sent = await cli(['msg', 'send', '-t', topic, '--format', 'ndjson', '--mode', 'sync', '--no-msg-id'], { stdin: `${input}\n` });
    expect(sent.code).toBe(0);

    const stored = await readAll(topic, samples.length);
    expect(stored.map((m) => [m.key?.toString('hex'), m.value?.toString('hex')])).toEqual(samples.map((s) => [s.key.toString('hex'), s.value.toString('hex')]));

    const decode = (data: string | null, encoding: string | null) => (data === null ? null : Buffer.from(data, encoding === 'base64' ? 'base64' : 'utf8').toString('hex'));
    const queried = await cli(['msg', 'query', '-t', topic, '-o', 'ndjson']);
    expect(queried.code).toBe(0);
    const queriedBytes = queried.stdout.trim().split('\n').map((line) => JSON.parse(line) as { key: string | null; keyEncoding: string | null; value: string | null; valueEncoding: string | null })
      .map((m) => [decode(m.key, m.keyEncoding), decode(m.value, m.valueEncoding)]);
    expect(queriedBytes).toEqual(samples.map((s) => [s.key.toString('hex'), s.value.toString('hex')]));

    const consumed = await cli(['msg', 'consume', '-t', topic, '--from', 'beginning', '--count', String(samples.length), '-o', 'ndjson', '--broadcast']);
    expect(consumed.code).toBe(0);
    const consumedBytes = consumed.stdout.trim().split('\n').map((line) => JSON.parse(line) as { key: string | null; keyEncoding: string | null; value: string | null; valueEncoding: string | null })
      .map((m) => [decode(m.key, m.keyEncoding), decode(m.value, m.valueEncoding)]);
    expect(consumedBytes).toEqual(samples.map((s) => [s.key.toString('hex'), s.value.toString('hex')]));

    // What consume printed can be sent again and lands as the same bytes.
    const copy = uniqueName('binary-copy');
    expect((await cli(['topic', 'create', copy, '--partitions', '1'])).code).toBe(0);
    const resent = await cli(['msg', 'send', '--format', 'ndjson', '-t', copy, '--mode', 'sync', '--no-msg-id'], {
      stdin: consumed.stdout.trim().split('\n').map((line) => JSON.stringify({ ...JSON.parse(line) as object, topic: copy })).join('\n'),
    });
    expect(resent.code).toBe(0);
    expect((await readAll(copy, samples.length)).map((m) => m.value?.toString('hex'))).toEqual(samples.map((s) => s.value.toString('hex')));
  });
});

describe('topic names at Kafka\'s limit', () => {
  it('249 characters: create, describe, send, query and delete work', async () => {
    const prefix = uniqueName('n');
    const name = prefix + 'x'.repeat(249 - prefix.length);
    expect(name).toHaveLength(249);
    expect((await cli(['topic', 'create', name, '--partitions', '1'])).code).toBe(0);
    const described = await cli(['topic', 'describe', name, '-o', 'json']);
    expect(described.code).toBe(0);
    expect(described.json<Array<{ name: string }>>()[0]!.name).toBe(name);
    expect((await cli(['msg', 'send', '-t', name, '--mode', 'sync', 'at-the-limit'])).code).toBe(0);
    const queried = await cli(['msg', 'query', '-t', name, '-o', 'ndjson']);
    expect(queried.code).toBe(0);
    expect(JSON.parse(queried.stdout.trim()) as { value: string }).toMatchObject({ value: 'at-the-limit' });
    expect(await messageCount(name)).toBe(1);
    expect((await cli(['topic', 'delete', name, '--yes'])).code).toBe(0);
    expect(await listTopicNames(kafka)).not.toContain(name);
  });

  it('250 characters: exit 2 and nothing created', async () => {
    const prefix = uniqueName('n');
    const name = prefix + 'y'.repeat(250 - prefix.length);
    const result = await cli(['topic', 'create', name]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/249/);
    expect((await cli(['msg', 'send', '-t', name, '--create', 'v'])).code).toBe(2);
    expect(await listTopicNames(kafka)).not.toContain(name);
  });
});
