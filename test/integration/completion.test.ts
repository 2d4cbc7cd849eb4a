import { copyFileSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import type { Admin } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Io } from '../../src/io.js';
import { run } from '../../src/main.js';
import { binPath, cli, clusterEnv, sharedCluster, spawnCli, uniqueName } from '../helpers/cli.js';
import { independentKafka } from '../helpers/groups.js';
import { freePortRange } from '../helpers/ports.js';
import { runProcess } from '../helpers/run-process.js';

const work = mkdtempSync(join(tmpdir(), 'sofakafka-completion-'));
const complete = (words: string[], env?: NodeJS.ProcessEnv) => cli(['__complete', '--', ...words], env ? { env } : {});
const lines = (stdout: string) => stdout.split('\n').filter(Boolean);

describe('__complete against the real cluster', () => {
  const topics = [uniqueName('compl-orders'), uniqueName('compl-payments')];
  const group = uniqueName('compl-billing');
  let admin: Admin;

  beforeAll(async () => {
    // Set up with a client of the tests' own, so the names come from the cluster, not from sofakafka.
    admin = independentKafka('completion-tests').admin();
    await admin.connect();
    await admin.createTopics({ topics: topics.map((topic) => ({ topic, numPartitions: 1 })), waitForLeaders: true });
    await admin.setOffsets({ groupId: group, topic: topics[0]!, partitions: [{ partition: 0, offset: '0' }] });
  });
  afterAll(async () => {
    await admin.disconnect();
    rmSync(work, { recursive: true, force: true });
  });

  it('offers the topics that exist as the operand of topic describe, and after --topic, by prefix', async () => {
    const all = await complete(['topic', 'describe', '']);
    expect(all.code).toBe(0);
    expect(lines(all.stdout)).toEqual(expect.arrayContaining(topics));
    expect(lines(all.stdout)).not.toContain('__consumer_offsets');
    const byPrefix = await complete(['msg', 'query', '--topic', topics[1]!.slice(0, -2)]);
    expect(lines(byPrefix.stdout)).toEqual([topics[1]]);
    const attached = await complete(['msg', 'query', `--topic=${topics[0]!.slice(0, -1)}`]);
    expect(lines(attached.stdout)).toEqual([`--topic=${topics[0]}`]);
    expect(lines((await complete(['topic', 'describe', '__consumer_o'])).stdout)).toEqual(['__consumer_offsets']);
  });

  it('offers the groups after --group and users for user describe', async () => {
    expect(lines((await complete(['offset', 'show', '--group', ''])).stdout)).toContain(group);
    expect(lines((await complete(['group', 'describe', group.slice(0, -1)])).stdout)).toEqual([group]);
    expect(lines((await complete(['user', 'describe', ''])).stdout)).toContain('admin');
  });

  it('offers the contexts of the config file, and looks names up in the context the line names', async () => {
    const config = join(work, 'config.yaml');
    copyFileSync(sharedCluster().configPath, config);
    const env = clusterEnv({ SOFAKAFKA_CONFIG: config });
    const deadPort = await freePortRange(1);
    expect((await cli(['context', 'add', 'nowhere', '-b', `127.0.0.1:${deadPort}`, '--use'], { env })).code).toBe(0);

    expect(lines((await complete(['context', 'use', ''], env)).stdout).sort()).toEqual(['local', 'nowhere']);
    expect(lines((await complete(['--context', 'n'], env)).stdout)).toEqual(['nowhere']);
    expect((await complete(['topic', 'describe', ''], env)).stdout).toBe('');
    expect(lines((await complete(['--context', 'local', 'topic', 'describe', ''], env)).stdout)).toEqual(expect.arrayContaining(topics));
  });
});

