import { Command, CommanderError, Option } from 'commander';
import { parseDurationMs } from './cli/duration.js';
import type { CommandContext, CommandEntry, CommandModule, GlobalOptions } from './cli/types.js';
import { commandTree } from './commands/index.js';
import type { Connection } from './config/connection.js';
import { configFilePath } from './config/paths.js';
import { CliError, ExitCode, isCliError } from './errors.js';
import { type Io, processIo } from './io.js';
import type { KafkaClient } from './kafka/client.js';
import { outputFormats, parseOutputFormat } from './output/format.js';
import { Output } from './output/output.js';
import { redactText } from './output/redact.js';
import { version } from './version.js';


/** Runs one command line and returns its exit code. Never exits the process: bin/ does. */
export async function run(argv: string[], io: Io = processIo()): Promise<number> {
  const program = buildProgram(io);
  let exitCode: number = ExitCode.ok;
  const target = await attachTarget(program, argv, io, (code) => (exitCode = code));
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return commanderExitCode(error);
    return reportError(error, io, argv.includes('--debug'));
  }
  return target ? exitCode : ExitCode.ok;
}

function buildProgram(io: Io): Command {
  const program = new Command('sofakafka')
    .description('Administer a SOFAKafka-style message queue: Apache Kafka, secured by default.')
    .version(version, '-V, --version')
    .addOption(new Option('-o, --output <format>', 'output format').choices([...outputFormats]).default('table'))
    .option('--context <name>', 'use this saved context instead of the current one')
    .option('-b, --bootstrap-server <hosts>', 'comma-separated HOST:PORT list (overrides the context)')
    .addOption(new Option('--sasl-mechanism <mechanism>', 'SASL mechanism').choices(['plain', 'scram-sha-256', 'scram-sha-512']))
    .option('--username <name>', 'SASL user name')
    .option('--password-file <file>', 'read the SASL password from a file (or set SOFAKAFKA_PASSWORD)')
    .option('--command-config <file>', "a Java client properties file, as Kafka's own tools take")
    .option('--tls', 'connect with TLS')
    .option('--tls-ca <file>', 'CA certificate (PEM) to trust')
    .option('--tls-cert <file>', 'client certificate (PEM)')
    .option('--tls-key <file>', 'client private key (PEM)')
    .option('--tls-insecure', 'do not verify the server certificate')
    .option('--timeout <duration>', 'give up after this long (e.g. 10s, 2m)', '30s')
    .option('--debug', 'show stacks and protocol detail (secrets redacted)', false)
    .option('--no-color', 'never colour output (NO_COLOR and FORCE_COLOR are honoured too)')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    })
    .addHelpText('after', `
Exit codes: 0 ok, 1 internal error, 2 usage, 3 not found, 4 authentication, 5 authorization,
6 connection/timeout, 7 rejected by the cluster, 8 partial failure or unhealthy, 9 environment, 10 aborted.

Get started:
  $ sofakafka local up             # a real, secured cluster; writes the "local" context
  $ sofakafka topic create orders --partitions 6
  $ sofakafka topic list -o json | jq .`);
  for (const entry of commandTree) program.addCommand(skeleton(entry, program));
  return program;
}

/** A command with its name and summary only; its module is attached if and when it is the target. */
function skeleton(entry: CommandEntry, parent: Command): Command {
  // Output streams, exit override and suggestions come from the root, so errors reach the injected io.
  const command = new Command(entry.name).copyInheritedSettings(parent).summary(entry.summary).description(entry.summary);
  for (const child of entry.children ?? []) command.addCommand(skeleton(child, command));
  if (entry.children) command.allowExcessArguments(false);
  return command;
}

/** Finds the command the line names, imports only its module, and wires its action. */
async function attachTarget(program: Command, argv: string[], io: Io, setExitCode: (code: number) => void): Promise<boolean> {
  let entries = commandTree;
  let command: Command = program;
  let entry: CommandEntry | undefined;
  for (const word of argv) {
    if (word === '--') break;
    const next = entries.find((candidate) => candidate.name === word);
    if (!next) continue;
    entry = next;
    command = command.commands.find((c) => c.name() === word)!;
    if (!next.children) break;
    entries = next.children;
  }
  if (!entry?.load) return false;
  const module = (await entry.load()).default as CommandModule<Record<string, unknown>>;
  module.configure(command);
  command.action(async (...params: unknown[]) => {
    const commandObject = params[params.length - 1] as Command;
    const options = commandObject.opts();
    const args = (params.slice(0, -2) as Array<string | string[] | undefined>).flatMap((arg) => arg ?? []);
    const globals = commandObject.optsWithGlobals() as GlobalOptions;
    setExitCode(await execute(module, io, globals, args, options));
  });
  return true;
}

async function execute(
  module: CommandModule<Record<string, unknown>>,
  io: Io,
  globals: GlobalOptions,
  args: string[],
  options: Record<string, unknown>,
): Promise<number> {
  const out = new Output(io, { format: parseOutputFormat(globals.output, outputFormats), noColor: !globals.color, debug: globals.debug });
  const timeoutMs = parseDurationMs(globals.timeout, '--timeout');
  const context = createContext(io, out, globals, timeoutMs);
  try {
    const work = module.run(context, args, options);
    const code = module.unbounded ? await work : await withTimeout(work, timeoutMs, globals.timeout);
    return typeof code === 'number' ? code : ExitCode.ok;
  } finally {
    await context.close();
  }
}

function createContext(io: Io, out: Output, globals: GlobalOptions, timeoutMs: number): CommandContext & { close(): Promise<void> } {
  let connection: Promise<Connection> | undefined;
  let client: Promise<KafkaClient> | undefined;
  const configPath = configFilePath(io.env);
  const context = {
    io,
    out,
    globals,
    configPath,
    timeoutMs,
    connection() {
      connection ??= import('./config/connection.js').then(({ resolveConnection }) =>
        resolveConnection({ configPath, env: io.env, flags: globals, promptSecret: (message) => out.promptSecret(message) }),
      );
      return connection;
    },
    kafka() {
      client ??= Promise.all([context.connection(), import('./kafka/client.js')]).then(([resolved, { KafkaClient }]) =>
        KafkaClient.connect(resolved, { timeoutMs, log: (message, detail) => out.debug(message, detail) }),
      );
      return client;
    },
    async close() {
      if (!client) return;
      const opened = await client.catch(() => undefined);
      await opened?.close();
    },
  };
  return context;
}

async function withTimeout<T>(work: Promise<T>, timeoutMs: number, label: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new CliError('connection', `gave up after ${label} (--timeout)`, { hint: 'check that the cluster is reachable, or raise --timeout' })),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function commanderExitCode(error: CommanderError): number {
  if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return ExitCode.ok;
  if (error.code === 'commander.help') return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
  return ExitCode.usage;
}

function reportError(error: unknown, io: Io, debug: boolean): number {
  const cliError = isCliError(error) ? error : undefined;
  const message = cliError ? cliError.message : `unexpected error: ${(error as Error)?.message ?? String(error)}`;
  io.stderr.write(`error: ${redactText(message)}\n`);
  if (cliError?.hint) io.stderr.write(`hint: ${cliError.hint}\n`);
  if (debug) {
    let current: unknown = error;
    while (current instanceof Error) {
      io.stderr.write(`${redactText(current.stack ?? current.message)}\n`);
      current = current.cause;
    }
  } else if (!cliError) {
    io.stderr.write('hint: run again with --debug for the details, and report it if it persists\n');
  }
  return cliError ? cliError.exitCode : ExitCode.internal;
}
