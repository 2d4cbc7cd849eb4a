import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clusterEnv, repoRoot } from '../helpers/cli.js';
import { freePortRange } from '../helpers/ports.js';
import { runProcess } from '../helpers/run-process.js';

const work = mkdtempSync(join(tmpdir(), 'sofakafka-install-'));
const prefix = join(work, 'prefix');
const installed = join(prefix, 'bin', 'sofakafka');
const packageDir = join(prefix, 'lib', 'node_modules', 'sofakafka');
const dataDir = join(work, 'cluster');
// PATH and HOME only (HOME holds the cached Kafka jars), a config file of its own, and a private npm cache.
const env = clusterEnv({ SOFAKAFKA_CONFIG: join(work, 'config.yaml'), npm_config_cache: join(work, 'npm-cache') });
// Everything runs from a folder outside the repository, as on a machine without the source.
const outside = (command: string, args: string[], timeoutMs = 120_000) => runProcess(command, args, { env, cwd: work, timeoutMs });
const sofakafka = (...args: string[]) => outside(installed, args);
let tarball: string;

/**
 * A copy of the working tree as git sees it (tracked and new files, nothing ignored: no dist/, no
 * bundle/), with node_modules linked for the build tools. `npm pack` there runs `prepack`, which
 * must build everything the package ships; packing in the repository itself would rebuild the
 * bundle/ that tests running beside this one are executing.
 */
function copyOfSourceTree(): string {
  const source = join(work, 'source');
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: repoRoot, encoding: 'utf8' }).split('\0').filter(Boolean);
  for (const file of files) {
    if (!existsSync(join(repoRoot, file))) continue; // deleted in the working tree, not yet committed
    mkdirSync(dirname(join(source, file)), { recursive: true });
    cpSync(join(repoRoot, file), join(source, file));
  }
  symlinkSync(join(repoRoot, 'node_modules'), join(source, 'node_modules'));
  return source;
}

describe('the packed package, installed globally on a machine without the source', { timeout: 180_000 }, () => {
  beforeAll(async () => {
    const packed = await runProcess('npm', ['pack', '--pack-destination', work], { env, cwd: copyOfSourceTree(), timeoutMs: 170_000 });
    if (packed.code !== 0) throw new Error(`npm pack failed:\n${packed.stderr}`);
    tarball = join(work, readdirSync(work).find((name) => name.endsWith('.tgz'))!);
    // --offline: the tarball must carry all it needs, so nothing may come from the registry.
    const install = await outside('npm', ['install', '-g', '--offline', '--prefix', prefix, tarball]);
    if (install.code !== 0) throw new Error(`npm install -g failed:\n${install.stderr}`);
  }, 180_000);

  afterAll(async () => {
    if (existsSync(dataDir)) await sofakafka('local', 'down', '--dir', dataDir, '--purge', '--yes');
    rmSync(work, { recursive: true, force: true });
  });

  it('the tarball holds the launcher, the bundle and package.json, and no sources', () => {
    const entries = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).split('\n').filter(Boolean);
    expect(entries).toEqual(expect.arrayContaining(['package/bin/sofakafka.js', 'package/bin/package.json', 'package/bundle/main.js', 'package/package.json', 'package/README.md']));
    expect(entries.filter((entry) => /^package\/(src|dist|test|node_modules)\//.test(entry))).toEqual([]);
  });

  it('installs without dependencies: every bundled module loads with no node_modules to find', async () => {
    const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { dependencies?: object };
    expect(manifest.dependencies).toBeUndefined();
    expect(existsSync(join(packageDir, 'node_modules'))).toBe(false);
    const loadAll = `const dir = ${JSON.stringify(join(packageDir, 'bundle'))};
      const { readdirSync, statSync } = await import('node:fs');
      // bundle/vendor/ holds the big CommonJS libraries (loaded with a code cache): they must load too;
      // bundle/console/ holds the console's browser page, not Node modules.
      for (const file of readdirSync(dir, { recursive: true })) if (/\\.c?js$/.test(file) && !file.startsWith('console/') && statSync(dir + '/' + file).isFile()) await import(dir + '/' + file);
      console.log('loaded');`;
    const loaded = await outside(process.execPath, ['--input-type=module', '-e', loadAll]);
    expect(loaded).toMatchObject({ code: 0, stdout: 'loaded\n' });
  });

  it('--help and --version answer from the installed bin', async () => {
    const { version } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string };
    expect(await sofakafka('--version')).toMatchObject({ code: 0, stdout: `${version}\n`, stderr: '' });
    const help = await sofakafka('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: sofakafka /);
    expect(help.stdout).toContain('local');
  });

  it('local up starts a cluster the next commands use, and local down --purge removes it', async () => {
    const port = await freePortRange(2);
    const up = await sofakafka('local', 'up', '--dir', dataDir, '--port', String(port), '-o', 'json');
    expect(up.code, up.stderr).toBe(0);
    expect(JSON.parse(up.stdout)).toMatchObject({ status: 'started', bootstrapServers: [`127.0.0.1:${port}`], context: 'local' });

    expect((await sofakafka('topic', 'create', 'installed', '--partitions', '2')).code).toBe(0);
    const listed = await sofakafka('topic', 'list', '-o', 'json');
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout)).toEqual([{ name: 'installed', partitions: 2, replicationFactor: 1, internal: false }]);

    const down = await sofakafka('local', 'down', '--dir', dataDir, '--purge', '--yes', '-o', 'json');
    expect(down.code).toBe(0);
    expect(JSON.parse(down.stdout)).toMatchObject({ purged: true });
    expect(existsSync(dataDir)).toBe(false);
  });

  it('npx runs the tarball without installing it', async () => {
    const { version } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string };
    const viaNpx = await outside('npx', ['--yes', '--offline', `file:${tarball}`, '--version']);
    expect(viaNpx).toMatchObject({ code: 0, stdout: `${version}\n` });
    const help = await outside('npx', ['--yes', '--offline', '--package', tarball, '--', 'sofakafka', 'topic', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('add-partitions');
  });
});
