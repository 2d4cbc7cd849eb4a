import { defineCommand, examples } from '../../cli/types.js';
import { parseMechanism, readPasswordFile, splitBrokers } from '../../config/connection.js';
import { type ContextEntry, updateConfig, validateContextName } from '../../config/contexts.js';
import { usageError } from '../../errors.js';
import { validateUnitPart } from '../../kafka/ldc/naming.js';

interface Options {
  use: boolean;
  rack?: string;
  ns?: string;
  cell?: string;
  storePassword: boolean;
}

/** Saves the connection flags of this very command line (-b, --username, --tls-*, ...) under a name. */
export default defineCommand<Options>({
  configure(command) {
    command
      .argument('<name>', 'name for the context')
      .option('--use', 'make it the current context', false)
      .option('--rack <rack>', 'the rack/data centre this client runs in (for local-first producing)')
      .option('--ns <ns>', 'default LDC namespace of commands that take --ns (SOFAKAFKA_NS and --ns win)')
      .option('--cell <cell>', 'default LDC cell of commands that take --cell (SOFAKAFKA_CELL and --cell win)')
      .option('--store-password', 'ask for (or read --password-file / SOFAKAFKA_PASSWORD) and store the password in the config file (0600)', false)
      .addHelpText('after', examples(
        ['sofakafka context add prod -b kafka1:9092,kafka2:9092 --username ops --sasl-mechanism scram-sha-512 --password-file ~/.kafka-ops --use', 'the password stays in its file; the context remembers where'],
        ['sofakafka context add dev -b 127.0.0.1:9092', 'no authentication'],
        ['sofakafka context add ant-cell1 -b kafka1:9092 --ns ANT --cell CELL1', 'commands address unit ANT/CELL1 unless told otherwise (--no-unit: plain names)'],
      ));
  },
  async run(ctx, [name], options) {
    validateContextName(name!);
    if (options.ns !== undefined) validateUnitPart(options.ns, 'namespace');
    if (options.cell !== undefined) validateUnitPart(options.cell, 'cell');
    const g = ctx.globals;
    if (!g.bootstrapServer) throw usageError('a context needs -b HOST:PORT[,HOST:PORT...]');
    const entry: ContextEntry = { bootstrapServers: splitBrokers(g.bootstrapServer) };
    if (options.rack !== undefined && !/^\S+$/.test(options.rack)) throw usageError(`--rack "${options.rack}" is not a rack name`, 'use the broker.rack value of the brokers near this client, for example rack-a');
    // A context that names a password file that is not there would fail on every later command: fail now.
    if (g.passwordFile !== undefined) await readPasswordFile(g.passwordFile);
    if (g.username || g.saslMechanism) {
      if (!g.username) throw usageError('--sasl-mechanism needs --username');
      entry.sasl = { mechanism: parseMechanism(g.saslMechanism ?? 'scram-sha-512'), username: g.username };
      if (g.passwordFile && !options.storePassword) entry.sasl.passwordFile = g.passwordFile;
      else if (options.storePassword) entry.sasl.password = (await ctx.connection()).sasl!.password;
    }
    if (g.tls || g.tlsCa || g.tlsCert) {
      entry.tls = { enabled: true, ...(g.tlsCa ? { caFile: g.tlsCa } : {}), ...(g.tlsCert ? { certFile: g.tlsCert } : {}), ...(g.tlsKey ? { keyFile: g.tlsKey } : {}), ...(g.tlsInsecure ? { insecure: true } : {}) };
    }
    if (options.rack) entry.rack = options.rack;
    if (options.ns !== undefined) entry.ns = options.ns;
    if (options.cell !== undefined) entry.cell = options.cell;
    const { replaced, current } = await updateConfig(ctx.configPath, (config) => {
      const existed = name! in config.contexts;
      config.contexts[name!] = entry;
      if (options.use || !config.currentContext) config.currentContext = name!;
      return { replaced: existed, current: config.currentContext === name };
    });
    ctx.out.success(`${replaced ? 'replaced' : 'added'} context "${name}"${current ? ' (current)' : ''}`);
  },
});
