#!/usr/bin/env node
// Start-up and round-trip cost of simple commands, against references measured in the same run.
import { spawnSync } from 'node:child_process';
import { bin, report, startCluster, timeCommand } from './lib.mjs';

const runs = Number(process.env.RUNS ?? 10);
const node = process.execPath;
const baseline = timeCommand(node, ['-e', '0'], { runs });
const version = timeCommand(node, [bin, '--version'], { runs });
const help = timeCommand(node, [bin, '--help'], { runs });

const cluster = await startCluster();
const rows = [];
try {
  const list = timeCommand(node, [bin, 'topic', 'list'], { runs, env: cluster.env });
  const kafkaTopics = timeCommand('java', ['-cp', `${cluster.state.libDir}/*`, 'org.apache.kafka.tools.TopicCommand', '--bootstrap-server', cluster.bootstrap, '--command-config', cluster.adminProperties, '--list'], { runs: Math.min(runs, 5) });
  rows.push(
    { what: 'node -e 0 (reference)', value: `${baseline.toFixed(0)} ms` },
    { what: 'sofakafka --version', value: `${version.toFixed(0)} ms = ${(version / baseline).toFixed(2)}x node`, target: '<= 1.5x', ok: version / baseline <= 1.5 },
    { what: 'sofakafka --help', value: `${help.toFixed(0)} ms = ${(help / baseline).toFixed(2)}x node` },
    { what: 'kafka-topics --list (JVM)', value: `${kafkaTopics.toFixed(0)} ms` },
    { what: 'sofakafka topic list', value: `${list.toFixed(0)} ms = ${(list / kafkaTopics).toFixed(2)}x kafka-topics`, target: '<= 0.2x', ok: list / kafkaTopics <= 0.2 },
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
