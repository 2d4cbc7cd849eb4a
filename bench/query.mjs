#!/usr/bin/env node
// `msg query`: what a --key query reads against a full scan, peak memory of a full scan, and scan
// speed against kcat reading the same topic, in the same run. MESSAGES=100000 for a quick run;
// COMPRESSION=gzip|snappy|lz4|zstd writes the topic with that codec (default none).
import { spawnSync } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import kafkajs from 'kafkajs';
import { partitionForKey } from '../dist/kafka/messages/partitioner.js';
import { codecId, compressionCodecs, loadCodec, registerKafkajsCodecs } from '../dist/kafka/protocol/compression.js';
import { bin, report, startCluster } from './lib.mjs';

const runs = Number(process.env.RUNS ?? 3);
const partitions = Number(process.env.PARTITIONS ?? 12);
const perPartition = Math.ceil(Number(process.env.MESSAGES ?? 1_000_000) / partitions);
const total = perPartition * partitions; // equal partitions, so "1/N of a full scan" is exact
const keysPerPartition = 100;
const topic = 'bench-query';
const needle = 'text-that-never-occurs'; // --grep of it: a full scan whose output costs nothing
const node = process.execPath;
const compression = process.env.COMPRESSION ?? 'none';
if (!compressionCodecs.includes(compression)) throw new Error(`COMPRESSION must be one of ${compressionCodecs.join(', ')}`);

// Keys user-<n> sorted by the partition the default partitioner sends them to, so that each
// partition gets the same number of messages although kafkajs (not we) picks the partition.
const keysOf = Array.from({ length: partitions }, () => []);
for (let n = 0; keysOf.some((keys) => keys.length < keysPerPartition); n++) {
  const keys = keysOf[partitionForKey(`user-${n}`, partitions)];
  if (keys.length < keysPerPartition) keys.push(`user-${n}`);
}
const keyAt = (i) => keysOf[i % partitions][Math.floor(i / partitions) % keysPerPartition];
const queriedKey = keysOf.flat().includes('user-42') ? 'user-42' : keysOf[0][0];

async function produce(cluster) {
  sofakafka(['topic', 'create', topic, '--partitions', String(partitions)], cluster.env);
  const kafka = new kafkajs.Kafka({ brokers: cluster.bootstrap.split(','), sasl: { mechanism: 'scram-sha-512', username: 'admin', password: cluster.state.secrets.adminPassword }, logLevel: kafkajs.logLevel.NOTHING });
  const producer = kafka.producer({ createPartitioner: kafkajs.Partitioners.DefaultPartitioner });
  registerKafkajsCodecs();
  await loadCodec(codecId(compression));
  const started = Date.now();
  await producer.connect();
  try {
    const perSend = 10_000;
    let next = 0;
    const worker = async () => {
      while (next < total) {
        const from = next;
        next = Math.min(total, next + perSend);
        const messages = [];
        for (let i = from; i < next; i++) {
          const key = keyAt(i);
          messages.push({ key, value: `${key} order ${i} `.padEnd(100, '.') });
        }
        await producer.send({ topic, acks: 1, compression: codecId(compression), messages });
      }
    };
    await Promise.all(Array.from({ length: 4 }, worker)); // four sends in flight
  } finally {
    await producer.disconnect();
  }
  // The partitioner we read with and kafkajs's must agree, or the partitions are not equal.
  const admin = kafka.admin();
  await admin.connect();
  const offsets = await admin.fetchTopicOffsets(topic).finally(() => admin.disconnect());
  const uneven = offsets.filter((o) => Number(o.high) !== perPartition);
  if (uneven.length > 0) throw new Error(`partitions are not ${perPartition} messages each: ${JSON.stringify(uneven)}`);
  return Date.now() - started;
}

