#!/usr/bin/env node
// Start-up and round-trip cost of simple commands, against references measured in the same run,
// and where a one-round-trip command's time goes, step by step.
import { spawnSync } from 'node:child_process';
import { pbkdf2Sync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { bin, report, startCluster, timeCommand } from './lib.mjs';

const runs = Number(process.env.RUNS ?? 10);
const node = process.execPath;
const bundle = fileURLToPath(new URL('../bundle/', import.meta.url));
const ratio = (ms, reference) => `${ms.toFixed(0)} ms = ${(ms / reference).toFixed(2)}x node`;

const cluster = await startCluster();
const rows = [];
try {
  // The code cache is written by the first run; the warm-up run of timeCommand makes it.
  const cacheEnv = { ...cluster.env, SOFAKAFKA_CACHE_DIR: mkdtempSync(join(tmpdir(), 'sofakafka-bench-cache-')) };
  const noCacheEnv = { ...cluster.env, SOFAKAFKA_COMPILE_CACHE: 'off' };
  const commands = [['topic', 'list'], ['cluster', 'describe'], ['group', 'list']];
  // The floor under those three: a login and one request with nothing of a CLI around them.
  const bareClient = fileURLToPath(new URL('./bare-client.cjs', import.meta.url));
  const bareEnv = { ...cluster.env, BARE_BOOTSTRAP: cluster.bootstrap.split(',')[0], BARE_PASSWORD: cluster.state.secrets.adminPassword };
  // Interleaved rounds: a busy moment on a shared machine weighs on every figure alike.
  const samples = new Map();
  const add = (key, ms) => samples.set(key, [...(samples.get(key) ?? []), ms]);
  for (let round = 0; round < runs; round++) {
    add('node', timeCommand(node, ['-e', '0'], { runs: 1 }));
    add('--version', timeCommand(node, [bin, '--version'], { runs: 1 }));
    add('--help', timeCommand(node, [bin, '--help'], { runs: 1 }));
    add('bare client', timeCommand(node, [bareClient], { runs: 1, env: bareEnv }));
    for (const argv of commands) {
      add(argv.join(' '), timeCommand(node, [bin, ...argv], { runs: 1, env: cacheEnv }));
      add(`${argv.join(' ')} (no code cache)`, timeCommand(node, [bin, ...argv], { runs: 1, env: noCacheEnv }));
    }
  }
  const m = (key) => { const v = [...samples.get(key)].sort((a, b) => a - b); return v[Math.floor(v.length / 2)]; };
  const baseline = m('node');
  rows.push(
    { what: 'node -e 0 (reference)', value: `${baseline.toFixed(0)} ms` },
    { what: 'sofakafka --version', value: ratio(m('--version'), baseline), target: '<= 1.1x', ok: m('--version') / baseline <= 1.1 },
    { what: 'sofakafka --help (piped)', value: ratio(m('--help'), baseline), target: '<= 1.1x', ok: m('--help') / baseline <= 1.1 },
  );
  rows.push({ what: 'bare SCRAM login + Metadata, no CLI (bench/bare-client.cjs: the floor)', value: ratio(m('bare client'), baseline) });
  for (const argv of commands) {
    const name = argv.join(' ');
    rows.push(
      { what: `sofakafka ${name}`, value: ratio(m(name), baseline), target: '<= 1.3x', ok: m(name) / baseline <= 1.3 },
      { what: `sofakafka ${name}, code cache off`, value: ratio(m(`${name} (no code cache)`), baseline) },
    );
  }
  rows.push(...steps(cacheEnv));
  rmSync(cacheEnv.SOFAKAFKA_CACHE_DIR, { recursive: true, force: true });

  const kafkaTopics = timeCommand('java', ['-cp', `${cluster.state.libDir}/*`, 'org.apache.kafka.tools.TopicCommand', '--bootstrap-server', cluster.bootstrap, '--command-config', cluster.adminProperties, '--list'], { runs: Math.min(runs, 5) });
  rows.push(
    { what: 'kafka-topics --list (JVM)', value: `${kafkaTopics.toFixed(0)} ms` },
    { what: 'sofakafka topic list vs kafka-topics', value: `${(m('topic list') / kafkaTopics).toFixed(2)}x kafka-topics`, target: '<= 0.2x', ok: m('topic list') / kafkaTopics <= 0.2 },
  );
} finally {
  cluster.stop();
}

// kcat (librdkafka 2.0.2 on Debian) cannot do SCRAM against Kafka 4.x, so compare on a 3.9 cluster.
if (spawnSync('kcat', ['-V']).status === 0) {
  const old = await startCluster({ kafkaVersion: '3.9.1' });
  try {
    const list = timeCommand(node, [bin, 'topic', 'list'], { runs, env: old.env });
    const kcat = timeCommand('kcat', ['-b', old.bootstrap, '-X', 'security.protocol=SASL_PLAINTEXT', '-X', 'sasl.mechanisms=SCRAM-SHA-512', '-X', 'sasl.username=admin', '-X', `sasl.password=${old.state.secrets.adminPassword}`, '-L'], { runs });
    rows.push(
      { what: 'kcat -L (Kafka 3.9.1)', value: `${kcat.toFixed(0)} ms` },
      { what: 'sofakafka topic list (Kafka 3.9.1)', value: `${list.toFixed(0)} ms = ${(list / kcat).toFixed(2)}x kcat`, target: '<= 3x', ok: list / kcat <= 3 },
    );
  } finally {
    old.stop();
  }
}
report('startup', rows);

/**
 * `topic list`'s steps timed inside one process (median of `runs`), loading the bundle's own
 * files in the order bin/ does, with the code cache warm.
 */
function steps(env) {
  const script = `
    import { readdirSync } from 'node:fs';
    const t = [['node start, to the first line of a script', performance.now()]];
    let last = performance.now();
    const step = (name) => { const now = performance.now(); t.push([name, now - last]); last = now; };
    const dir = ${JSON.stringify(bundle)};
    const find = (prefix) => dir + readdirSync(dir).find((f) => f.startsWith(prefix));
    const main = await import(dir + 'main.js'); step('load main bundle: commander, chalk, cli-table3, command tree');
    const { resolveConnection } = await import(find('connection-'));
    const conn = await resolveConnection({ configPath: process.env.SOFAKAFKA_CONFIG, env: process.env, flags: {}, promptSecret: () => { throw new Error('no'); } });
    step('read the context: yaml and config.yaml');
    const { KafkaClient } = await import(find('client-')); step('load kafkajs and the client layer');
    const client = await KafkaClient.connect(conn, { timeoutMs: 30000, log: () => {} });
    await client.call('connect', async () => {}); step('connect: TCP, ApiVersions, SASL handshake, SCRAM (2 round trips), Metadata');
    await client.call('metadata', () => client.refreshMetadata()); step('one Metadata round trip');
    await client.close(); step('close the connection');
    main.saveCompileCaches();
    console.log(JSON.stringify(t));`;
  const byStep = new Map();
  for (let i = 0; i < runs; i++) {
    const result = spawnSync(node, ['--input-type=module', '-e', script], { env, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`steps failed: ${result.stderr}`);
    for (const [name, ms] of JSON.parse(result.stdout)) byStep.set(name, [...(byStep.get(name) ?? []), ms]);
  }
  const salted = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    pbkdf2Sync('password', 'salt', 4096, 64, 'sha512');
    salted.push(performance.now() - started);
  }
  byStep.set('of which SCRAM-SHA-512 PBKDF2, 4096 iterations', salted);
  return [...byStep].map(([name, values]) => ({ what: `step: ${name}`, value: `${values.sort((a, b) => a - b)[Math.floor(values.length / 2)].toFixed(1)} ms` }));
}
