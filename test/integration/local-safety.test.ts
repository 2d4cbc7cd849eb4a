import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { sharedCluster, spawnCli } from '../helpers/cli.js';
import { clientProperties, kafkaTool } from '../helpers/kafka-tools.js';
import { freePortRange } from '../helpers/ports.js';

const work = mkdtempSync(join(tmpdir(), 'sofakafka-safety-'));
const env = (config = join(work, 'config.yaml')) => ({ PATH: process.env.PATH, HOME: process.env.HOME, SOFAKAFKA_CONFIG: config });

/** The launcher touches only what it made, and never quietly ignores or overwrites. */
describe('local: the user\'s own files and a second cluster', { timeout: 240_000 }, () => {
  const second = join(work, 'second');
  afterAll(async () => {
    await spawnCli(['local', 'down', '--dir', second, '--purge', '--yes'], { env: env() });
  });

  it('down --purge refuses a folder local up did not make, and deletes nothing in it (exit 3)', async () => {
    const precious = join(work, 'home-like');
    mkdirSync(join(precious, 'projects'), { recursive: true });
    writeFileSync(join(precious, 'projects', 'notes.txt'), 'keep me');
    const result = await spawnCli(['local', 'down', '--purge', '--yes', '--dir', precious], { env: env() });
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/^error: no local cluster in .*nothing was stopped or deleted/);
    expect(readFileSync(join(precious, 'projects', 'notes.txt'), 'utf8')).toBe('keep me');
    expect(result.stdout).not.toContain('kept');
  });

  it('local up --brokers 3 on a running 1-broker cluster is refused (exit 2), the cluster unchanged', async () => {
    const shared = sharedCluster();
    const result = await spawnCli(['local', 'up', '--brokers', '3', '--dir', shared.dataDir, '--port', String(shared.basePort)], { env: env(shared.configPath) });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/holds a 1-broker cluster \(running\), not 3/);
    const status = await spawnCli(['local', 'status', '--dir', shared.dataDir, '-o', 'json'], { env: env(shared.configPath) });
    expect(status.json<{ state: string; nodes: unknown[] }>()).toMatchObject({ state: 'running' });
    expect(status.json<{ nodes: unknown[] }>().nodes).toHaveLength(1);
  });

  it('a second cluster may not take the name of a running one; with --context-name both stay reachable by name', async () => {
    const shared = sharedCluster();
    const configPath = join(work, 'two.yaml');
    writeFileSync(configPath, readFileSync(shared.configPath));
    const port = await freePortRange(2);
    const taken = await spawnCli(['local', 'up', '--dir', second, '--port', String(port)], { env: env(configPath) });
    expect(taken.code).toBe(2);
    expect(taken.stderr).toContain('--context-name');
    expect(existsSync(join(second, 'cluster.json'))).toBe(false);

    const started = await spawnCli(['local', 'up', '--dir', second, '--port', String(port), '--context-name', 'second', '-o', 'json'], { env: env(configPath), timeoutMs: 180_000 });
    expect(started.code).toBe(0);
    const config = YAML.parse(readFileSync(configPath, 'utf8')) as { contexts: Record<string, { bootstrapServers: string[]; sasl: { password: string } }> };
    expect(config.contexts.local!.bootstrapServers).toEqual([shared.bootstrap]);
    expect(config.contexts.second!.bootstrapServers).toEqual([`127.0.0.1:${port}`]);
    // Each context reaches its own cluster, checked with Kafka's own tool and each cluster's admin password.
    const listed = await kafkaTool('org.apache.kafka.tools.TopicCommand', ['--bootstrap-server', `127.0.0.1:${port}`, '--command-config', clientProperties(work, 'admin', config.contexts.second!.sasl.password), '--list']);
    expect(listed.code).toBe(0);
    const viaName = await spawnCli(['cluster', 'describe', '--context', 'second', '-o', 'json'], { env: env(configPath) });
    expect(viaName.code).toBe(0);
    const viaLocal = await spawnCli(['topic', 'list', '--context', 'local', '-o', 'json'], { env: env(configPath) });
    expect(viaLocal.code).toBe(0);

    // Purge of a folder the user also keeps files in deletes only the cluster.
    writeFileSync(join(second, 'mine.txt'), 'user file');
    const purged = await spawnCli(['local', 'down', '--dir', second, '--purge', '--yes'], { env: env(configPath) });
    expect(purged.code).toBe(0);
    expect(existsSync(join(second, 'cluster.json'))).toBe(false);
    expect(existsSync(join(second, 'node-1'))).toBe(false);
    expect(readFileSync(join(second, 'mine.txt'), 'utf8')).toBe('user file');
  });

  // Found (2026-11-30): after a purge, a cluster started without --with-tls / --with-plain left
  // third-tls and third-plain behind, logging in with the deleted cluster's password.
  it('up without --with-tls/--with-plain after a purge drops the old cluster\'s -tls and -plain contexts, and keeps one the user wrote', async () => {
    const third = join(work, 'third');
    const configPath = join(work, 'three.yaml');
    const port = await freePortRange(3);
    const config = () => YAML.parse(readFileSync(configPath, 'utf8')) as { currentContext: string; contexts: Record<string, { bootstrapServers: string[]; sasl: { password: string } }> };
    try {
      const withAll = await spawnCli(['local', 'up', '--dir', third, '--port', String(port), '--context-name', 'third', '--with-tls', '--with-plain'], { env: env(configPath), timeoutMs: 180_000 });
      expect(withAll.code, withAll.stderr).toBe(0);
      expect(Object.keys(config().contexts).sort()).toEqual(['third', 'third-plain', 'third-tls']);
      const oldPassword = config().contexts.third!.sasl.password;
      // A context of the user's own that happens to carry the -plain name (a SCRAM login elsewhere) is not ours to delete.
      const mine = { bootstrapServers: ['127.0.0.1:1'], sasl: { mechanism: 'scram-sha-256', username: 'me', password: 'x' } };
      const purge = await spawnCli(['local', 'down', '--dir', third, '--purge', '--yes'], { env: env(configPath) });
      expect(purge.code, purge.stderr).toBe(0);
      writeFileSync(configPath, YAML.stringify({ ...config(), currentContext: 'third-tls', contexts: { ...config().contexts, 'third-plain': mine } }), { mode: 0o600 });

      const plainOnly = await spawnCli(['local', 'up', '--dir', third, '--port', String(port), '--context-name', 'third'], { env: env(configPath), timeoutMs: 180_000 });
      expect(plainOnly.code, plainOnly.stderr).toBe(0);
      const after = config();
      expect(Object.keys(after.contexts).sort()).toEqual(['third', 'third-plain']);
      expect(after.contexts['third-plain']).toEqual(mine);
      expect(after.currentContext).toBe('third');
      expect(after.contexts.third!.sasl.password).not.toBe(oldPassword);
      // The context left works against the new cluster (Kafka's own tool, the new admin password).
      const listed = await kafkaTool('org.apache.kafka.tools.TopicCommand', ['--bootstrap-server', `127.0.0.1:${port}`, '--command-config', clientProperties(work, 'admin', after.contexts.third!.sasl.password), '--list']);
      expect(listed.code, listed.stderr).toBe(0);
    } finally {
      await spawnCli(['local', 'down', '--dir', third, '--purge', '--yes'], { env: env(configPath) });
    }
  });
});
