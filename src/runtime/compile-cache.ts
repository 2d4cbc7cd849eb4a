import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';
import { cacheHome } from '../config/paths.js';

/**
 * The big CommonJS libraries (kafkajs, commander, yaml, cli-table3) as the bundle loads them: each
 * from its own file in bundle/vendor/ (named by a hash of its content, see scripts/bundle.mjs),
 * compiled with V8's code cache. Node 20 caches no compiled code for modules it loads itself, so
 * without this every run parses and compiles ~1 MB of JavaScript again: the cache halves loading
 * them, and the functions a command ran (kafkajs's login and Metadata) come compiled too.
 *
 * The cache lives in the user's cache folder (the install folder may be read-only), one file per
 * library file, Node version and architecture. V8 rejects a cache made by another V8 or for another
 * source, but trusts the rest of its bytes (a damaged one crashes the process): so each file starts
 * with a SHA-256 of the data, and one that does not match is ignored. Then the library compiles as
 * without a cache and the file is written again. Any failure to read or write it is silent.
 */

const loaded = new Map<string, Record<string, unknown>>();
const unsaved: Array<{ script: Script; cacheFile: string }> = [];

/** The exports of a vendor bundle file, keyed by the import specifier they stand for. */
export function loadVendor(file: string): Record<string, unknown> {
  let exports = loaded.get(file);
  if (!exports) {
    exports = compileAndRun(fileURLToPath(new URL(`vendor/${file}`, import.meta.url)), file);
    loaded.set(file, exports);
  }
  return exports;
}

function compileAndRun(path: string, file: string): Record<string, unknown> {
  const cacheFile = cachePath(file);
  const cachedData = cacheFile === undefined ? undefined : readVerified(cacheFile);
  const wrapped = `(function (exports, require, module, __filename, __dirname) {${readFileSync(path, 'utf8')}\n})`;
  const script = new Script(wrapped, { filename: path, cachedData });
  if (cacheFile !== undefined && (!cachedData || script.cachedDataRejected)) unsaved.push({ script, cacheFile });
  const module = { exports: {} as Record<string, unknown> };
  (script.runInThisContext() as (...args: unknown[]) => void)(module.exports, createRequire(path), module, path, dirname(path));
  return module.exports;
}

/**
 * Writes the code cache of each vendor file this run compiled without one. Called once the command
 * is done, so the cache holds the functions it ran, not only the libraries' top level.
 */
export function saveCompileCaches(): void {
  for (const { script, cacheFile } of unsaved.splice(0)) {
    try {
      mkdirSync(dirname(cacheFile), { recursive: true, mode: 0o700 });
      // Whole or not at all: a run starting meanwhile must never read half a file.
      const partial = `${cacheFile}.${process.pid}.tmp`;
      const data = script.createCachedData();
      writeFileSync(partial, Buffer.concat([sha256(data), data]), { mode: 0o600 });
      renameSync(partial, cacheFile);
    } catch {
      // A read-only or full disk only costs the next run its speed.
    }
  }
}

function cachePath(file: string): string | undefined {
  if (process.env.SOFAKAFKA_COMPILE_CACHE === 'off') return undefined;
  return join(cacheHome(process.env), 'compile-cache', `${file}.${process.version}-${process.arch}.v8`);
}

/** The cache's data if the file is there and whole, else undefined. */
function readVerified(file: string): Buffer | undefined {
  let content: Buffer;
  try {
    content = readFileSync(file);
  } catch {
    return undefined;
  }
  const data = content.subarray(DIGEST_BYTES);
  return content.length > DIGEST_BYTES && sha256(data).equals(content.subarray(0, DIGEST_BYTES)) ? data : undefined;
}

const DIGEST_BYTES = 32;
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest();
