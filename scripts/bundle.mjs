#!/usr/bin/env node
// Bundles src/ into bundle/: one file per lazily loaded command plus shared chunks, so a command
// loads a handful of files instead of hundreds (kafkajs alone is ~200 modules). bin/ runs the bundle.
import { build } from 'esbuild';
import { readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const outdir = fileURLToPath(new URL('../bundle/', import.meta.url));
rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: [fileURLToPath(new URL('../src/main.ts', import.meta.url))],
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // CommonJS dependencies (kafkajs, commander) call require(); give the ESM bundle one.
  banner: { js: "import { createRequire as sofakafkaCreateRequire } from 'node:module'; const require = sofakafkaCreateRequire(import.meta.url);" },
  logLevel: 'warning',
  plugins: [zstdWasmInline()],
});

/**
 * zstd's WebAssembly inside the bundle: the installed package has no node_modules, and bundle/
 * holds JavaScript only. @bokuweb/zstd-wasm's Node build reads zstd.wasm from beside itself; its
 * ESM build takes the bytes in init(), so the bundle uses that one, and src/kafka/protocol/
 * zstd-wasm.ts (which reads the file from node_modules) becomes the bytes in base64. Both land
 * in a chunk that only a zstd batch loads.
 */
function zstdWasmInline() {
  const nodeBuild = dirname(createRequire(import.meta.url).resolve('@bokuweb/zstd-wasm')); // …/dist/common
  return {
    name: 'zstd-wasm-inline',
    setup(pluginBuild) {
      pluginBuild.onResolve({ filter: /^@bokuweb\/zstd-wasm$/ }, () => ({ path: join(nodeBuild, '..', 'web', 'index.web.js') }));
      pluginBuild.onLoad({ filter: /[\\/]kafka[\\/]protocol[\\/]zstd-wasm\.ts$/ }, () => ({
        loader: 'js',
        contents: `export const zstdWasm = async () => Buffer.from(${JSON.stringify(readFileSync(join(nodeBuild, 'zstd.wasm')).toString('base64'))}, 'base64');`,
      }));
    },
  };
}

// The console's front end (sofakafka console): Preact pages for the browser, in bundle/console/.
// Nothing is fetched at run time: the script and its stylesheet are served by the console itself.
await build({
  entryPoints: [fileURLToPath(new URL('../src/console/web/main.tsx', import.meta.url))],
  outdir: join(outdir, 'console'),
  entryNames: 'app',
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: ['chrome110', 'firefox110', 'safari16'],
  jsx: 'automatic',
  jsxImportSource: 'preact',
  minify: true,
  logLevel: 'warning',
});
