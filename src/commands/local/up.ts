import { type CommandContext, defineCommand, examples } from '../../cli/types.js';
import { parseDurationMs } from '../../cli/duration.js';
import { assertBrokerCount, up } from '../../local/cluster.js';
import { checkLocalContext, writeLocalContext } from '../../local/context.js';
import { readState } from '../../local/state.js';
import { validateContextName } from '../../config/contexts.js';
import { Option } from 'commander';
import { usageError } from '../../errors.js';
import { tlsBootstrapServers } from '../../local/layout.js';
import { DEFAULT_BASE_PORT, defaultCacheDir, defaultDataDir, parseBrokerCount, parsePort } from '../../local/options.js';
import { DEFAULT_KAFKA_VERSION, parseKafkaVersion } from '../../local/versions.js';
import { fields } from '../../output/view.js';

interface Options {
  brokers?: string;
  port?: string;
  dir?: string;
  kafkaVersion: string;
  wait?: string;
  contextName: string;
  showPassword: boolean;
  withTls?: boolean;
  withPlain?: boolean;
}

export default defineCommand<Options>({
  timeout: 'own',
  defaultTimeout: '120s',
  configure(command) {
    command
      .option('--brokers <n>', 'number of brokers: 1 (combined broker/controller) or 3 (racks a, b, c); default 1, or what --dir holds')
      .option('--port <port>', `first port: clients use port..port+n-1, controllers the next n (default: ${DEFAULT_BASE_PORT}, or what --dir was started with)`)
      .option('--dir <path>', 'data folder (default: $XDG_DATA_HOME/sofakafka/local)')
      .option('--kafka-version <version>', 'Apache Kafka release to run (3.9.0 or newer)', DEFAULT_KAFKA_VERSION)
      .addOption(new Option('--wait <duration>', 'the same as --timeout').hideHelp())
      .option('--context-name <name>', 'name of the context to write', 'local')
      .option('--show-password', 'print the generated admin password', false)
      .option('--with-tls', 'also open a SASL_SSL listener per broker (ports after the controllers), with a generated CA; writes context "<name>-tls"')
      .option('--with-plain', 'also let admin log in with SASL/PLAIN (sent in clear on the plaintext listener); writes context "<name>-plain". Users from `user create` stay SCRAM-only')
      .addHelpText('after', examples(
        ['sofakafka local up', 'one broker on 127.0.0.1:19092, secured, context "local" made current'],
        ['sofakafka local up --brokers 3', 'three brokers in racks rack-a, rack-b, rack-c'],
        ['sofakafka local up --with-tls', 'plus TLS on 127.0.0.1:19094, context "local-tls" trusting the generated CA'],
        ['sofakafka local up --with-plain', 'plus PLAIN logins for admin on the same ports, context "local-plain"'],
        ['sofakafka local up --kafka-version 3.9.1 --port 29092 --dir /tmp/k39', 'an older release beside the default one'],
      ));
  },
  async run(ctx, _args, options) {
    const dataDir = options.dir ?? defaultDataDir(ctx.io.env);
    validateContextName(options.contextName, '--context-name');
    const previous = await readState(dataDir);
    const brokers = options.brokers === undefined ? (previous?.brokers ?? 1) : parseBrokerCount(options.brokers);
    if (previous) assertBrokerCount(dataDir, previous, brokers);
    if (ctx.globals.tls) throw usageError('--tls means "connect with TLS"; `local up` starts listeners', 'to give the local cluster TLS listeners, use --with-tls');
    const wantTls = Boolean(options.withTls);
    const basePort = parsePort(options.port ?? String(previous?.basePort ?? DEFAULT_BASE_PORT), brokers, wantTls ? 3 : 2);
    const kafkaVersion = parseKafkaVersion(options.kafkaVersion);
    // --timeout bounds the wait for the brokers to answer (default 120s); fetching the jars is Maven's to bound.
    const waitMs = options.wait === undefined ? ctx.timeoutMs || 2 ** 31 - 1 : parseDurationMs(options.wait, '--wait');
    const bootstrapWanted = Array.from({ length: brokers }, (_, i) => `127.0.0.1:${basePort + i}`);
    const { current } = await checkLocalContext(ctx.configPath, options.contextName, bootstrapWanted);
    const result = await ctx.out.spin(`starting ${brokers} Kafka ${kafkaVersion} broker${brokers > 1 ? 's' : ''}`, () =>
      up({
        dataDir, brokers, brokersGiven: options.brokers !== undefined, basePort, kafkaVersion, waitMs, tls: wantTls, plain: Boolean(options.withPlain),
        cacheDir: defaultCacheDir(ctx.io.env),
        env: ctx.io.env,
        log: (message) => ctx.out.info(message),
        verify: (bootstrap, adminPassword) => countBrokers(bootstrap, adminPassword, ctx.out.debug.bind(ctx.out)),
      }),
    );
    const caFile = result.state.tls?.caFile;
    const tls = caFile ? { name: `${options.contextName}-tls`, bootstrap: tlsBootstrapServers(result.state.nodes), caFile } : undefined;
    const plain = result.state.plain ? { name: `${options.contextName}-plain` } : undefined;
    if (result.alreadyRunning) ctx.out.info(`the local cluster in ${dataDir} is already running; nothing changed`);
    const makeCurrent = current === undefined || current === options.contextName || (await switchContext(ctx, current, options.contextName));
    await writeLocalContext(ctx.configPath, options.contextName, result.bootstrap, result.state.secrets.adminPassword, { tls, plain, dataDir }, makeCurrent);
    if (!makeCurrent) ctx.out.info(`the current context stays "${current}"; use this cluster with --context ${options.contextName}, or \`sofakafka context use ${options.contextName}\``);
    if (wantTls && !tls) ctx.out.warn('the running cluster has no TLS listener; stop it with `sofakafka local down` and run `local up --with-tls` again');
    if (options.withPlain && !plain) ctx.out.warn('the running cluster takes no PLAIN logins; stop it with `sofakafka local down` and run `local up --with-plain` again');
    const data = {
      status: result.alreadyRunning ? 'already-running' : 'started',
      bootstrapServers: result.bootstrap,
      context: options.contextName,
      currentContext: makeCurrent ? options.contextName : current,
      ...(tls ? { tlsBootstrapServers: tls.bootstrap, tlsContext: tls.name, caFile: tls.caFile } : {}),
      ...(plain ? { plainContext: plain.name } : {}),
      kafkaVersion: result.state.kafkaVersion,
      brokers: result.state.brokers,
      racks: result.state.nodes.map((node) => node.rack),
      dataDir,
      readyMs: result.readyMs,
      username: 'admin',
      ...(options.showPassword ? { password: result.state.secrets.adminPassword } : {}),
    };
    await ctx.out.print({
      data,
      blocks: [fields([
        ['Status', data.status],
        ['Bootstrap', data.bootstrapServers.join(',')],
        ['Context', `${data.context}${makeCurrent ? ' (current)' : ''}`],
        ...(tls ? [['TLS', `${tls.bootstrap.join(',')} (context ${tls.name}, CA ${tls.caFile})`] as [string, unknown]] : []),
        ...(plain ? [['PLAIN', `admin, same ports (context ${plain.name}); its password travels in clear without TLS`] as [string, unknown]] : []),
        ['Kafka', data.kafkaVersion],
        ['Brokers', `${data.brokers} (${data.racks.join(', ')})`],
        ['Data', dataDir],
        ['Admin user', options.showPassword ? `admin / ${result.state.secrets.adminPassword}` : 'admin (password kept in the context; --show-password prints it)'],
        ...(result.alreadyRunning ? [] : [['Ready in', `${(result.readyMs / 1000).toFixed(1)}s`] as [string, unknown]]),
      ])],
    });
  },
});

/** Another context is current: on a terminal ask before switching; elsewhere leave it as it is. */
async function switchContext(ctx: CommandContext, current: string, name: string): Promise<boolean> {
  if (!ctx.out.interactive) return false;
  return ctx.out.askYesNo(`The current context is "${current}". Make "${name}" current?`, false);
}

/** How many brokers the cluster reports to an authenticated admin client. */
async function countBrokers(bootstrap: string[], adminPassword: string, log: (m: string, d?: unknown) => void): Promise<number> {
  const { KafkaClient } = await import('../../kafka/client.js');
  const client = await KafkaClient.connect(
    { contextName: undefined, brokers: bootstrap, sasl: { mechanism: 'scram-sha-512', username: 'admin', password: adminPassword }, tls: undefined, rack: undefined },
    { timeoutMs: 5000, log },
  );
  try {
    return await client.adminCall('describe the cluster', async (admin) => (await admin.describeCluster()).brokers.length);
  } finally {
    await client.close();
  }
}
