import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, clusterEnv, repoRoot, spawnCli } from '../helpers/cli.js';

/** What bin/ and bundle/ hold now: a run must never write there (a global install may be read-only). */
function installedFiles(): string[] {
  return ['bin', 'bundle'].flatMap((dir) => readdirSync(join(repoRoot, dir), { recursive: true }).map((f) => `${dir}/${String(f)}`)).sort();
}

describe('--help into a pipe comes from the text rendered at build time', () => {
  it('is exactly what the full program prints', async () => {
    const env = { PATH: process.env.PATH, HOME: process.env.HOME, SOFAKAFKA_CONFIG: join(tmpdir(), 'sofakafka-none.yaml') };
    const fast = await spawnCli(['--help'], { env });
    const full = await cli(['--help'], { env });
    expect(fast).toMatchObject({ code: 0, stderr: '' });
    expect(full.code).toBe(0);
    expect(fast.stdout).toBe(full.stdout);
    expect((await spawnCli(['-h'], { env })).stdout).toBe(full.stdout);
  });
});

describe('the code cache of the bundled libraries', () => {
  const cacheDir = () => mkdtempSync(join(tmpdir(), 'sofakafka-compile-cache-'));
  const cacheFiles = (dir: string) => readdirSync(join(dir, 'compile-cache')).sort();
  const listTopics = (dir: string) => spawnCli(['topic', 'list', '-o', 'json'], { env: clusterEnv({ SOFAKAFKA_CACHE_DIR: dir }) });

  it('is written once per library a command loaded, 0600, in the user cache and never beside the bundle', async () => {
    const dir = cacheDir();
    const before = installedFiles();
    const first = await listTopics(dir);
    expect(first).toMatchObject({ code: 0, stderr: '' });
    const files = cacheFiles(dir);
    for (const library of ['kafkajs', 'commander', 'yaml']) expect(files.some((f) => f.startsWith(`${library}-`))).toBe(true);
    for (const file of files) {
      const path = join(dir, 'compile-cache', file);
      expect(statSync(path).mode & 0o777).toBe(0o600);
      const content = readFileSync(path);
      expect(createHash('sha256').update(content.subarray(32)).digest().equals(content.subarray(0, 32))).toBe(true);
    }
    expect(installedFiles()).toEqual(before);

    // The next run takes the cache as it is (V8 accepted it, so nothing is written again).
    const written = files.map((f) => statSync(join(dir, 'compile-cache', f)).mtimeMs);
    const second = await listTopics(dir);
    expect(second).toMatchObject({ code: 0, stdout: first.stdout, stderr: '' });
    expect(cacheFiles(dir)).toEqual(files);
    expect(files.map((f) => statSync(join(dir, 'compile-cache', f)).mtimeMs)).toEqual(written);
  });

  it('a damaged or garbage cache file is ignored and written again; the command works as without it', async () => {
    const dir = cacheDir();
    const first = await listTopics(dir);
    expect(first.code).toBe(0);
    const files = cacheFiles(dir);
    const damaged = new Map<string, Buffer>();
    for (const [i, file] of files.entries()) {
      const path = join(dir, 'compile-cache', file);
      const content = readFileSync(path);
      if (i % 2 === 0) {
        // Flipped bytes behind an intact header: V8 itself would trust these and crash.
        for (let at = 64; at < content.length; at += 997) content[at] = content[at]! ^ 0x5a;
      } else {
        content.fill(0x41);
      }
      writeFileSync(path, content);
      damaged.set(file, content);
    }
    const again = await listTopics(dir);
    expect(again).toMatchObject({ code: 0, stdout: first.stdout, stderr: '' });
    for (const file of files) expect(readFileSync(join(dir, 'compile-cache', file)).equals(damaged.get(file)!)).toBe(false);
  });

  it('a cache folder that cannot be made costs nothing but speed', async () => {
    const dir = cacheDir();
    writeFileSync(join(dir, 'compile-cache'), 'a file where the folder would go');
    const result = await listTopics(dir);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(() => result.json()).not.toThrow();
  });
});
