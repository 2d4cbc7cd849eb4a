import { mkdtempSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leafCommands } from '../helpers/command-tree.js';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { binPath, cli, clusterEnv, spawnCli, uniqueName } from '../helpers/cli.js';
import { independentKafka } from '../helpers/groups.js';
import { freePortRange } from '../helpers/ports.js';
import { freezeBroker } from '../helpers/broker-faults.js';
import { type OwnCluster, startOwnCluster } from '../helpers/own-cluster.js';

/** Nouns whose commands never wait on a cluster. */
const offline = new Set(['local', 'context', 'completion']);

const dir = mkdtempSync(join(tmpdir(), 'sofakafka-timeouts-'));
const passwordFile = join(dir, 'password');
writeFileSync(passwordFile, 'not-used-1234\n', { mode: 0o600 });

/** The least each command needs to get as far as the cluster. A new command must add its line. */
const sampleArgs: Record<string, string[]> = {
  'cluster describe': [],
  'cluster health': [],
  'topic create': ['t1'],
  'topic list': [],
  'topic describe': ['t1'],
  'topic alter': ['t1', '-c', 'retention.ms=1000'],
  'topic add-partitions': ['t1', '--partitions', '4'],
  'topic delete': ['t1', '--yes'],
  'user create': ['u1', '--new-password-file', passwordFile],
  'user list': [],
  'user describe': ['u1'],
  'user passwd': ['u1', '--new-password-file', passwordFile],
  'user delete': ['u1', '--yes'],
  'acl add': ['--allow', 'User:u1', '--operation', 'Read', '--topic', 't1'],
  'acl list': [],
  'acl remove': ['--principal', 'User:u1', '--yes'],
  'msg send': ['-t', 't1', 'hello'],
  'msg consume': ['-t', 't1', '--broadcast'],
  'msg query': ['-t', 't1'],
  'msg trace': ['-t', 't1', '-p', '0', '--offset', '0'],
  'msg resend': ['-t', 't1', '-p', '0', '--offset', '0', '--yes'],
  'group list': [],
  'group describe': ['g1'],
  'group delete': ['g1', '--yes'],
  'offset show': ['g1'],
  'offset reset': ['g1', '-t', 't1', '--to-earliest', '--execute'],
  'unit list': [],
  'unit describe': ['ANT'],
  'router rule add': ['--ns', 'ANT', '--topic', 'T1', '--from', 'CELL1', '--to', 'CELL2'],
  'router rule list': [],
  'router rule remove': ['r1'],
  'router rule enable': ['r1'],
  'router rule disable': ['r1'],
  'router rule history': [],
  'router run': ['--ns', 'ANT'],
  'router status': ['--ns', 'ANT'],
  'perf produce': ['-t', 't1', '--count', '1'],
  'perf consume': ['-t', 't1', '--count', '1'],
  'perf e2e': ['-t', 't1', '--count', '1'],
  'perf table': ['--create-topic', '--count', '1'],
  console: [],
};

function clusterCommands(): string[] {
  return leafCommands().filter(({ argv, entry }) => !offline.has(argv[0]!) && !entry.hidden).map(({ argv }) => argv.join(' '));
}

const TIMEOUT_S = 2;
/** Node's start, the bundle's load and a busy shared machine: generous, but far below a hang. */
const MARGIN_MS = 6000;

async function expectGivesUp(bootstrap: string, command: string): Promise<void> {
  const started = Date.now();
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, SOFAKAFKA_CONFIG: join(dir, 'none.yaml'), SOFAKAFKA_PASSWORD: 'not-used' };
  const args = [...command.split(' '), ...sampleArgs[command]!, '-b', bootstrap, '--username', 'admin', '--timeout', `${TIMEOUT_S}s`];
  const result = await spawnCli(args, { env, timeoutMs: 60_000 });
  const elapsed = Date.now() - started;
  // A worker (router run) logs its start first; the error is still one line.
  const errorLine = result.stderr.split('\n').find((line) => line.startsWith('error:'));
  expect({ command, code: result.code, errorLine }).toEqual({ command, code: 6, errorLine: expect.stringMatching(/^error: (gave up after 2s \(--timeout\)|cannot reach the cluster)/) });
  expect(result.stderr.split('\n').filter((l) => l.startsWith('error:'))).toHaveLength(1);
  expect(result.stdout).toBe('');
  expect({ command, withinBound: elapsed < TIMEOUT_S * 1000 + MARGIN_MS }).toEqual({ command, withinBound: true });
}

