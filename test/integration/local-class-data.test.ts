import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnCli } from '../helpers/cli.js';
import { clientProperties, kafkaTool } from '../helpers/kafka-tools.js';
import { freePortRange } from '../helpers/ports.js';
import { processesMentioning } from '../helpers/processes.js';

const work = mkdtempSync(join(tmpdir(), 'sofakafka-cds-'));
// A cache of its own for the archives, sharing the jars already fetched (no Maven in this test).
const cache = join(work, 'cache');
mkdirSync(cache);
symlinkSync(join(process.env.SOFAKAFKA_CACHE_DIR ?? join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'sofakafka'), 'kafka'), join(cache, 'kafka'));
const cds = join(cache, 'cds');
const env = { PATH: process.env.PATH, HOME: process.env.HOME, SOFAKAFKA_CONFIG: join(work, 'config.yaml'), SOFAKAFKA_CACHE_DIR: cache };
const dataDir = join(work, 'cluster');

const files = (suffix: string) => (existsSync(cds) ? readdirSync(cds).filter((f) => f.endsWith(suffix)).map((f) => join(cds, f)) : []);
/** The broker's JVM command line (NUL-separated arguments). */
const brokerCommandLine = () => {
  const [pid] = processesMentioning(join(dataDir, 'node-1'));
  return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
};

// Each step starts or stops a broker JVM: generous limits for a busy 2-core machine.
// Every start after the first takes its storage from the template (the data folder is purged each time).
describe('class-data archives for the brokers, and storage from the format template', { timeout: 300_000 }, () => {
  let port: number;
  beforeAll(async () => {
    port = await freePortRange(2);
  });
  afterAll(async () => {
    await spawnCli(['local', 'down', '--dir', dataDir, '--purge', '--yes'], { env });
  });

  const up = async () => {
    const result = await spawnCli(['local', 'up', '--dir', dataDir, '--port', String(port), '-o', 'json'], { env });
    expect(result.code, result.stderr).toBe(0);
  };
  const down = async () => expect((await spawnCli(['local', 'down', '--dir', dataDir, '--purge', '--yes'], { env })).code).toBe(0);
  /** The cluster answers Kafka's own client, logged in with SCRAM: a real, secured broker whatever the archive was. */
  const answersKafkaTools = async () => {
    const password = /password: (\S+)/.exec(readFileSync(join(work, 'config.yaml'), 'utf8'))![1]!;
    for (const mechanism of ['SCRAM-SHA-512', 'SCRAM-SHA-256']) {
      const listed = await kafkaTool('org.apache.kafka.tools.TopicCommand', ['--bootstrap-server', `127.0.0.1:${port}`, '--command-config', clientProperties(work, 'admin', password, mechanism), '--list']);
      expect(listed.code, listed.stderr).toBe(0);
    }
    const refused = await kafkaTool('org.apache.kafka.tools.TopicCommand', ['--bootstrap-server', `127.0.0.1:${port}`, '--command-config', clientProperties(work, 'admin', 'wrong'), '--list']);
    expect(refused.stdout + refused.stderr).toContain('Authentication failed');
  };

  it('the first broker records its classes as it stops; a damaged recording is dropped and recorded again', async () => {
    await up();
    // The storage tool ran (no template yet) and left its output as the template for the next clusters.
    expect(readdirSync(join(cache, 'format')).length).toBe(1);
    expect(brokerCommandLine().some((arg) => arg.startsWith('-XX:ArchiveClassesAtExit=') && arg.includes(cds))).toBe(true);
    await down();
    const [recording] = files('.recording');
    expect(statSync(recording!).size).toBeGreaterThan(0);

    // Cut in half, as a broker killed while writing would leave it: a JVM mapping it would crash.
    truncateSync(recording!, Math.floor(statSync(recording!).size / 2));
    await up();
    expect(existsSync(recording!)).toBe(false);
    expect(files('.jsa')).toEqual([]);
    expect(brokerCommandLine().some((arg) => arg.startsWith('-XX:ArchiveClassesAtExit='))).toBe(true);
    await answersKafkaTools();
    await down();
  });

  it('the next start adopts a whole recording and maps it', async () => {
    await up();
    const [archive] = files('.jsa');
    expect(archive).toBeDefined();
    expect(files('.recording')).toEqual([]);
    expect(brokerCommandLine()).toContain(`-XX:SharedArchiveFile=${archive}`);
    await answersKafkaTools();
    await down();
  });

  it('a garbage archive is never fatal: replaced when its size changed, and passed over by the JVM otherwise', async () => {
    const [archive] = files('.jsa');
    const seen = JSON.parse(readFileSync(`${archive}.seen`, 'utf8')) as { size: number; mtimeMs: number };

    // Garbage of the very size and time the launcher saw: the JVM gets it, refuses it, and starts without.
    writeFileSync(archive!, randomBytes(seen.size));
    writeFileSync(`${archive}.seen`, JSON.stringify({ size: seen.size, mtimeMs: statSync(archive!).mtimeMs }));
    await up();
    expect(brokerCommandLine()).toContain(`-XX:SharedArchiveFile=${archive}`);
    await answersKafkaTools();
    await down();

    // Garbage of another size: the launcher drops it and records a new one.
    writeFileSync(archive!, 'not an archive');
    await up();
    expect(existsSync(archive!)).toBe(false);
    expect(brokerCommandLine().some((arg) => arg.startsWith('-XX:ArchiveClassesAtExit='))).toBe(true);
    await answersKafkaTools();
  });
});
