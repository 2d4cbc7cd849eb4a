#!/usr/bin/env node
// `npm run quickstart`: bring up the local cluster and take a short tour of real commands.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../bin/sofakafka.js', import.meta.url));
const tour = [
  ['local', 'up'],
  ['cluster', 'describe'],
  ['topic', 'create', 'orders', '--partitions', '6', '--if-not-exists'],
  ['topic', 'alter', 'orders', '--config', 'max.message.bytes=2000000'],
  ['topic', 'list'],
  ['topic', 'describe', 'orders'],
  ['cluster', 'health'],
  ['local', 'status'],
];

for (const args of tour) {
  process.stdout.write(`\n\x1b[1m$ sofakafka ${args.join(' ')}\x1b[0m\n`);
  const result = spawnSync(process.execPath, [bin, ...args], { stdio: 'inherit' });
  if (result.status !== 0) {
    process.stderr.write(`\nquickstart stopped: "sofakafka ${args.join(' ')}" exited with ${result.status}\n`);
    process.exitCode = result.status ?? 1;
    break;
  }
}
if (!process.exitCode) {
  process.stdout.write('\nThe local cluster keeps running. Try `npx sofakafka --help`; stop it with `npx sofakafka local down`.\n');
}
