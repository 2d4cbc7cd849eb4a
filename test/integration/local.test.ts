import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureKafkaRuntime, verifyCache } from '../../src/local/jars.js';
import { sharedCluster, spawnCli } from '../helpers/cli.js';
import { clientProperties, kafkaTool } from '../helpers/kafka-tools.js';
import { freePortRange } from '../helpers/ports.js';
import { processesMentioning } from '../helpers/processes.js';

const work = mkdtempSync(join(tmpdir(), 'sofakafka-local-'));
const baseEnv = (extra: NodeJS.ProcessEnv = {}) => ({ PATH: process.env.PATH, HOME: process.env.HOME, SOFAKAFKA_CONFIG: join(work, 'config.yaml'), ...extra });

// Each step starts a JVM (a broker, or Kafka's own tools): generous limits for a busy 2-core machine.
describe('local up / down lifecycle', { timeout: 240_000 }, () => {
  const dataDir = join(work, 'lifecycle');
  let port: number;
  beforeAll(async () => {
    port = await freePortRange(2);
  });
  afterAll(async () => {
    await spawnCli(['local', 'down', '--dir', dataDir, '--purge', '--yes'], { env: baseEnv() });
  });

  const serverLog = join(dataDir, 'node-1', 'server.log');
  const up = () => spawnCli(['local', 'up', '--dir', dataDir, '--port', String(port), '-o', 'json'], { env: baseEnv() });
  const adminPassword = () => /password: (\S+)/.exec(readFileSync(join(work, 'config.yaml'), 'utf8'))![1]!;
  const listTopics = (password: string) =>
    kafkaTool('org.apache.kafka.tools.TopicCommand', ['--bootstrap-server', `127.0.0.1:${port}`, '--command-config', clientProperties(work, 'admin', password), '--list']);

  it('starts a secured cluster, writes a 0600 context, and refuses wrong or missing credentials', async () => {
    const started = await up();
    expect(started.code).toBe(0);
    const result = started.json<{ status: string; bootstrapServers: string[]; kafkaVersion: string; password?: string }>();
    expect(result.status).toBe('started');
    expect(result.bootstrapServers).toEqual([`127.0.0.1:${port}`]);
    expect(result.password).toBeUndefined();
    expect(started.stdout + started.stderr).not.toContain(adminPassword());
    expect(statSync(join(work, 'config.yaml')).mode & 0o777).toBe(0o600);

    const asAdmin = await spawnCli(['topic', 'create', 'kept', '-o', 'json'], { env: baseEnv() });
    expect(asAdmin.code).toBe(0);
    expect((await listTopics(adminPassword())).stdout).toContain('kept');

    // A wrong password: Kafka's own client and sofakafka are both refused at login, and say so.
    const wrong = await listTopics('not-the-password');
    expect(wrong.code).toBe(1);
    expect(wrong.stdout + wrong.stderr).toContain('Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-512');
    expect(wrong.stdout).not.toContain('kept');
    const ours = await spawnCli(['topic', 'list'], { env: baseEnv({ SOFAKAFKA_PASSWORD: 'not-the-password' }) });
    expect(ours.code).toBe(4);
    expect(ours.stderr).toMatch(/^error: authentication failed: .*invalid credentials with SASL mechanism SCRAM-SHA-512\nhint: check the user name and password/);
    expect(ours.stdout).toBe('');

    // No credentials at all: the broker drops the connection at the first request that is not part of a SASL login.
    const logBefore = readFileSync(serverLog, 'utf8').length;
    const anonymous = await spawnCli(['topic', 'list', '-b', `127.0.0.1:${port}`], { env: baseEnv({ SOFAKAFKA_CONFIG: join(work, 'no-contexts.yaml') }) });
    expect(anonymous.code).toBe(4);
    expect(anonymous.stderr).toMatch(/^error: the cluster refused a connection without a login: it needs SASL authentication\nhint: log in with --username/);
    expect(anonymous.stdout).toBe('');
    await waitForLog(() => readFileSync(serverLog, 'utf8').slice(logBefore), 'Unexpected Kafka request of type METADATA during SASL handshake');
  });

  it('a second up on a running cluster changes nothing', async () => {
    const before = processesMentioning(dataDir).sort();
    const again = await up();
    expect(again.code).toBe(0);
    expect(again.json<{ status: string }>().status).toBe('already-running');
    expect(again.stderr).toContain('already running');
    expect(processesMentioning(dataDir).sort()).toEqual(before);
  });

  it('local logs prints the last lines of the broker\'s own log (50, or --tail N); a node the cluster lacks is exit 2', async () => {
    const logs = (args: string[]) => spawnCli(['local', 'logs', '--dir', dataDir, ...args], { env: baseEnv() });
    const five = await logs(['--tail', '5']);
    expect(five.code, five.stderr).toBe(0);
    const printed = five.stdout.split('\n');
    expect(printed.pop()).toBe('');
    expect(printed).toHaveLength(5);
    // The broker keeps writing: the five lines are a run of its log file as it stands now.
    expect(runIn(readFileSync(serverLog, 'utf8').split('\n'), printed)).toBe(true);
    const byDefault = await logs([]);
    expect(byDefault.stdout.trimEnd().split('\n')).toHaveLength(50);
    expect(runIn(readFileSync(serverLog, 'utf8').split('\n'), byDefault.stdout.trimEnd().split('\n'))).toBe(true);
    expect((await logs(['--tail', '1000000'])).stdout).toContain('[KafkaRaftServer nodeId=1] Kafka Server started');

    const noSuchNode = await logs(['--node', '2']);
    expect(noSuchNode.code).toBe(2);
    expect(noSuchNode.stderr).toContain('--node 2: the local cluster has nodes 1');
    const badCount = await logs(['--tail', 'many']);
    expect(badCount.code).toBe(2);
    expect(badCount.stderr).toContain('--tail "many" is not a count');
  });

  it('down stops every process and keeps the data; up brings the topics back', async () => {
    const status = await spawnCli(['local', 'status', '--dir', dataDir, '-o', 'json'], { env: baseEnv() });
    expect(status.json<{ state: string; nodes: Array<{ running: boolean; rack: string }> }>()).toMatchObject({ state: 'running', nodes: [{ running: true, rack: 'rack-a' }] });
    const down = await spawnCli(['local', 'down', '--dir', dataDir, '-o', 'json'], { env: baseEnv() });
    expect(down.code).toBe(0);
    expect(down.json()).toMatchObject({ stopped: 1, purged: false });
    expect(processesMentioning(dataDir)).toEqual([]);
    expect((await spawnCli(['local', 'status', '--dir', dataDir], { env: baseEnv() })).code).toBe(8);

    expect((await up()).code).toBe(0);
    const topics = await spawnCli(['topic', 'list', '-o', 'json'], { env: baseEnv() });
    expect(topics.json<Array<{ name: string }>>().map((t) => t.name)).toContain('kept');
  });

  it('down --purge deletes the data, so the next up starts empty', async () => {
    const purge = await spawnCli(['local', 'down', '--dir', dataDir, '--purge', '--yes'], { env: baseEnv() });
    expect(purge.code).toBe(0);
    expect(existsSync(dataDir)).toBe(false);
    expect(processesMentioning(dataDir)).toEqual([]);
    expect((await up()).code).toBe(0);
    const topics = await spawnCli(['topic', 'list', '-o', 'json'], { env: baseEnv() });
    expect(topics.json<Array<{ name: string }>>().map((t) => t.name)).not.toContain('kept');
  });
});

