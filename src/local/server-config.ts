import { join } from 'node:path';
import type { NodeLayout } from './layout.js';
import type { TlsFiles } from './tls.js';
import { isKafka4 } from './versions.js';

export interface Secrets {
  /** The admin super-user's password (SCRAM, both mechanisms). */
  adminPassword: string;
  /** The controller listener's PLAIN password: SCRAM users live in the metadata log, which controllers must read first. */
  controllerPassword: string;
}

const scram = (user: string, password: string) =>
  `org.apache.kafka.common.security.scram.ScramLoginModule required username="${user}" password="${password}";`;

const plain = (users: string) => `org.apache.kafka.common.security.plain.PlainLoginModule required ${users};`;

/** The listeners a cluster opens beyond the SCRAM client listener: --with-tls and --with-plain. */
export interface ExtraLogins {
  tls?: TlsFiles;
  /** Also accept SASL/PLAIN for the admin on the client (and TLS) listeners. */
  plain?: boolean;
}

/** server.properties for one combined broker/controller node of a local cluster. */
export function serverProperties(node: NodeLayout, nodes: NodeLayout[], version: string, secrets: Secrets, extra: ExtraLogins = {}): string {
  const replication = nodes.length >= 3 ? 3 : 1;
  const minIsr = nodes.length >= 3 ? 2 : 1;
  const { tls } = extra;
  const withTls = tls !== undefined && node.tlsPort !== undefined;
  const lines: Array<[string, string | number]> = [
    ['process.roles', 'broker,controller'],
    ['node.id', node.id],
    ['controller.quorum.voters', nodes.map((n) => `${n.id}@127.0.0.1:${n.controllerPort}`).join(',')],
    ['listeners', `CLIENT://127.0.0.1:${node.clientPort},CONTROLLER://127.0.0.1:${node.controllerPort}${withTls ? `,TLS://127.0.0.1:${node.tlsPort}` : ''}`],
    ['advertised.listeners', `CLIENT://127.0.0.1:${node.clientPort}${withTls ? `,TLS://127.0.0.1:${node.tlsPort}` : ''}`],
    ['listener.security.protocol.map', `CLIENT:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT${withTls ? ',TLS:SASL_SSL' : ''}`],
    ['inter.broker.listener.name', 'CLIENT'],
    ['controller.listener.names', 'CONTROLLER'],
    ['broker.rack', node.rack],
    // Clients authenticate with SCRAM (and, opted in, PLAIN); brokers talk to each other as admin over the same listener.
    ['sasl.enabled.mechanisms', `SCRAM-SHA-256,SCRAM-SHA-512${extra.plain ? ',PLAIN' : ''}`],
    ['sasl.mechanism.inter.broker.protocol', 'SCRAM-SHA-512'],
    ['listener.name.client.scram-sha-256.sasl.jaas.config', scram('admin', secrets.adminPassword)],
    ['listener.name.client.scram-sha-512.sasl.jaas.config', scram('admin', secrets.adminPassword)],
    // Controllers can't use SCRAM (its credentials are in the log they serve), so PLAIN with a generated password.
    ['sasl.mechanism.controller.protocol', 'PLAIN'],
    ['listener.name.controller.sasl.enabled.mechanisms', 'PLAIN'],
    [
      'listener.name.controller.plain.sasl.jaas.config',
      plain(`username="controller" password="${secrets.controllerPassword}" user_controller="${secrets.controllerPassword}"`),
    ],
    // No access unless an ACL grants it: the whitepaper's warning about open Kafka.
    ['authorizer.class.name', 'org.apache.kafka.metadata.authorizer.StandardAuthorizer'],
    ['allow.everyone.if.no.acl.found', 'false'],
    ['super.users', 'User:admin;User:controller'],
    ['log.dirs', join(node.dir, 'data')],
    ['num.partitions', 1],
    ['default.replication.factor', replication],
    ['min.insync.replicas', minIsr],
    ['offsets.topic.replication.factor', replication],
    ['offsets.topic.num.partitions', 10],
    ['transaction.state.log.replication.factor', replication],
    ['transaction.state.log.min.isr', minIsr],
    ['transaction.state.log.num.partitions', 10],
    // Typos in a topic name should fail, not create a topic.
    ['auto.create.topics.enable', 'false'],
    ['group.initial.rebalance.delay.ms', 0],
    // The defaults size these for big servers; a laptop broker needs far less heap.
    ['log.cleaner.dedupe.buffer.size', 8388608],
    ['num.network.threads', 2],
    ['num.io.threads', 4],
  ];
  if (withTls) lines.push(...tlsListener(secrets, tls));
  if (extra.plain) lines.push(...plainLogins(secrets, withTls ? ['client', 'tls'] : ['client']));
  if (isKafka4(version)) {
    lines.push(['share.coordinator.state.topic.replication.factor', replication], ['share.coordinator.state.topic.min.isr', minIsr]);
  }
  return `# Written by sofakafka local up; rewritten on every start.\n${lines.map(([k, v]) => `${k}=${v}`).join('\n')}\n`;
}

/**
 * The --tls listener: SASL_SSL with the same SCRAM users, PEM key/trust stores (no JKS, no keytool),
 * and client certificates requested but not required. Only this listener changes; brokers still
 * talk to each other on CLIENT.
 */
function tlsListener(secrets: Secrets, tls: TlsFiles): Array<[string, string | number]> {
  return [
    ['listener.name.tls.scram-sha-256.sasl.jaas.config', scram('admin', secrets.adminPassword)],
    ['listener.name.tls.scram-sha-512.sasl.jaas.config', scram('admin', secrets.adminPassword)],
    ['listener.name.tls.ssl.keystore.type', 'PEM'],
    ['listener.name.tls.ssl.keystore.location', tls.brokerKeystore],
    ['listener.name.tls.ssl.truststore.type', 'PEM'],
    ['listener.name.tls.ssl.truststore.location', tls.caFile],
    // On SASL_SSL listeners Kafka reads only the listener-prefixed ssl.client.auth (KIP-684).
    ['listener.name.tls.ssl.client.auth', 'requested'],
  ];
}

/**
 * --with-plain: PLAIN has no user store in Kafka, so its one user is the admin, a static JAAS entry
 * with the admin's generated password. Users made with `user create` are SCRAM users and stay so.
 */
function plainLogins(secrets: Secrets, listeners: string[]): Array<[string, string]> {
  return listeners.map((listener) => [`listener.name.${listener}.plain.sasl.jaas.config`, plain(`user_admin="${secrets.adminPassword}"`)]);
}

/** Logging to <node>/server.log for both logging stacks (log4j2 on 4.x, reload4j on 3.9). */
export function log4j2Config(node: NodeLayout): string {
  return `status = warn
appender.file.type = RollingFile
appender.file.name = FILE
appender.file.fileName = ${join(node.dir, 'server.log')}
appender.file.filePattern = ${join(node.dir, 'server.log.%i')}
appender.file.layout.type = PatternLayout
appender.file.layout.pattern = [%d] %p %m (%c)%n
appender.file.policies.type = Policies
appender.file.policies.size.type = SizeBasedTriggeringPolicy
appender.file.policies.size.size = 20MB
appender.file.strategy.type = DefaultRolloverStrategy
appender.file.strategy.max = 2
rootLogger.level = INFO
rootLogger.appenderRef.file.ref = FILE
logger.state.name = state.change.logger
logger.state.level = WARN
logger.request.name = kafka.request.logger
logger.request.level = WARN
`;
}

export function reload4jConfig(node: NodeLayout): string {
  return `log4j.rootLogger=INFO, file
log4j.appender.file=org.apache.log4j.RollingFileAppender
log4j.appender.file.File=${join(node.dir, 'server.log')}
log4j.appender.file.MaxFileSize=20MB
log4j.appender.file.MaxBackupIndex=2
log4j.appender.file.layout=org.apache.log4j.PatternLayout
log4j.appender.file.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.state.change.logger=WARN
log4j.logger.kafka.request.logger=WARN
`;
}