function sofakafka(args, env) {
  const result = spawnSync(node, [bin, ...args], { env, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`sofakafka ${args.join(' ')} failed: ${result.stderr}`);
  return result;
}

/**
 * Wall time, CPU time (user + system: steadier than wall time on a shared machine) and peak RSS
 * (GNU time's %M) of one run. stdout goes to /dev/null unless `capture`:
 * lib's timeCommand pipes stdout into a 1 MiB buffer, too small for kcat's 100 MB.
 */
function measure(command, args, { env = process.env, capture = false } = {}) {
  const devNull = capture ? undefined : openSync('/dev/null', 'w');
  try {
    const started = process.hrtime.bigint();
    const result = spawnSync('/usr/bin/time', ['-f', '%M %U %S', command, ...args], { env, encoding: 'utf8', maxBuffer: 1 << 30, stdio: ['ignore', capture ? 'pipe' : devNull, 'pipe'] });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${result.stderr}`);
    const [rssKb, user, system] = result.stderr.trim().split('\n').at(-1).split(' ').map(Number);
    return { ms, rssMb: Math.round(rssKb / 1024), cpuS: user + system, stdout: result.stdout };
  } finally {
    if (devNull !== undefined) closeSync(devNull);
  }
}

/** `runs` runs after a warm-up: median wall time, highest peak RSS, the last run's JSON. */
function repeat(command, args, options) {
  const results = Array.from({ length: runs + 1 }, () => measure(command, args, options)).slice(1);
  const times = results.map((r) => r.ms).sort((a, b) => a - b);
  const last = results.at(-1);
  const cpu = results.map((r) => r.cpuS).sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)], cpuS: cpu[Math.floor(cpu.length / 2)], rssMb: Math.max(...results.map((r) => r.rssMb)), json: options?.capture ? JSON.parse(last.stdout) : undefined };
}

const fullScan = ['msg', 'query', '-t', topic, '--grep', needle, '-o', 'json'];
const rate = (ms) => Math.round(total / (ms / 1000));
const fmt = (n) => n.toLocaleString('en-US');
const rows = [];

const cluster = await startCluster();
try {
  const produceMs = await produce(cluster);
  rows.push({ what: `produce ${fmt(total)} x 100 B to ${partitions} partitions (kafkajs, compression ${compression}, setup)`, value: `${(produceMs / 1000).toFixed(1)} s` });
  const full = repeat(node, [bin, ...fullScan], { env: cluster.env, capture: true });
  const key = repeat(node, [bin, 'msg', 'query', '-t', topic, '--key', queriedKey, '--count', String(total), '-o', 'json'], { env: cluster.env, capture: true });
  const expected = Array.from({ length: total }, (_, i) => keyAt(i)).filter((k) => k === queriedKey).length;
  const share = key.json.stats.scanned / full.json.stats.scanned;
  rows.push(
    { what: `full scan (--grep nomatch): messages scanned`, value: fmt(full.json.stats.scanned), target: fmt(total), ok: full.json.stats.scanned === total },
    { what: `full scan: wall time, rate, CPU`, value: `${(full.ms / 1000).toFixed(2)} s, ${fmt(rate(full.ms))} msg/s (reader's own figure ${fmt(full.json.stats.messagesPerSecond)} msg/s), ${full.cpuS.toFixed(2)} s CPU` },
    { what: `full scan over ${fmt(total)} messages: peak RSS`, value: `${full.rssMb} MB`, target: '<= 150 MB', ok: full.rssMb <= 150 },
    { what: `--key ${queriedKey}: messages scanned`, value: `${fmt(key.json.stats.scanned)} in ${key.json.stats.partitions} of ${partitions} partitions = ${share.toFixed(4)} of a full scan`, target: `<= 1/${partitions} = ${(1 / partitions).toFixed(4)}`, ok: share <= 1 / partitions + 1e-12 },
    { what: `--key ${queriedKey}: matched`, value: fmt(key.json.stats.matched), target: fmt(expected), ok: key.json.stats.matched === expected },
    { what: `--key ${queriedKey}: wall time, peak RSS`, value: `${(key.ms / 1000).toFixed(2)} s, ${key.rssMb} MB` },
  );
} finally {
  cluster.stop();
}

// kcat (librdkafka 2.0.2 on Debian) cannot do SCRAM against Kafka 4.x, so compare on a 3.9 cluster.
if (spawnSync('kcat', ['-V']).status === 0) {
  const old = await startCluster({ kafkaVersion: '3.9.1' });
  try {
    await produce(old);
    const kcatArgs = ['-b', old.bootstrap, '-X', 'security.protocol=SASL_PLAINTEXT', '-X', 'sasl.mechanisms=SCRAM-SHA-512', '-X', 'sasl.username=admin', '-X', `sasl.password=${old.state.secrets.adminPassword}`, '-C', '-t', topic, '-e', '-q', '-o', 'beginning'];
    // kcat prints each value on a line: check once that it really read every message.
    const lines = measure('kcat', kcatArgs, { capture: true }).stdout.split('\n').length - 1;
    if (lines !== total) throw new Error(`kcat read ${lines} messages, not ${total}`);
    const kcat = repeat('kcat', kcatArgs);
    const ours = repeat(node, [bin, ...fullScan], { env: old.env, capture: true });
    if (ours.json.stats.scanned !== total) throw new Error(`msg query scanned ${ours.json.stats.scanned}, not ${total}`);
    rows.push(
      { what: `kcat -C -e to /dev/null, ${fmt(total)} messages (Kafka 3.9.1)`, value: `${(kcat.ms / 1000).toFixed(2)} s = ${fmt(rate(kcat.ms))} msg/s, ${kcat.cpuS.toFixed(2)} s CPU, peak RSS ${kcat.rssMb} MB` },
      { what: `msg query full scan, same topic (Kafka 3.9.1)`, value: `${(ours.ms / 1000).toFixed(2)} s = ${fmt(rate(ours.ms))} msg/s = ${(kcat.ms / ours.ms).toFixed(2)}x kcat's rate, ${ours.cpuS.toFixed(2)} s CPU, peak RSS ${ours.rssMb} MB (reader's own figure ${fmt(ours.json.stats.messagesPerSecond)} msg/s)`, target: '>= 1x', ok: kcat.ms / ours.ms >= 1 },
    );
  } finally {
    old.stop();
  }
}
report(compression === 'none' ? 'query' : `query-${compression}`, rows);
