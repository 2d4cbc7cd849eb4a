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
  const kafka3 = /\/3\.\d+\.\d+\//.test(cluster.libDir);
  const main = kafka3 ? (kafka3Names[mainClass] ?? mainClass) : mainClass;
  const kafka3Config = kafka3 ? kafka3ConfigOptions[mainClass] : undefined;
  const toolArgs = kafka3Config ? args.map((arg) => (arg === '--command-config' ? kafka3Config : arg)) : args;
  return runProcess('java', ['-Xmx256m', kafka3 ? log4j1Errors : log4j2Errors, '-cp', `${cluster.libDir}/*`, main, ...toolArgs], {
    ...(options.stdin === undefined ? {} : { stdin: options.stdin }),
    timeoutMs: options.timeoutMs ?? 60_000,
  });
}

/**
 * The tools' logging on stderr, as Kafka's own bin/ scripts send it (they log from WARN; errors only
 * here), on both log4j lines: without a configuration 3.9's reload4j prints nothing at all and 4.x's
 * log4j 2 logs to stdout. A tool's stdout is then only its data, and an error it logs (a refused
 * send) is on stderr.
 */
const toolsLogging = join(import.meta.dirname, '..', 'fixtures', 'tools-logging');
const log4j1Errors = `-Dlog4j.configuration=file:${join(toolsLogging, 'log4j.properties')}`;
const log4j2Errors = `-Dlog4j2.configurationFile=${join(toolsLogging, 'log4j2.properties')}`;

/** Tools that Kafka 4 moved to org.apache.kafka.tools still live under their Scala names in 3.9. */
const kafka3Names: Record<string, string> = {
  'org.apache.kafka.tools.ConsoleProducer': 'kafka.tools.ConsoleProducer',
  'org.apache.kafka.tools.AclCommand': 'kafka.admin.AclCommand',
  'org.apache.kafka.tools.DumpLogSegments': 'kafka.tools.DumpLogSegments',
};

/**
 * 3.9's console tools take their client properties as --producer.config / --consumer.config; 4.x
 * names it --command-config like the other tools (and prints a deprecation line on stdout for the old
 * names), so tests pass --command-config and it is renamed here on 3.9.
 */
const kafka3ConfigOptions: Record<string, string> = {
  'org.apache.kafka.tools.ConsoleProducer': '--producer.config',
  'org.apache.kafka.tools.consumer.ConsoleConsumer': '--consumer.config',
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
