import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { binPath, cli, clusterEnv, sharedCluster, uniqueName } from '../helpers/cli.js';
import { independentKafka, topicExists } from '../helpers/groups.js';
import { createTopic, produce } from '../helpers/query-kafka.js';
import { endOffsets, listTopicNames, readBack } from '../helpers/read-back.js';
import { adminProperties, kafkaTool } from '../helpers/kafka-tools.js';
import { onTerminal } from '../helpers/pty.js';

const kafka = independentKafka('perf-tests');
const stored = async (topic: string) => (await endOffsets(kafka, topic)).reduce((sum, n) => sum + n, 0);
const throwaways = async () => (await listTopicNames(kafka)).filter((name) => name.startsWith('sofakafka-perf-')).sort();

/**
 * Throwaway topics that appeared since `before` and stay: another file's perf runs (json-shapes)
 * create and delete their own meanwhile, so a new one counts only if it is still there 15 s on.
 */
async function leftBehind(before: string[]): Promise<string[]> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const added = (await throwaways()).filter((name) => !before.includes(name));
    if (!added.length || Date.now() > deadline) return added;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** What Kafka's own GetOffsetShell counts on a topic (every topic here starts at offset 0). */
async function countedByKafka(topic: string): Promise<number> {
  const result = await kafkaTool('org.apache.kafka.tools.GetOffsetShell', ['--bootstrap-server', sharedCluster().bootstrap, '--command-config', adminProperties(), '--topic', topic]);
  expect(result.code).toBe(0);
  return result.stdout.trim().split('\n').reduce((sum, line) => sum + Number(line.split(':').at(-1)), 0);
}

interface Latency { samples: number; avg: number; max: number; p50: number; p95: number; p99: number; p999: number }
interface ProduceJson {
  stored: number | null;
  topic: string; topicCreated: boolean; topicDeleted: boolean; settings: Record<string, unknown>;
  records: number; errors: number; bytes: number; elapsedMs: number; recordsPerSecond: number; mbPerSecond: number;
  latencyMs: Latency; stoppedBy: string; error: string | null; intervals: unknown[];
}

describe('perf: bad options are usage errors and create nothing', () => {
  it.each([
    [['perf', 'produce', '--create-topic']],
    [['perf', 'produce', '--count', '10']],
    [['perf', 'produce', '-t', 'x', '--create-topic', '--count', '10']],
    [['perf', 'produce', '--create-topic', '--count', '10', '--acks', '2']],
    [['perf', 'produce', '--create-topic', '--count', '10', '--mode', 'oneway', '--acks', 'all']],
    [['perf', 'produce', '--create-topic', '--count', '10', '--rate', '-1']],
    [['perf', 'produce', '--create-topic', '--count', '10', '--batch-size', '0']],
    [['perf', 'produce', '--create-topic', '--count', '10', '--producers', '0']],
    [['perf', 'produce', '--create-topic', '--count', '10', '--linger', 'later']],
    [['perf', 'produce', '--create-topic', '--count', '10', '--size', '0']],
    [['perf', 'produce', '--create-topic', '--duration', '0']],
    [['perf', 'consume', '--create-topic', '--duration', '5s']],
    [['perf', 'consume', '--create-topic', '--count', '10', '-g', 'g', '--broadcast']],
    [['perf', 'e2e', '--create-topic', '--count', '10', '--acks', '0']],
    [['perf', 'table', '--create-topic', '--size', '10']],
    [['perf', 'table', '--create-topic', '--interval', '1ms']],
  ])('%j: exit 2, one error line, no topic created', async (argv) => {
    const before = await throwaways();
    const result = await cli(argv);
    expect({ code: result.code, stdout: result.stdout }).toEqual({ code: 2, stdout: '' });
    expect(result.stderr).toMatch(/^error: /);
    expect(await leftBehind(before)).toEqual([]);
    // Refused before any connection: against a port where nothing listens it is still exit 2, not 6.
    const offline = await cli([...argv, '-b', '127.0.0.1:1'], { env: { PATH: process.env.PATH, HOME: process.env.HOME, SOFAKAFKA_CONFIG: '/nonexistent/config.yaml' } });
    expect(offline.code).toBe(2);
  });
});

