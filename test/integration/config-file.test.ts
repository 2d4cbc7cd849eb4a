import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { spawnCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'sofakafka-config-'));
const envFor = (configPath: string) => ({ PATH: process.env.PATH, HOME: process.env.HOME, SOFAKAFKA_CONFIG: configPath });

describe('the config file', () => {
  it('ten `context add` at once keep all ten (writes are locked and atomic)', async () => {
    const configPath = join(dir, 'parallel.yaml');
    const names = Array.from({ length: 10 }, (_, i) => `ctx-${i}`);
    const results = await Promise.all(names.map((name, i) => spawnCli(['context', 'add', name, '-b', `127.0.0.1:${20000 + i}`], { env: envFor(configPath) })));
    expect(results.map((r) => r.code)).toEqual(names.map(() => 0));
    const config = YAML.parse(readFileSync(configPath, 'utf8')) as { contexts: Record<string, { bootstrapServers: string[] }> };
    expect(Object.keys(config.contexts).sort()).toEqual([...names].sort());
    names.forEach((name, i) => expect(config.contexts[name]!.bootstrapServers).toEqual([`127.0.0.1:${20000 + i}`]));
  });

  it('a file that does not parse is reported with its line (exit 2) and never overwritten', async () => {
    const configPath = join(dir, 'broken.yaml');
    const broken = 'currentContext: a\ncontexts:\n  a:\n    bootstrapServers: [127.0.0.1:9092\n';
    writeFileSync(configPath, broken);
    const result = await spawnCli(['context', 'add', 'b', '-b', '127.0.0.1:9093'], { env: envFor(configPath) });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: config file .*broken\.yaml is malformed: line \d+/);
    expect(readFileSync(configPath, 'utf8')).toBe(broken);
  });

  it('a password stored as a YAML number is a clear error, not a crash', async () => {
    const configPath = join(dir, 'number.yaml');
    writeFileSync(configPath, 'currentContext: a\ncontexts:\n  a:\n    bootstrapServers: ["127.0.0.1:1"]\n    sasl: {mechanism: scram-sha-512, username: admin, password: 123456}\n');
    const result = await spawnCli(['topic', 'list'], { env: envFor(configPath) });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/password must be a string \(quote it/);
    expect(result.stderr).not.toContain('radix');
  });
});
