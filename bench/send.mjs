#!/usr/bin/env node
// `msg send` throughput, 1 KB records from a file, against Kafka's kafka-producer-perf-test
// (ProducerPerformance) in the same run on a 3-broker cluster (6 partitions, replication factor 3).
// async is compared with ProducerPerformance acks=all, oneway with acks=0. Our figure is the whole
// command's wall time (start-up, reading the file, metadata, sending); ProducerPerformance's is the
// records/sec it prints itself (its JVM start-up excluded), so the ratio errs against us.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import kafkajs from 'kafkajs';
import { bin, report, startCluster } from './lib.mjs';

const records = Number(process.env.RECORDS ?? 100_000);
const runs = Number(process.env.RUNS ?? 3);
const partitions = 6;
const node = process.execPath;
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

function timed(command, args, env) {
  const started = process.hrtime.bigint();
  const result = spawnSync(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status}): ${result.stderr}`);
  return { ms, stdout: result.stdout };
}

const cluster = await startCluster({ brokers: 3 });
const rows = [];
try {
  // N lines of 1 KB (1024 bytes of printable text, then the newline), different on every line.
  const file = join(cluster.dir, 'records.txt');
  const line = (i) => `${String(i).padStart(10, '0')}:${'x'.repeat(1013)}`;
  writeFileSync(file, `${Array.from({ length: records }, (_, i) => line(i)).join('\n')}\n`);

  const topics = { async: 'bench-send-async', oneway: 'bench-send-oneway', all: 'bench-perf-acks-all', zero: 'bench-perf-acks-0' };
  for (const topic of Object.values(topics)) {
    timed(node, [bin, 'topic', 'create', topic, '--partitions', String(partitions), '--replication-factor', '3'], cluster.env);
  }

  const ours = (mode, topic) => {
    const { ms } = timed(node, [bin, 'msg', 'send', '-t', topic, '--file', file, '--mode', mode], cluster.env);
    return { ms, perSecond: records / (ms / 1000) };
  };
  const theirs = (acks, topic) => {
    const { ms, stdout } = timed('java', ['-cp', `${cluster.state.libDir}/*`, 'org.apache.kafka.tools.ProducerPerformance',
      '--bootstrap-server', cluster.bootstrap, '--command-config', cluster.adminProperties, '--topic', topic,
      '--num-records', String(records), '--record-size', '1024', '--throughput', '-1', '--command-property', `acks=${acks}`]);
    // Last line: "100000 records sent, 12345.6 records/sec (12.06 MB/sec), ..."
    const last = stdout.trim().split('\n').at(-1);
    const match = /([\d.]+) records\/sec/.exec(last);
    if (!match) throw new Error(`cannot read ProducerPerformance's result: ${last}`);
    return { ms, perSecond: Number(match[1]) };
  };

  // One warm-up round (page cache, JIT, the brokers' first segments), then `runs` rounds, interleaved
  // so that load from other work on the machine falls on both tools alike.
  const results = { async: [], oneway: [], all: [], zero: [] };
  for (let run = 0; run <= runs; run++) {
    const round = { async: ours('async', topics.async), all: theirs('all', topics.all), oneway: ours('oneway', topics.oneway), zero: theirs('0', topics.zero) };
    if (run > 0) for (const [name, result] of Object.entries(round)) results[name].push(result);
  }

  // Every record must have arrived for the figures to mean anything (acks=0 included).
  const kafka = new kafkajs.Kafka({ brokers: cluster.bootstrap.split(','), sasl: { mechanism: 'scram-sha-512', username: 'admin', password: cluster.state.secrets.adminPassword }, logLevel: kafkajs.logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const stored = {};
  for (const [name, topic] of Object.entries(topics)) {
    stored[name] = (await admin.fetchTopicOffsets(topic)).reduce((sum, p) => sum + Number(p.high), 0);
  }
  await admin.disconnect();
  const expected = (runs + 1) * records;

  const rate = (name) => median(results[name].map((r) => r.perSecond));
  const wall = (name) => median(results[name].map((r) => r.ms));
  const fmt = (n) => Math.round(n).toLocaleString('en-US');
  const [async, all, oneway, zero] = [rate('async'), rate('all'), rate('oneway'), rate('zero')];
  const setting = `${records.toLocaleString('en-US')} x 1 KB, 3 brokers, RF 3, ${partitions} partitions, median of ${runs}`;
  rows.push(
    { what: `setting`, value: setting },
    { what: 'kafka-producer-perf-test acks=all (JVM)', value: `${fmt(all)} records/s (its own figure; whole JVM run ${(wall('all') / 1000).toFixed(1)} s)` },
    { what: 'sofakafka msg send --mode async', value: `${fmt(async)} records/s, ${(wall('async') / 1000).toFixed(1)} s wall incl. start-up = ${(async / all).toFixed(2)}x perf-test`, target: '>= 0.5x', ok: async / all >= 0.5 },
    { what: 'kafka-producer-perf-test acks=0 (JVM)', value: `${fmt(zero)} records/s (its own figure; whole JVM run ${(wall('zero') / 1000).toFixed(1)} s)` },
    { what: 'sofakafka msg send --mode oneway', value: `${fmt(oneway)} records/s, ${(wall('oneway') / 1000).toFixed(1)} s wall incl. start-up = ${(oneway / zero).toFixed(2)}x perf-test`, target: '>= 0.7x', ok: oneway / zero >= 0.7 },
    { what: 'whitepaper floor (3 x 4-core brokers)', value: `msg send async ${fmt(async)} records/s = ${(async / 5000).toFixed(2)}x 5,000 TPS, here 3 brokers + client share 2 cores`, target: '>= 5,000', ok: async >= 5000 },
    { what: 'every record stored', value: Object.entries(stored).map(([name, n]) => `${name} ${n}/${expected}`).join(', '), target: 'all', ok: Object.values(stored).every((n) => n === expected) },
  );
} finally {
  cluster.stop();
}
report('send', rows);
