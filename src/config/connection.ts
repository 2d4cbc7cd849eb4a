import { readFile } from 'node:fs/promises';
import { CliError, notFoundError, usageError } from '../errors.js';
import { type ContextEntry, loadConfig, type SaslMechanism, saslMechanisms } from './contexts.js';
import { parseJaasCredentials, parseProperties } from './properties.js';

/** Everything needed to reach one cluster, after flags, environment and context are merged. */
export interface Connection {
  contextName: string | undefined;
  brokers: string[];
  sasl: { mechanism: SaslMechanism; username: string; password: string } | undefined;
  tls: { ca?: string; cert?: string; key?: string; rejectUnauthorized: boolean } | undefined;
  rack: string | undefined;
}

/** The connection flags every command accepts. */
export interface ConnectionFlags {
  context?: string;
  bootstrapServer?: string;
  saslMechanism?: string;
  username?: string;
  passwordFile?: string;
  commandConfig?: string;
  tls?: boolean;
  tlsCa?: string;
  tlsCert?: string;
  tlsKey?: string;
  tlsInsecure?: boolean;
}

interface Layer {
  brokers?: string[];
  mechanism?: SaslMechanism;
  username?: string;
  /** A password or the file holding it: whichever layer names one last wins, as a unit. */
  secret?: { value: string } | { file: string };
  tls?: boolean;
  caFile?: string;
  certFile?: string;
  keyFile?: string;
  caPem?: string;
  insecure?: boolean;
  rack?: string;
}

export interface ResolveOptions {
  configPath: string;
  env: NodeJS.ProcessEnv;
  flags: ConnectionFlags;
  /** Asks for a password on a terminal; throws where there is none. */
  promptSecret: (message: string) => Promise<string>;
}

/** Precedence, highest first: flags (with --command-config under them), environment, context. */
export async function resolveConnection(options: ResolveOptions): Promise<Connection> {
  const { flags, env } = options;
  const config = await loadConfig(options.configPath);
  const contextName = flags.context ?? env.SOFAKAFKA_CONTEXT ?? config.currentContext;
  const context = contextName === undefined ? undefined : config.contexts[contextName];
  if (contextName !== undefined && !context && (flags.context !== undefined || env.SOFAKAFKA_CONTEXT !== undefined || !flags.bootstrapServer)) {
    const known = Object.keys(config.contexts);
    throw notFoundError(
      `no context named "${contextName}" in ${options.configPath}`,
      known.length ? `known contexts: ${known.join(', ')}` : 'create one with `sofakafka context add` or `sofakafka local up`',
    );
  }

  if (flags.bootstrapServer !== undefined && !splitBrokers(flags.bootstrapServer).length) {
    throw usageError('-b/--bootstrap-server is empty', 'give HOST:PORT[,HOST:PORT...], or leave the flag out to use the context');
  }
  // A --command-config file says who to be, as with Kafka's own tools: never borrow the context's identity.
  const fromFile = flags.commandConfig ? await commandConfigLayer(flags.commandConfig) : undefined;
  const layers: Layer[] = [
    context ? (fromFile ? { brokers: context.bootstrapServers, rack: context.rack } : contextLayer(context)) : {},
    fromFile ? { rack: env.SOFAKAFKA_RACK || undefined } : envLayer(env),
    fromFile ?? {},
    flagLayer(flags),
  ];
  const merged = Object.assign({}, ...layers.map(defined)) as Layer;
  // A password belongs to the user it was stored with: don't pair context's password with another --username.
  if (context?.sasl && merged.username !== context.sasl.username && merged.secret === layers[0]!.secret) {
    delete merged.secret;
  }

  if (!merged.brokers?.length) {
    throw usageError('no cluster to talk to', 'pass -b HOST:PORT, pick a context with --context, or start one with `sofakafka local up`');
  }
  return {
    contextName: context ? contextName : undefined,
    brokers: merged.brokers,
    sasl: await resolveSasl(merged, options),
    tls: await resolveTls(merged),
    rack: merged.rack,
  };
}

function defined(layer: Layer): Layer {
  return Object.fromEntries(Object.entries(layer).filter(([, value]) => value !== undefined)) as Layer;
}

function contextLayer(context: ContextEntry): Layer {
  return {
    brokers: context.bootstrapServers,
    mechanism: context.sasl?.mechanism,
    username: context.sasl?.username,
    secret: context.sasl?.passwordFile !== undefined ? { file: context.sasl.passwordFile }
      : context.sasl?.password !== undefined ? { value: context.sasl.password } : undefined,
    tls: context.tls?.enabled,
    caFile: context.tls?.caFile,
    certFile: context.tls?.certFile,
    keyFile: context.tls?.keyFile,
    insecure: context.tls?.insecure,
    rack: context.rack,
  };
}

function envLayer(env: NodeJS.ProcessEnv): Layer {
  return {
    brokers: env.SOFAKAFKA_BOOTSTRAP_SERVERS ? splitBrokers(env.SOFAKAFKA_BOOTSTRAP_SERVERS) : undefined,
    mechanism: env.SOFAKAFKA_SASL_MECHANISM ? parseMechanism(env.SOFAKAFKA_SASL_MECHANISM) : undefined,
    username: env.SOFAKAFKA_USERNAME || undefined,
    secret: env.SOFAKAFKA_PASSWORD ? { value: env.SOFAKAFKA_PASSWORD } : undefined,
    rack: env.SOFAKAFKA_RACK || undefined,
  };
}

