import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { CommandEntry } from '../../src/cli/types.js';
import { leafCommands } from '../helpers/command-tree.js';
import { binPath, repoRoot } from '../helpers/cli.js';
import { runProcess } from '../helpers/run-process.js';

const recorder = fileURLToPath(new URL('../helpers/record-loads.mjs', import.meta.url));
const logs = mkdtempSync(join(tmpdir(), 'sofakafka-loads-'));

/** The source file a tree entry's load() imports: './topic/create.js' as written, '/src/commands/topic/create.ts' as vitest serves it. */
function moduleOf(entry: CommandEntry): string {
  const specifier = /["']([^"']+)["']/.exec(String(entry.load))?.[1] ?? '';
  return specifier.startsWith('/src/') ? specifier.slice(1) : join('src/commands', specifier).replace(/\.js$/, '.ts');
}

/** Every command line of the tree, hidden ones too, and its module. */
const commands = leafCommands().map(({ argv, entry }) => ({ argv, module: moduleOf(entry) }));
const commandModules = new Set(commands.map((c) => c.module));

/**
 * Runs the built binary (bin/ → bundle/) with a loader hook that records each file it loads, and
 * maps the bundle files back to the sources in them by the `// src/...` line esbuild puts before
 * each module's code.
 */
async function sourcesLoadedBy(argv: string[]): Promise<string[]> {
  const log = join(logs, `${argv.join('-') || 'root'}.log`);
  const result = await runProcess(process.execPath, ['--import', recorder, binPath, ...argv], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, SOFAKAFKA_CONFIG: join(logs, 'none.yaml'), SOFAKAFKA_TEST_LOAD_LOG: log },
    timeoutMs: 30_000,
  });
  expect(result.code, result.stderr).toBe(0);
  const files = readFileSync(log, 'utf8').trim().split('\n').map((url) => fileURLToPath(url)).filter((file) => file.startsWith(join(repoRoot, 'bundle')));
  return [...new Set(files.flatMap((file) => [...readFileSync(file, 'utf8').matchAll(/^\/\/ (src\/\S+\.ts)$/gm)].map((m) => m[1]!)))].sort();
}

describe('each command loads only its own module (src/commands/index.ts imports them lazily)', () => {
  it('every command in the tree names a module file that exists', () => {
    expect(commands.length).toBeGreaterThan(30);
    for (const module of commandModules) expect(() => readFileSync(join(repoRoot, module))).not.toThrow();
  });

  it('--help of the whole tool loads no command module', async () => {
    // Into a pipe, bin/ prints the text rendered at build time: no source module at all.
    expect(await sourcesLoadedBy(['--help'])).toEqual([]);
    // Any other line goes through commander, which loads the tree of names and nothing more.
    const loaded = await sourcesLoadedBy(['--help', '--debug']);
    expect(loaded).toContain('src/commands/index.ts');
    expect(loaded.filter((source) => commandModules.has(source))).toEqual([]);
  });

  it('each command\'s --help loads its module and no other command\'s', async () => {
    const offenders: string[] = [];
    // Four at a time: each is a short node process.
    for (let i = 0; i < commands.length; i += 4) {
      await Promise.all(commands.slice(i, i + 4).map(async ({ argv, module }) => {
        const loaded = (await sourcesLoadedBy([...argv, '--help'])).filter((source) => commandModules.has(source));
        if (JSON.stringify(loaded) !== JSON.stringify([module])) offenders.push(`${argv.join(' ')} loaded ${loaded.join(', ') || 'no command module'}`);
      }));
    }
    expect(offenders).toEqual([]);
  });
});
