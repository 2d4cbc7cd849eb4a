#!/usr/bin/env node
// Runs every benchmark in bench/ in turn (npm run bench). Each prints its rows and writes bench/results/<name>.json.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('.', import.meta.url));
const only = process.argv.slice(2);
for (const file of readdirSync(dir).filter((f) => f.endsWith('.mjs') && !['run.mjs', 'lib.mjs'].includes(f)).sort()) {
  if (only.length && !only.some((name) => file.startsWith(name))) continue;
  process.stdout.write(`\n== ${file}\n`);
  spawnSync(process.execPath, [`${dir}${file}`], { stdio: 'inherit' });
}