function flagLayer(flags: ConnectionFlags): Layer {
  return {
    brokers: flags.bootstrapServer ? splitBrokers(flags.bootstrapServer) : undefined,
    mechanism: flags.saslMechanism ? parseMechanism(flags.saslMechanism) : undefined,
    username: flags.username,
    secret: flags.passwordFile ? { file: flags.passwordFile } : undefined,
    tls: flags.tls || flags.tlsCa || flags.tlsCert ? true : undefined,
    caFile: flags.tlsCa,
    certFile: flags.tlsCert,
    keyFile: flags.tlsKey,
    insecure: flags.tlsInsecure,
  };
}

/** Kafka's own client properties, as operators already keep them for kafka-topics and friends. */
async function commandConfigLayer(path: string): Promise<Layer> {
  const props = parseProperties(await readSmallFile(path, 'command config'));
  const known = [...props.keys()].filter((key) => /^(bootstrap\.servers|security\.protocol|sasl\.|ssl\.|client\.id$|request\.timeout\.ms$)/.test(key));
  if (!known.length) {
    throw usageError(`--command-config ${path} holds no Kafka client properties`, 'expected lines such as security.protocol=SASL_PLAINTEXT, sasl.mechanism=SCRAM-SHA-512 and sasl.jaas.config=...');
  }
  const protocol = (props.get('security.protocol') ?? 'PLAINTEXT').toUpperCase();
  if (!['PLAINTEXT', 'SSL', 'SASL_PLAINTEXT', 'SASL_SSL'].includes(protocol)) {
    throw usageError(`${path}: unknown security.protocol "${protocol}"`, 'use PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL');
  }
  const layer: Layer = { tls: protocol.endsWith('SSL') };
  const servers = props.get('bootstrap.servers');
  if (servers) layer.brokers = splitBrokers(servers);
  if (protocol.startsWith('SASL')) {
    layer.mechanism = parseMechanism(props.get('sasl.mechanism') ?? 'GSSAPI');
    const jaas = props.get('sasl.jaas.config');
    if (jaas === undefined) throw usageError(`--command-config ${path}: security.protocol ${protocol} needs sasl.jaas.config`, 'for example sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="ops" password="...";');
    const { username, password } = parseJaasCredentials(jaas);
    if (!/^\s*\S+\s+(required|requisite|sufficient|optional)\b/.test(jaas) || username === undefined || password === undefined) {
      throw usageError(`--command-config ${path}: sasl.jaas.config is not a login module line with username= and password=`, 'for example org.apache.kafka.common.security.scram.ScramLoginModule required username="ops" password="...";');
    }
    layer.username = username;
    layer.secret = { value: password };
  }
  for (const store of ['truststore', 'keystore'] as const) {
    const location = props.get(`ssl.${store}.location`);
    const type = (props.get(`ssl.${store}.type`) ?? 'JKS').toUpperCase();
    if (location && type !== 'PEM') {
      throw usageError(`${path}: ssl.${store}.type ${type} cannot be read by sofakafka`, 'convert it to PEM, or pass --tls-ca/--tls-cert/--tls-key');
    }
    if (location && store === 'truststore') layer.caFile = location;
    if (location && store === 'keystore') layer.certFile = layer.keyFile = location;
  }
  const inlineCa = props.get('ssl.truststore.certificates');
  if (inlineCa) layer.caPem = inlineCa;
  if (props.get('ssl.endpoint.identification.algorithm') === '') layer.insecure = true;
  return layer;
}

export function splitBrokers(value: string): string[] {
  const brokers = value.split(',').map((s) => s.trim()).filter(Boolean);
  for (const broker of brokers) {
    const port = Number(/:(\d{1,5})$/.exec(broker)?.[1]);
    if (!/^(\[[0-9a-fA-F:]+\]|[^:\s]+):\d{1,5}$/.test(broker) || port < 1 || port > 65535) {
      throw usageError(`"${broker}" is not a HOST:PORT bootstrap address`, 'for example -b 127.0.0.1:9092,127.0.0.1:9093 (ports 1-65535)');
    }
  }
  return brokers;
}

export function parseMechanism(value: string): SaslMechanism {
  const mechanism = value.toLowerCase() as SaslMechanism;
  if (!saslMechanisms.includes(mechanism)) {
    throw usageError(`unsupported SASL mechanism "${value}"`, `use one of: ${saslMechanisms.join(', ')}`);
  }
  return mechanism;
}

async function resolveSasl(layer: Layer, options: ResolveOptions): Promise<Connection['sasl']> {
  if (!layer.mechanism && !layer.username) return undefined;
  if (!layer.username) throw usageError('a SASL mechanism was given without a user', 'pass --username NAME');
  const mechanism = layer.mechanism ?? 'scram-sha-512';
  const secret = layer.secret;
  let password = secret === undefined ? undefined : 'file' in secret ? await readPasswordFile(secret.file) : secret.value;
  if (password === undefined) password = await options.promptSecret(`Password for ${layer.username}:`);
  if (password === '') throw usageError(`the password for ${layer.username} is empty`);
  return { mechanism, username: layer.username, password };
}

export async function readPasswordFile(path: string): Promise<string> {
  // One trailing newline is the file's, not the password's.
  return (await readSmallFile(path, 'password file')).replace(/\r?\n$/, '');
}

async function resolveTls(layer: Layer): Promise<Connection['tls']> {
  if (!layer.tls) return undefined;
  const tls: NonNullable<Connection['tls']> = { rejectUnauthorized: !layer.insecure };
  if (layer.caPem) tls.ca = layer.caPem;
  if (layer.caFile) tls.ca = await readSmallFile(layer.caFile, 'CA certificate');
  if (layer.certFile) tls.cert = await readSmallFile(layer.certFile, 'client certificate');
  if (layer.keyFile) tls.key = await readSmallFile(layer.keyFile, 'client key');
  return tls;
}

async function readSmallFile(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError('usage', `cannot read ${what} ${path}: ${code === 'ENOENT' ? 'no such file' : code ?? (error as Error).message}`);
  }
}