async function inBatches(commands: string[], check: (command: string) => Promise<void>, size = 4): Promise<void> {
  for (let i = 0; i < commands.length; i += size) await Promise.all(commands.slice(i, i + size).map(check));
}

describe('--timeout ends every command that waits on the cluster', () => {
  let silent: net.Server;
  let silentAddress: string;
  const sockets = new Set<net.Socket>();

  beforeAll(async () => {
    // Accepts connections and never answers: the worst case, since nothing ever fails.
    silent = net.createServer((socket) => {
      sockets.add(socket);
      socket.on('data', () => undefined);
      socket.on('close', () => sockets.delete(socket));
    });
    const port = await freePortRange(1);
    await new Promise<void>((resolve) => silent.listen(port, '127.0.0.1', resolve));
    silentAddress = `127.0.0.1:${port}`;
  });

  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => silent.close(resolve));
  });

  it('every cluster command has sample arguments here (the walk covers the whole tree)', () => {
    expect(clusterCommands().filter((command) => !sampleArgs[command])).toEqual([]);
    expect(clusterCommands().length).toBeGreaterThan(20);
  });

  it('against a server that accepts and never answers: exit 6, one error line, within the limit', async () => {
    await inBatches(clusterCommands(), (command) => expectGivesUp(silentAddress, command));
  });

  it('against a port where nothing listens: exit 6, one error line, within the limit', async () => {
    const dead = `127.0.0.1:${await freePortRange(1)}`;
    await inBatches(clusterCommands(), (command) => expectGivesUp(dead, command));
  });

  describe('against a broker of our own frozen with SIGSTOP (the port accepts, the JVM never answers)', () => {
    let cluster: OwnCluster | undefined;
    let thaw: (() => void) | undefined;
    beforeAll(async () => {
      cluster = await startOwnCluster({ brokers: 1 });
    }, 300_000);
    afterAll(async () => {
      // A stopped JVM ignores local down's SIGTERM: wake it first, whatever the test did.
      thaw?.();
      await cluster?.stop();
    });

    it('exit 6, one error line, within the limit', { timeout: 600_000 }, async () => {
      thaw = freezeBroker(cluster!, 1);
      try {
        await inBatches(clusterCommands(), (command) => expectGivesUp(cluster!.bootstrap, command));
      } finally {
        thaw();
        thaw = undefined;
      }
    });
  });

  it('a limit beyond what a Node timer holds (25d) does not fire at once', async () => {
    const env = { PATH: process.env.PATH, HOME: process.env.HOME, SOFAKAFKA_CONFIG: join(dir, 'none.yaml') };
    const started = Date.now();
    // The silent server never answers; kill after 4 s. A timer that overflowed would have said "gave up" at once.
    const result = await spawnCli(['topic', 'list', '-b', silentAddress, '--timeout', '25d'], { env, timeoutMs: 4000 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(3500);
    expect(result.stderr).not.toContain('gave up');
  });
});

describe('--timeout bounds each wait of a streaming command, not the stream', () => {
  it('msg consume on a quiet topic with --timeout 2s keeps waiting until --idle-timeout (exit 0, not 6)', async () => {
    const topic = uniqueName('quiet');
    expect((await cli(['topic', 'create', topic])).code).toBe(0);
    const started = Date.now();
    const result = await cli(['msg', 'consume', '-t', topic, '--broadcast', '--timeout', '2s', '--idle-timeout', '6s']);
    expect(result.stderr).not.toContain('gave up');
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('idle timeout');
    expect(Date.now() - started).toBeGreaterThanOrEqual(6000);
  });

  it('msg send whose stdin arrives slowly (4 s) with --timeout 2s: waiting on the input is not waiting on the cluster', async () => {
    const topic = uniqueName('slow-stdin');
    expect((await cli(['topic', 'create', topic])).code).toBe(0);
    const child = spawn(process.execPath, [binPath, 'msg', 'send', '-t', topic, '--timeout', '2s'], { env: clusterEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    for (let i = 0; i < 8; i++) {
      child.stdin.write(`slow-${i}\n`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    child.stdin.end();
    const [code] = (await once(child, 'close')) as [number];
    expect(stderr).not.toContain('gave up');
    expect(code).toBe(0);
    const offsets = await latestOffset(topic);
    expect(offsets).toBe(8);
  });
});

async function latestOffset(topic: string): Promise<number> {
  const admin = independentKafka('timeouts').admin();
  await admin.connect();
  try {
    return (await admin.fetchTopicOffsets(topic)).reduce((sum, p) => sum + Number(p.high), 0);
  } finally {
    await admin.disconnect();
  }
}
