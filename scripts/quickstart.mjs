#!/usr/bin/env node
// `npm run quickstart`: bring up the local cluster and take a short tour of real commands.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../bin/sofakafka.js', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'sofakafka-quickstart-'));
const appPassword = join(scratch, 'app-orders.password');
writeFileSync(appPassword, `${randomBytes(12).toString('base64url')}\n`, { mode: 0o600 });
const asApp = ['--username', 'app-orders', '--password-file', appPassword];

const tour = [
  ['local', 'up'],
  ['cluster', 'describe'],
  ['topic', 'create', 'orders', '--partitions', '6', '--if-not-exists'],
  ['topic', 'alter', 'orders', '--config', 'max.message.bytes=2000000'],
  ['user', 'create', 'app-orders', '--new-password-file', appPassword, '--if-not-exists'],
  ['acl', 'add', '--allow', 'User:app-orders', '--producer', '--consumer', '--topic', 'orders', '--group', 'billing'],
  ['msg', 'send', '-t', 'orders', '--key', 'user-42', '--mode', 'sync', '{"order":1,"amount":42}', ...asApp],
  ['msg', 'send', '-t', 'orders', '--key', 'user-7', '--mode', 'sync', '{"order":2,"amount":7}', ...asApp],
  ['msg', 'consume', '-t', 'orders', '--group', 'billing', '--from', 'beginning', '--count', '2', ...asApp],
  ['group', 'describe', 'billing'],
  ['msg', 'query', '-t', 'orders', '--key', 'user-42'],
  ['topic', 'describe', 'orders'],
  ['cluster', 'health'],
  // The whitepaper's LDC example (5.5, 5.6): ANT's cell CELL1 writes a bill meant for CELL2; a rule
  // copies it there; an RZone consumer in CELL2 receives it. `router run` works in the background.
  ['topic', 'create', 'T1', '--ns', 'ANT', '--cells', 'CELL1,CELL2', '--partitions', '3', '--if-not-exists'],
  ['router', 'rule', 'add', '--ns', 'ANT', '--topic', 'T1', '--from', 'CELL1', '--to', 'CELL2', '--when', '__UNIT.TARGET_R=CELL2'],
  'start the router',
  ['msg', 'send', '-t', 'T1', '--ns', 'ANT', '--cell', 'CELL1', '--target-r', 'CELL2', '--key', 'bill-B', '{"bill":"B","amount":12}'],
  ['msg', 'consume', '-t', 'T1', '--ns', 'ANT', '--cell', 'CELL2', '--subscription', 'rzone', '--broadcast', '--from', 'beginning', '--count', '1', '--idle-timeout', '30s'],
  ['router', 'status', '--ns', 'ANT'],
  ['unit', 'list'],
  ['local', 'status'],
];

let router;
try {
  for (const args of tour) {
    if (args === 'start the router') {
      process.stdout.write('\n\x1b[1m$ sofakafka router run --ns ANT &\x1b[0m\n');
      router = spawn(process.execPath, [bin, 'router', 'run', '--ns', 'ANT'], { stdio: ['ignore', 'ignore', 'inherit'] });
      continue;
    }
    const shown = args.map((a) => (a === appPassword ? '<password file>' : a)).join(' ');
    process.stdout.write(`\n\x1b[1m$ sofakafka ${shown}\x1b[0m\n`);
    const result = spawnSync(process.execPath, [bin, ...args], { stdio: 'inherit' });
    if (result.status !== 0) {
      process.stderr.write(`\nquickstart stopped: "sofakafka ${shown}" exited with ${result.status}\n`);
      process.exitCode = result.status ?? 1;
      break;
    }
  }
} finally {
  router?.kill('SIGTERM');
  rmSync(scratch, { recursive: true, force: true });
}
if (!process.exitCode) {
  process.stdout.write('\nThe local cluster keeps running. Try `./bin/sofakafka.js --help`; stop it with `./bin/sofakafka.js local down`.\n');
}