describe('perf refuses a topic holding records it did not write', () => {
  it.each([['produce'], ['consume'], ['e2e']])('perf %s: exit 2, nothing written (counted by another client); --yes runs', async (command) => {
    const topic = uniqueName(`perf-foreign-${command}`);
    await createTopic(topic, 1);
    await produce(kafka, topic, Array.from({ length: 5 }, (_, i) => ({ value: `theirs-${i}` })));
    const refused = await cli(['perf', command, '-t', topic, '--count', '20']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`topic "${topic}" already holds 5 records this run did not write`);
    expect(refused.stderr).toContain('--yes');
    expect(await stored(topic)).toBe(5);
    expect(await topicExists(topic)).toBe(true);

    const allowed = await cli(['perf', command, '-t', topic, '--count', '20', '--yes', '-o', 'json']);
    expect(allowed.code).toBe(0);
    // consume reads the 5 it found; produce and e2e add their 20.
    expect(await stored(topic)).toBe(command === 'consume' ? 5 : 25);
    expect(allowed.json<{ topicDeleted: boolean }>().topicDeleted).toBe(false);
    expect(await topicExists(topic)).toBe(true);
  });
});

describe('perf produce', () => {
  it('on an existing empty topic: what it reports sent is what Kafka\'s GetOffsetShell counts; the topic is kept', async () => {
    const topic = uniqueName('perf-produce');
    await createTopic(topic, 3);
    const result = await cli(['perf', 'produce', '-t', topic, '--count', '2500', '--size', '100', '-o', 'json']);
    expect(result.code).toBe(0);
    const run = result.json<ProduceJson>();
    expect(run).toMatchObject({ topic, topicCreated: false, topicDeleted: false, records: 2500, errors: 0, bytes: 250_000, stoppedBy: 'count', error: null });
    expect(await countedByKafka(topic)).toBe(2500);
    expect((await readBack(kafka, topic, 2500)).every((m) => m.value.length === 100)).toBe(true);
    const { p50, p95, p99, p999, max } = run.latencyMs;
    expect(p50 <= p95 && p95 <= p99 && p99 <= p999 && p999 <= max).toBe(true);
    expect(run.latencyMs.samples).toBe(2500);
  });

  it('--create-topic makes a throwaway topic and deletes it afterwards', async () => {
    const result = await cli(['perf', 'produce', '--create-topic', '--partitions', '2', '--count', '500', '--mode', 'oneway', '-o', 'json']);
    expect(result.code).toBe(0);
    const run = result.json<ProduceJson>();
    // acks=0 confirms nothing: the run reads the end offsets before it closes (and so before the topic goes).
    expect(run).toMatchObject({ topicCreated: true, topicDeleted: true, records: 500, stored: 500, settings: expect.objectContaining({ acks: '0', mode: 'oneway' }) });
    expect(run.topic).toMatch(/^sofakafka-perf-/);
    expect(await topicExists(run.topic)).toBe(false);
  });

  it('--keys K: keyed records over K keys, each key on one partition only', async () => {
    const topic = uniqueName('perf-keys');
    await createTopic(topic, 4);
    expect((await cli(['perf', 'produce', '-t', topic, '--count', '400', '--keys', '5', '--size', '10', '--mode', 'sync', '-o', 'json'])).code).toBe(0);
    const messages = await readBack(kafka, topic, 400);
    expect(messages).toHaveLength(400);
    const partitionsOfKey = new Map<string, Set<number>>();
    for (const m of messages) partitionsOfKey.set(m.key!, (partitionsOfKey.get(m.key!) ?? new Set()).add(m.partition));
    expect([...partitionsOfKey.keys()].sort()).toEqual(['key-0', 'key-1', 'key-2', 'key-3', 'key-4']);
    expect([...partitionsOfKey.values()].every((partitions) => partitions.size === 1)).toBe(true);
  });

  it('-o ndjson: interval lines as they come, then one total line; --rate and --duration bound the run', async () => {
    const topic = uniqueName('perf-ndjson');
    await createTopic(topic, 1);
    const result = await cli(['perf', 'produce', '-t', topic, '--duration', '3s', '--rate', '200', '--interval', '500ms', '-o', 'ndjson']);
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    const total = lines.at(-1)!;
    expect(lines.slice(0, -1).length).toBeGreaterThanOrEqual(2);
    for (const line of lines.slice(0, -1)) expect(Object.keys(line).sort()).toEqual(['atMs', 'avgLatencyMs', 'maxLatencyMs', 'mbPerSecond', 'records', 'recordsPerSecond', 'type']);
    expect(lines.slice(0, -1).every((line) => line.type === 'interval')).toBe(true);
    expect(total).toMatchObject({ type: 'total', stoppedBy: 'duration' });
    // At 200 records/s for 3 s: never more than the rate allows.
    expect(total.records).toBeLessThanOrEqual(601);
    expect(await stored(topic)).toBe(total.records);
  });

  it('on a terminal: a line per interval on stderr as ProducerPerformance prints it; the totals on stdout', async () => {
    const topic = uniqueName('perf-terminal');
    await createTopic(topic, 1);
    const result = await onTerminal(['perf', 'produce', '-t', topic, '--duration', '3s', '--rate', '200', '--interval', '500ms'], []);
    expect(result.code).toBe(0);
    const lines = result.terminal.split(/\r?\n/).filter((line) => line.includes('records sent'));
    expect(lines.length).toBeGreaterThanOrEqual(2);
    for (const line of lines) expect(line).toMatch(/^\d+ records sent, [\d.]+ records\/sec \([\d.]+ MB\/sec\), [\d.]+ ms avg latency, [\d.]+ ms max latency\.$/);
    expect(result.stdout).toMatch(/records sent\s+[\d,]+ \(0 errors, stopped by duration\)/);
    expect(result.stdout).toMatch(/latency p50 \/ p95 \/ p99 \/ p99\.9\s+[\d.]+ \/ [\d.]+ \/ [\d.]+ \/ [\d.]+ ms/);
    expect(result.stdout).not.toContain('records/sec');
  });

  it('-o json: one document with the settings, totals, percentiles and intervals', async () => {
    const result = await cli(['perf', 'produce', '--create-topic', '--count', '100', '-o', 'json']);
    const run = result.json<ProduceJson>();
    expect(Object.keys(run).sort()).toEqual(['bytes', 'elapsedMs', 'error', 'errors', 'intervals', 'latencyMs', 'mbPerSecond', 'records', 'recordsPerSecond', 'settings', 'stoppedBy', 'stored', 'topic', 'topicCreated', 'topicDeleted']);
    expect(Object.keys(run.settings).sort()).toEqual(['acks', 'batchSize', 'compression', 'count', 'durationMs', 'inFlight', 'keys', 'lingerMs', 'mode', 'producers', 'rate', 'size']);
    expect(Object.keys(run.latencyMs).sort()).toEqual(['avg', 'max', 'p50', 'p95', 'p99', 'p999', 'samples']);
    expect(run.settings).toMatchObject({ acks: 'all', count: 100, durationMs: null });
    expect(run.stored).toBeNull();
  });

  it('--timeout bounds each wait on the cluster, not the run: a 5 s run with --timeout 2s ends by its duration (exit 0)', async () => {
    const topic = uniqueName('perf-timeout');
    await createTopic(topic, 1);
    const result = await cli(['perf', 'produce', '-t', topic, '--duration', '5s', '--rate', '20', '--timeout', '2s', '-o', 'json']);
    expect(result.stderr).not.toContain('gave up');
    expect(result.code).toBe(0);
    expect(result.json()).toMatchObject({ stoppedBy: 'duration' });
    expect(await stored(topic)).toBe(result.json<ProduceJson>().records);
  });

  it('Ctrl-C stops the run: the totals so far, exit 130, the throwaway topic deleted', async () => {
    const child = spawn(process.execPath, [binPath, 'perf', 'produce', '--create-topic', '--duration', '120s', '--rate', '100', '--interval', '300ms', '-o', 'ndjson'], { env: clusterEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const firstInterval = new Promise<void>((resolve) => child.stdout.on('data', (chunk) => {
      stdout += chunk;
      if (stdout.includes('"interval"')) resolve();
    }));
    await firstInterval;
    child.kill('SIGINT');
    const [code] = await new Promise<[number | null]>((resolve) => child.on('exit', (exitCode) => resolve([exitCode])));
    expect({ code, stderr }).toEqual({ code: 130, stderr: '' });
    const total = JSON.parse(stdout.trim().split('\n').at(-1)!) as ProduceJson;
    expect(total).toMatchObject({ stoppedBy: 'interrupted', topicCreated: true, topicDeleted: true });
    expect(total.records).toBeGreaterThan(0);
    expect(await topicExists(total.topic)).toBe(false);
  }, 60_000);
});

describe('perf consume', () => {
  it('reads what another client wrote, counting records and key+value bytes as it does; stops at the end it found', async () => {
    const topic = uniqueName('perf-consume');
    await createTopic(topic, 3);
    const messages = Array.from({ length: 300 }, (_, i) => ({ key: `k${i % 7}`, value: `value-${i}` }));
    await produce(kafka, topic, messages);
    const bytes = messages.reduce((sum, m) => sum + m.key.length + m.value.length, 0);
    const counted = await cli(['perf', 'consume', '-t', topic, '--yes', '--count', '300', '-o', 'json']);
    expect(counted.json()).toMatchObject({ records: 300, bytes, stoppedBy: 'count', topicDeleted: false });
    const toEnd = await cli(['perf', 'consume', '-t', topic, '--yes', '--count', '1000', '-o', 'json']);
    expect(toEnd.json()).toMatchObject({ records: 300, bytes, stoppedBy: 'end' });
    const fewer = await cli(['perf', 'consume', '-t', topic, '--yes', '--count', '120', '-o', 'json']);
    expect(fewer.json()).toMatchObject({ records: 120, stoppedBy: 'count' });
  });

  it('as a group member (-g): every record once, and the group exists afterwards as Kafka\'s admin sees it', async () => {
    const topic = uniqueName('perf-consume-group');
    const group = uniqueName('perf-group');
    await createTopic(topic, 2);
    await produce(kafka, topic, Array.from({ length: 200 }, (_, i) => ({ value: `v${i}` })));
    const result = await cli(['perf', 'consume', '-t', topic, '--yes', '-g', group, '--count', '200', '-o', 'json']);
    expect(result.code).toBe(0);
    expect(result.json()).toMatchObject({ records: 200, group, stoppedBy: 'count' });
    const admin = kafka.admin();
    await admin.connect();
    try {
      expect((await admin.listGroups()).groups.map((g) => g.groupId)).toContain(group);
    } finally {
      await admin.disconnect();
    }
  });

  it('--create-topic writes --count records first, reads them back, and deletes the topic', async () => {
    const result = await cli(['perf', 'consume', '--create-topic', '--count', '1000', '--size', '64', '-o', 'json']);
    expect(result.code).toBe(0);
    const run = result.json<{ topic: string; written: number; records: number; bytes: number; topicDeleted: boolean; fetches: number }>();
    expect(run).toMatchObject({ written: 1000, records: 1000, bytes: 64_000, topicDeleted: true });
    expect(run.fetches).toBeGreaterThan(0);
    expect(await topicExists(run.topic)).toBe(false);
  });
});

describe('perf e2e', () => {
  it('one record at a time, each read back: the count matches Kafka\'s GetOffsetShell, the percentiles are ordered', async () => {
    const topic = uniqueName('perf-e2e');
    await createTopic(topic, 1);
    const result = await cli(['perf', 'e2e', '-t', topic, '--count', '30', '--size', '200', '-o', 'json']);
    expect(result.code).toBe(0);
    const run = result.json<{ records: number; latencyMs: Latency; stoppedBy: string; partition: number }>();
    expect(run).toMatchObject({ records: 30, stoppedBy: 'count', partition: 0 });
    expect(await countedByKafka(topic)).toBe(30);
    const { p50, p99, p999, max, samples } = run.latencyMs;
    expect(samples).toBe(30);
    expect(p50 > 0 && p50 <= p99 && p99 <= p999 && p999 <= max).toBe(true);
  });
});

describe('perf table', () => {
  it('our TPS beside the whitepaper\'s rows, with the broker count and the client\'s cores; what it sent is what GetOffsetShell counts', async () => {
    const topic = uniqueName('perf-table');
    await createTopic(topic, 2);
    const result = await cli(['perf', 'table', '-t', topic, '--count', '3000', '-o', 'json']);
    expect(result.code).toBe(0);
    const table = result.json<{ case: unknown; whitepaper: Array<{ pod: string; tps: number; ratio: number }>; cluster: { brokers: number; clientCores: number; topic: string; topicDeleted: boolean; partitions: number; replicationFactor: number }; measured: { records: number; recordsPerSecond: number } }>();
    expect(table.case).toEqual({ size: 1024, acks: 'all' });
    expect(table.whitepaper.map((row) => [row.pod, row.tps])).toEqual([['4C8G', 5000], ['16C60G', 20000]]);
    expect(table.whitepaper[0]!.ratio).toBeCloseTo(table.measured.recordsPerSecond / 5000, 6);
    expect(table.cluster).toMatchObject({ brokers: 1, clientCores: availableParallelism(), topic, topicDeleted: false, partitions: 2, replicationFactor: 1 });
    expect(table.measured.records).toBe(3000);
    expect(await countedByKafka(topic)).toBe(3000);
  });

  it('--create-topic: the table on a terminal-less stdout, the throwaway topic deleted', async () => {
    const before = await throwaways();
    const shown = await cli(['perf', 'table', '--create-topic', '--count', '500']);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(/whitepaper 4C8G\s+3\s+4 per broker\s+500GB SSD\s+5,000/);
    expect(shown.stdout).toMatch(/whitepaper 16C60G\s+3\s+16 per broker\s+2TB SSD\s+20,000/);
    expect(shown.stdout).toMatch(/this cluster\s+1\s+client: \d+/);
    expect(await leftBehind(before)).toEqual([]);
  });
});
