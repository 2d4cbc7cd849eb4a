import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnCli } from './cli.js';
import { freePortRange } from './ports.js';

export interface OwnCluster {
  dir: string;
  dataDir: string;
  configPath: string;
  bootstrap: string;
  env: NodeJS.ProcessEnv;
  adminPassword: string;
  /** With `tls: true`: the SASL_SSL listeners and the CA that signed their certificates. */
  tlsBootstrap?: string;
  caFile?: string;
  stop(): Promise<void>;
}

/**
 * A cluster of a test file's own, for tests that need more brokers than the shared one or that
 * stop brokers (failover, health). Start it in beforeAll, stop it in afterAll.
 */
export async function startOwnCluster(options: { brokers: number; kafkaVersion?: string; tls?: boolean; plain?: boolean }): Promise<OwnCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'sofakafka-own-'));
  const dataDir = join(dir, 'cluster');
  const configPath = join(dir, 'config.yaml');
  const basePort = await freePortRange(options.brokers * (options.tls ? 3 : 2));
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, SOFAKAFKA_CONFIG: configPath };
  const args = ['local', 'up', '--dir', dataDir, '--port', String(basePort), '--brokers', String(options.brokers)];
  // The Kafka 3.9 project (vitest.kafka39.config.ts) sets the version for own clusters too.
  const version = options.kafkaVersion ?? process.env.SOFAKAFKA_TEST_KAFKA_VERSION;
  if (version) args.push('--kafka-version', version);
  if (options.tls) args.push('--with-tls');
  if (options.plain) args.push('--with-plain');
  const started = await spawnCli(args, { env, timeoutMs: 300_000 });
  if (started.code !== 0) throw new Error(`own cluster did not start:\n${started.stderr}`);
  const state = JSON.parse(readFileSync(join(dataDir, 'cluster.json'), 'utf8')) as { secrets: { adminPassword: string } };
  return {
    dir,
    dataDir,
    configPath,
    env,
    adminPassword: state.secrets.adminPassword,
    bootstrap: Array.from({ length: options.brokers }, (_, i) => `127.0.0.1:${basePort + i}`).join(','),
    ...(options.tls
      ? { tlsBootstrap: Array.from({ length: options.brokers }, (_, i) => `127.0.0.1:${basePort + 2 * options.brokers + i}`).join(','), caFile: join(dataDir, 'tls', 'ca.pem') }
      : {}),
    async stop() {
      await spawnCli(['local', 'down', '--dir', dataDir, '--purge', '--yes'], { env });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
