#!/usr/bin/env node
// Bundles src/ into bundle/: one file per lazily loaded command plus shared chunks, so a command
// loads a handful of files instead of hundreds (kafkajs alone is ~200 modules). bin/ runs the bundle.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
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
});
