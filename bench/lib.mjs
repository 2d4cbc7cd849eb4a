// Shared helpers for the benchmarks: start a throwaway local cluster, time commands, report ratios.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const bin = fileURLToPath(new URL('../bin/sofakafka.js', import.meta.url));
export const resultsDir = fileURLToPath(new URL('./results/', import.meta.url));

/** Below Linux's ephemeral range (32768-60999), where outgoing connections take their local ports. */
export async function freeBase(count) {
  for (;;) {
    const base = 12000 + Math.floor(Math.random() * (32000 - 12000 - count));
    const free = await Promise.all(Array.from({ length: count }, (_, i) => new Promise((resolve) => {
      const server = createServer();
      server.once('error', () => resolve(false));
      server.listen(base + i, '127.0.0.1', () => server.close(() => resolve(true)));
    })));
    if (free.every(Boolean)) return base;
  }
}

/** Starts a cluster of its own; returns what the benchmarks need, and stop(). */
export async function startCluster({ brokers = 1, kafkaVersion } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'sofakafka-bench-'));
  const env = { ...process.env, SOFAKAFKA_CONFIG: join(dir, 'config.yaml') };
  const port = await freeBase(brokers * 2);
  const args = ['local', 'up', '--dir', join(dir, 'data'), '--port', String(port), '--brokers', String(brokers), '-o', 'json'];
  if (kafkaVersion) args.push('--kafka-version', kafkaVersion);
  const started = Date.now();
  const result = spawnSync(process.execPath, [bin, ...args], { env, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`cluster did not start: ${result.stderr}`);
  const wallMs = Date.now() - started;
  const state = JSON.parse(readFileSync(join(dir, 'data', 'cluster.json'), 'utf8'));
  const props = join(dir, 'admin.properties');
  writeFileSync(props, `security.protocol=SASL_PLAINTEXT\nsasl.mechanism=SCRAM-SHA-512\nsasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="${state.secrets.adminPassword}";\n`);
  return {
    dir, env, state, wallMs, adminProperties: props,
    bootstrap: state.nodes.map((n) => `127.0.0.1:${n.clientPort}`).join(','),
    stop() {
      spawnSync(process.execPath, [bin, 'local', 'down', '--dir', join(dir, 'data'), '--purge', '--yes'], { env });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Median wall time in ms of `runs` runs of a command (after one warm-up run). */
export function timeCommand(command, args, { runs = 10, env = process.env } = {}) {
  const times = [];
  for (let i = 0; i <= runs; i++) {
    const started = process.hrtime.bigint();
    const result = spawnSync(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${result.stderr}`);
    if (i > 0) times.push(ms);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

export function rssMb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)[1]) / 1024);
}

export function report(name, rows) {
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(join(resultsDir, `${name}.json`), JSON.stringify({ at: new Date().toISOString(), rows }, null, 2));
  const width = Math.max(...rows.map((r) => r.what.length));
  for (const row of rows) {
    const verdict = row.target === undefined ? '' : row.ok ? '  ok' : '  MISSED';
    process.stdout.write(`${row.what.padEnd(width)}  ${row.value}${row.target ? `  (target ${row.target})` : ''}${verdict}\n`);
  }
}
