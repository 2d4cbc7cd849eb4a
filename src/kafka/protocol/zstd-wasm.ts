/**
 * The bytes of zstd's WebAssembly, from @bokuweb/zstd-wasm. Read from node_modules when running
 * from source or dist/. The installed package has no node_modules (the bundle carries everything),
 * so scripts/bundle.mjs replaces this module with one holding the bytes inline.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export async function zstdWasm(): Promise<Uint8Array> {
  const entry = createRequire(import.meta.url).resolve('@bokuweb/zstd-wasm'); // …/dist/common/index.node.js, beside zstd.wasm
  return readFile(join(dirname(entry), 'zstd.wasm'));
}
