import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { freePortRange } from './ports.js';

export interface SharedCluster {
  dir: string;
  dataDir: string;
  configPath: string;
  bootstrap: string;
  basePort: number;
  adminPassword: string;
  libDir: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    cluster: SharedCluster;
  }
}

const bin = join(import.meta.dirname, '..', '..', 'bin', 'sofakafka.js');

/** One real single-broker cluster for the whole run, on free ports in a temporary folder. */
export default async function setup(project: TestProject): Promise<() => void> {
  const dir = mkdtempSync(join(tmpdir(), 'sofakafka-test-'));
  const dataDir = join(dir, 'cluster');
  const configPath = join(dir, 'config.yaml');
  const basePort = await freePortRange(2);
  const env = { ...process.env, SOFAKAFKA_CONFIG: configPath };
  // CI runs a subset again on Kafka 3.9 (vitest.kafka39.config.ts sets this); the default is the launcher's own.
  const version = process.env.SOFAKAFKA_TEST_KAFKA_VERSION;
  const versionArgs = version ? ['--kafka-version', version] : [];
  const started = spawnSync(process.execPath, [bin, 'local', 'up', '--dir', dataDir, '--port', String(basePort), ...versionArgs, '-o', 'json'], { env, encoding: 'utf8' });
  if (started.status !== 0) throw new Error(`the test cluster did not start:\n${started.stderr}\n${started.stdout}`);
  const state = JSON.parse(readFileSync(join(dataDir, 'cluster.json'), 'utf8')) as { libDir: string; secrets: { adminPassword: string } };
  project.provide('cluster', {
    dir,
    dataDir,
    configPath,
    bootstrap: `127.0.0.1:${basePort}`,
    basePort,
    adminPassword: state.secrets.adminPassword,
    libDir: state.libDir,
  });
  return () => {
    spawnSync(process.execPath, [bin, 'local', 'down', '--dir', dataDir, '--purge', '--yes'], { env, encoding: 'utf8' });
    rmSync(dir, { recursive: true, force: true });
  };
}