describe('__complete when the cluster cannot answer', () => {
  let silent: Server;
  let silentPort: number;
  const accepted = new Set<Socket>();
  beforeAll(async () => {
    // Accepts connections and never answers: only the bound ends the lookup.
    silent = createServer((socket) => accepted.add(socket));
    silentPort = await freePortRange(1);
    await new Promise<void>((resolve) => silent.listen(silentPort, '127.0.0.1', resolve));
  });
  afterAll(() => new Promise<void>((resolve) => {
    accepted.forEach((socket) => socket.destroy());
    silent.close(() => resolve());
  }));

  it('a dead port prints nothing, on stdout or stderr, and exits 0 at once', async () => {
    const deadPort = await freePortRange(1);
    const started = Date.now();
    const result = await complete(['-b', `127.0.0.1:${deadPort}`, 'topic', 'describe', '']);
    expect(result).toMatchObject({ code: 0, stdout: '', stderr: '' });
    expect(Date.now() - started).toBeLessThan(2_500);
  });

  it('a cluster that never answers prints nothing and exits 0 within the 2 s bound, the binary too', async () => {
    let started = Date.now();
    const inProcess = await complete(['-b', `127.0.0.1:${silentPort}`, 'group', 'describe', '']);
    expect(inProcess).toMatchObject({ code: 0, stdout: '', stderr: '' });
    expect(Date.now() - started).toBeLessThan(2_500);
    started = Date.now();
    const binary = await spawnCli(['__complete', '--', '-b', `127.0.0.1:${silentPort}`, 'topic', 'describe', '']);
    expect(binary).toMatchObject({ code: 0, stdout: '', stderr: '' });
    expect(Date.now() - started).toBeLessThan(3_500);
  });

  it('never prompts for a password, even on a terminal', async () => {
    const config = join(work, 'no-password.yaml');
    const env = clusterEnv({ SOFAKAFKA_CONFIG: config });
    expect((await cli(['context', 'add', 'asks', '-b', sharedCluster().bootstrap, '--username', 'admin', '--use'], { env })).code).toBe(0);
    const terminal = <T extends object>(stream: T) => Object.assign(stream, { isTTY: true });
    const stdout = new PassThrough();
    const stderr = terminal(new PassThrough());
    let written = '';
    stdout.on('data', (chunk) => (written += chunk));
    stderr.on('data', (chunk) => (written += chunk));
    const io: Io = { stdout, stderr, stdin: terminal(new PassThrough()), env };
    const started = Date.now();
    expect(await run(['__complete', '--', 'topic', 'describe', ''], io)).toBe(0);
    expect(written).toBe('');
    expect(Date.now() - started).toBeLessThan(2_500);
  });
});

describe('bash completion with the built binary', () => {
  const topic = uniqueName('compl-bash');
  let pathDir: string;
  beforeAll(async () => {
    const admin = independentKafka('completion-bash').admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
    await admin.disconnect();
    // `sofakafka` on PATH, as an installed one would be.
    pathDir = mkdtempSync(join(tmpdir(), 'sofakafka-path-'));
    symlinkSync(binPath, join(pathDir, 'sofakafka'));
  });
  afterAll(() => rmSync(pathDir, { recursive: true, force: true }));

  /** What bash offers after `sofakafka <words>` (the last word is the one under the cursor). */
  async function bashOffers(...words: string[]): Promise<string[]> {
    const script = `source <(sofakafka completion bash)
COMP_WORDS=(sofakafka "$@"); COMP_CWORD=$#
_sofakafka
printf '%s\\n' "\${COMPREPLY[@]}"`;
    const env = { ...clusterEnv(), PATH: `${pathDir}:${process.env.PATH}` };
    const result = await runProcess('bash', ['-c', script, 'bash', ...words], { env, timeoutMs: 30_000 });
    expect(result.stderr).toBe('');
    return lines(result.stdout);
  }

  it('completes nouns, verbs, flags, flag choices and topic names', async () => {
    expect(await bashOffers('to')).toEqual(['topic']);
    expect(await bashOffers('topic', 'add')).toEqual(['add-partitions']);
    expect(await bashOffers('topic', 'create', '--replication')).toEqual(['--replication-factor']);
    expect(await bashOffers('topic', 'list', '--output', 'n')).toEqual(['ndjson']);
    expect(await bashOffers('topic', 'describe', topic.slice(0, -1))).toEqual([topic]);
    expect(await bashOffers('msg', 'send', '--topic', '=', topic.slice(0, -1))).toEqual([topic]);
  });
});
