#!/usr/bin/env node
// `offset reset --time --execute` on a 100-partition topic against Kafka's kafka-consumer-groups
// --reset-offsets --to-datetime --execute doing the same on a second group, in the same run.
import { spawnSync } from 'node:child_process';
import kafkajs from 'kafkajs';
import { bin, report, startCluster } from './lib.mjs';

const runs = Number(process.env.RUNS ?? 5);
const partitions = 100;
const node = process.execPath;
const cluster = await startCluster();
const rows = [];

function timed(command, args, env) {
  const started = process.hrtime.bigint();
  const result = spawnSync(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${result.stderr}`);
  return Number(process.hrtime.bigint() - started) / 1e6;
}

const median = (times) => [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)];

try {
  const topic = 'bench-reset';
  timed(node, [bin, 'topic', 'create', topic, '--partitions', String(partitions)], cluster.env);
  // Ten messages per partition, a minute apart, the newest a minute ago.
  const kafka = new kafkajs.Kafka({ brokers: cluster.bootstrap.split(','), sasl: { mechanism: 'scram-sha-512', username: 'admin', password: cluster.state.secrets.adminPassword }, logLevel: kafkajs.logLevel.NOTHING });
  const producer = kafka.producer();
  await producer.connect();
  const base = Date.now() - 11 * 60_000;
  for (let i = 0; i < 10; i++) {
    await producer.send({ topic, acks: -1, messages: Array.from({ length: partitions }, (_, partition) => ({ partition, timestamp: String(base + i * 60_000), value: `m${i}` })) });
  }
  await producer.disconnect();

  // Alternate between two times so every run really moves the offsets.
  const timesToUse = [new Date(base + 2.5 * 60_000).toISOString(), new Date(base + 7.5 * 60_000).toISOString()];
  const ours = [];
  const theirs = [];
  for (let run = 0; run <= runs; run++) {
    const at = timesToUse[run % 2];
    const mine = timed(node, [bin, 'offset', 'reset', '--group', 'bench-ours', '--topic', topic, '--time', at, '--new-group', '--execute', '-o', 'json'], cluster.env);
    const java = timed('java', ['-cp', `${cluster.state.libDir}/*`, 'org.apache.kafka.tools.consumer.group.ConsumerGroupCommand', '--bootstrap-server', cluster.bootstrap, '--command-config', cluster.adminProperties,
      '--group', 'bench-theirs', '--reset-offsets', '--topic', topic, '--to-datetime', at, '--execute']);
    if (run > 0) { // the first run of each warms caches
      ours.push(mine);
      theirs.push(java);
    }
  }
  // Both tools must have set the same offsets for the comparison to mean anything.
  const admin = kafka.admin();
  await admin.connect();
  const [a] = await admin.fetchOffsets({ groupId: 'bench-ours', topics: [topic] });
  const [b] = await admin.fetchOffsets({ groupId: 'bench-theirs', topics: [topic] });
  await admin.disconnect();
  const same = JSON.stringify(a.partitions.sort((x, y) => x.partition - y.partition)) === JSON.stringify(b.partitions.sort((x, y) => x.partition - y.partition));

  const [mine, java] = [median(ours), median(theirs)];
  rows.push(
    { what: `kafka-consumer-groups --reset-offsets --to-datetime --execute, ${partitions} partitions (JVM)`, value: `${java.toFixed(0)} ms` },
    { what: `sofakafka offset reset --time --execute, ${partitions} partitions`, value: `${mine.toFixed(0)} ms = ${(mine / java).toFixed(2)}x kafka-consumer-groups`, target: '<= 0.2x', ok: mine / java <= 0.2 },
    { what: 'both tools set the same offsets', value: same ? 'yes' : 'NO', target: 'yes', ok: same },
  );
} finally {
  cluster.stop();
}
report('offset-reset', rows);