describe('local up refuses a broken environment with one clear line and starts nothing', () => {
  const expectNothingStarted = (dir: string) => expect(processesMentioning(dir)).toEqual([]);
  const javaOnlyPath = () => {
    // A PATH with java but no mvn (the launcher itself runs from process.execPath, not PATH).
    const bin = join(work, 'java-only-bin');
    if (!existsSync(bin)) {
      mkdirSync(bin);
      const java = spawnSyncWhich('java');
      symlinkSync(java, join(bin, 'java'));
    }
    return bin;
  };

  it('a busy port', async () => {
    const port = await freePortRange(2);
    const server: Server = createServer();
    await new Promise<void>((resolve) => server.listen(port + 1, '127.0.0.1', resolve));
    const dir = join(work, 'busy');
    try {
      const result = await spawnCli(['local', 'up', '--dir', dir, '--port', String(port)], { env: baseEnv() });
      expect(result.code).toBe(9);
      expect(result.stderr).toContain(`port ${port + 1} on 127.0.0.1 is already in use`);
      expect(result.stderr).toContain('--port');
      expectNothingStarted(dir);
    } finally {
      server.close();
    }
  });

  it('no Java', async () => {
    const dir = join(work, 'nojava');
    const result = await spawnCli(['local', 'up', '--dir', dir, '--port', String(await freePortRange(2))], { env: baseEnv({ PATH: emptyDir('no-java-bin') }) });
    expect(result.code).toBe(9);
    expect(result.stderr.split('\n')[0]).toMatch(/^error: Java 17\+ is needed to run Kafka/);
    expectNothingStarted(dir);
  });

  it('no Maven with an empty cache', async () => {
    const dir = join(work, 'nomaven');
    const result = await spawnCli(['local', 'up', '--dir', dir, '--port', String(await freePortRange(2))], {
      env: baseEnv({ PATH: javaOnlyPath(), SOFAKAFKA_CACHE_DIR: join(work, 'empty-cache-1') }),
    });
    expect(result.code).toBe(9);
    expect(result.stderr).toContain('Maven is needed to fetch the Kafka');
    expectNothingStarted(dir);
  });

  it('no network to Maven Central with an empty cache', async () => {
    const settings = join(work, 'offline-settings.xml');
    writeFileSync(settings, `<settings><mirrors><mirror><id>nowhere</id><mirrorOf>*</mirrorOf><url>http://127.0.0.1:9/</url></mirror></mirrors></settings>`);
    const dir = join(work, 'nonet');
    const result = await spawnCli(['local', 'up', '--dir', dir, '--port', String(await freePortRange(2))], {
      env: baseEnv({ SOFAKAFKA_CACHE_DIR: join(work, 'empty-cache-2'), SOFAKAFKA_MAVEN_ARGS: `-s ${settings} -Dmaven.repo.local=${join(work, 'empty-m2')}` }),
    });
    expect(result.code).toBe(9);
    expect(result.stderr).toContain('cannot reach Maven Central');
    expectNothingStarted(dir);
  });

  it('an unknown or malformed --kafka-version', async () => {
    const malformed = await spawnCli(['local', 'up', '--kafka-version', 'latest', '--dir', join(work, 'v1')], { env: baseEnv() });
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toContain('is not a release number');
    const old = await spawnCli(['local', 'up', '--kafka-version', '2.8.0', '--dir', join(work, 'v2')], { env: baseEnv() });
    expect(old.code).toBe(2);
    expect(old.stderr).toContain('too old');
    const unknown = await spawnCli(['local', 'up', '--kafka-version', '4.9.9', '--dir', join(work, 'v3'), '--port', String(await freePortRange(2))], {
      env: baseEnv({ SOFAKAFKA_CACHE_DIR: join(work, 'empty-cache-3') }),
    });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Kafka 4.9.9 is not published on Maven Central');
    expectNothingStarted(join(work, 'v3'));
  });

  it('a corrupt jar cache is detected, reported without Maven, and refetched with it', async () => {
    const libDir = sharedCluster().libDir;
    const version = libDir.split('/').at(-2)!;
    const cache = join(work, 'corrupt-cache');
    cpSync(dirname(libDir), join(cache, 'kafka', version), { recursive: true });
    const victim = readFileSync(join(cache, 'kafka', version, 'manifest.json'), 'utf8').match(/"name": "(kafka-clients[^"]+)"/)![1]!;
    truncateSync(join(cache, 'kafka', version, 'libs', victim), 100);
    expect(await verifyCache(join(cache, 'kafka', version))).toContain(victim);

    const dir = join(work, 'corrupt');
    const withoutMaven = await spawnCli(['local', 'up', '--dir', dir, '--port', String(await freePortRange(2))], { env: baseEnv({ PATH: javaOnlyPath(), SOFAKAFKA_CACHE_DIR: cache }) });
    expect(withoutMaven.code).toBe(9);
    expect(withoutMaven.stderr).toContain('damaged');
    expectNothingStarted(dir);

    const repaired = await ensureKafkaRuntime({ version, cacheDir: cache, env: process.env, log: () => undefined });
    expect(repaired.source).toBe('maven');
    expect(await verifyCache(join(cache, 'kafka', version))).toBeUndefined();
  });
});

/** Whether `lines` appear in `file` one after another, as a tail printed earlier does. */
function runIn(file: string[], lines: string[]): boolean {
  return file.some((_, start) => lines.every((line, i) => file[start + i] === line));
}

async function waitForLog(read: () => string, text: string): Promise<void> {
  for (let waited = 0; !read().includes(text); waited += 200) {
    if (waited > 10_000) throw new Error(`the broker log never said "${text}"`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function emptyDir(name: string): string {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  return dir;
}

function spawnSyncWhich(name: string): string {
  return execFileSync('sh', ['-c', `readlink -f "$(command -v ${name})"`], { encoding: 'utf8' }).trim();
}

