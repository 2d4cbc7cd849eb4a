import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sharedCluster } from './cli.js';
import { type ProcessResult, runProcess } from './run-process.js';

/**
 * Kafka's own CLI tools, run from the same jars as the brokers: the independent second path that
 * checks what sofakafka did (the kafka-tools artifact comes along with `local up`).
 */
export function kafkaTool(mainClass: string, args: string[], options: { stdin?: string; timeoutMs?: number } = {}): Promise<ProcessResult> {
  const cluster = sharedCluster();
  const main = /\/3\.\d+\.\d+\//.test(cluster.libDir) ? (kafka3Names[mainClass] ?? mainClass) : mainClass;
  return runProcess('java', ['-Xmx256m', '-Dlog4j2.level=ERROR', '-Dlog4j2.rootLogger.level=ERROR', '-cp', `${cluster.libDir}/*`, main, ...args], {
    ...(options.stdin === undefined ? {} : { stdin: options.stdin }),
    timeoutMs: options.timeoutMs ?? 60_000,
  });
}

/** Tools that Kafka 4 moved to org.apache.kafka.tools still live under their Scala names in 3.9. */
const kafka3Names: Record<string, string> = {
  'org.apache.kafka.tools.ConsoleProducer': 'kafka.tools.ConsoleProducer',
  'org.apache.kafka.tools.AclCommand': 'kafka.admin.AclCommand',
  'org.apache.kafka.tools.DumpLogSegments': 'kafka.tools.DumpLogSegments',
};

/**
 * A client properties file for a user, as Kafka's tools take with --command-config (SCRAM-SHA-256/512
 * or PLAIN); with `caFile`, over SASL_SSL trusting that CA as a PEM truststore.
 */
export function clientProperties(dir: string, user: string, password: string, mechanism = 'SCRAM-SHA-512', caFile?: string): string {
  const path = join(dir, `${user}-${mechanism}${caFile ? '-tls' : ''}.properties`);
  const loginModule = mechanism === 'PLAIN' ? 'org.apache.kafka.common.security.plain.PlainLoginModule' : 'org.apache.kafka.common.security.scram.ScramLoginModule';
  writeFileSync(path, [
    `security.protocol=${caFile ? 'SASL_SSL' : 'SASL_PLAINTEXT'}`,
    `sasl.mechanism=${mechanism}`,
    `sasl.jaas.config=${loginModule} required username="${user}" password="${password}";`,
    ...(caFile ? ['ssl.truststore.type=PEM', `ssl.truststore.location=${caFile}`] : []),
    '',
  ].join('\n'));
  return path;
}

export const adminProperties = () => {
  const cluster = sharedCluster();
  return clientProperties(cluster.dir, 'admin', cluster.adminPassword);
};

/**
 * CURRENT-OFFSET per partition as Kafka's own kafka-consumer-groups --describe reports it (partitions
 * without a committed offset are left out). By default on the shared cluster, as admin.
 */
export async function committedByKafka(group: string, topic: string, on: { bootstrap: string; commandConfig: string } = { bootstrap: sharedCluster().bootstrap, commandConfig: adminProperties() }): Promise<Record<number, number>> {
  const result = await kafkaTool('org.apache.kafka.tools.consumer.group.ConsumerGroupCommand', ['--bootstrap-server', on.bootstrap, '--command-config', on.commandConfig, '--describe', '--group', group]);
  const rows: Record<number, number> = {};
  for (const line of result.stdout.split('\n')) {
    const cells = line.trim().split(/\s+/);
    // GROUP TOPIC PARTITION CURRENT-OFFSET LOG-END-OFFSET LAG ...
    if (cells[1] === topic && /^\d+$/.test(cells[2] ?? '') && /^\d+$/.test(cells[3] ?? '')) rows[Number(cells[2])] = Number(cells[3]);
  }
  return rows;
}
