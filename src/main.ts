import { Command, CommanderError, Option } from 'commander';
import type { CommandEntry, CommandModule, GlobalOptions } from './cli/types.js';
import { commandTree } from './commands/index.js';
import { CliError, ExitCode, isCliError } from './errors.js';
import { type Io, processIo } from './io.js';
import { executeCommand } from './cli/execute.js';
import { outputFormats } from './output/format.js';
import { redactText } from './output/redact.js';
import { version } from './version.js';

export { saveCompileCaches } from './runtime/compile-cache.js';

/** Runs one command line and returns its exit code. Never exits the process: bin/ does. */
export async function run(argv: string[], io: Io = processIo()): Promise<number> {
  const outcome: { exitCode?: number } = {};
  const program = buildProgram(io, outcome);
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return commanderExitCode(error);
    return reportError(error, io, argv.includes('--debug'));
  }
  // Commander returns quietly when nothing matched an action; that must never read as success.
  if (outcome.exitCode === undefined) {
    return reportError(new CliError('usage', `no command ran for: sofakafka ${argv.join(' ')}`, { hint: 'see sofakafka --help' }), io, false);
  }
  return outcome.exitCode;
}

function buildProgram(io: Io, outcome: { exitCode?: number }): Command {
  const program = new Command('sofakafka')
    .description('Administer a SOFAKafka-style message queue: Apache Kafka, secured by default.')
    .version(version, '-V, --version')
    .addOption(new Option('-o, --output <format>', 'output format').choices([...outputFormats]).default('table'))
    .option('--context <name>', 'use this saved context instead of the current one (or set SOFAKAFKA_CONTEXT)')
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
    .option('--timeout <duration>', 'how long to wait on the cluster before giving up (default 30s; 0 = no limit). One-shot commands: the whole command; streaming ones: each wait')
    .option('--debug', 'show stacks and protocol detail (secrets redacted)', false)
    .option('--no-color', 'never colour output (NO_COLOR and FORCE_COLOR are honoured too)')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    })
    .addHelpText('after', `
Global options work anywhere on the line: before the command, between noun and verb, or after.

Exit codes: 0 ok, 1 internal error, 2 usage, 3 not found, 4 authentication, 5 authorization,
6 connection/timeout, 7 rejected by the cluster, 8 partial failure or unhealthy, 9 environment, 10 aborted.

Get started:
  $ sofakafka local up             # a real, secured cluster; writes the "local" context
  $ sofakafka topic create orders --partitions 6
  $ sofakafka topic list -o json | jq .`);
  const attach = attacher(io, outcome);
  program.hook('preSubcommand', (_parent, sub) => attach(sub));
  for (const entry of commandTree) program.addCommand(skeleton(entry, program, attach), { hidden: Boolean(entry.hidden) });
  return program;
}

type Attach = (command: Command) => Promise<void>;

/**
 * A command with its name and summary only. A leaf's module is imported just before commander
 * hands it the rest of the line (the preSubcommand hook), so only the command that runs is loaded,
 * and commander, not an argv scan, decides which one that is.
 */
function skeleton(entry: CommandEntry, parent: Command, attach: Attach): Command {
  // Output streams, exit override and suggestions come from the root, so errors reach the injected io.
  const command = new Command(entry.name).copyInheritedSettings(parent).summary(entry.summary).description(entry.summary).aliases(entry.aliases ?? []);
  loaders.set(command, entry);
  if (entry.children) {
    for (const child of entry.children) command.addCommand(skeleton(child, command, attach));
    // `help VERB` would print a leaf's help before its module (and so its options) is loaded: `VERB --help` does it right.
    command.allowExcessArguments(false).helpCommand(false);
    command.hook('preSubcommand', (_noun, sub) => attach(sub));
  }
  return command;
}

const loaders = new WeakMap<Command, CommandEntry>();

function attacher(io: Io, outcome: { exitCode?: number }): Attach {
  return async (command) => {
    const entry = loaders.get(command);
    if (!entry?.load) return;
    const module = (await entry.load()).default as CommandModule<Record<string, unknown>>;
    module.configure(command);
    command.action(async (...params: unknown[]) => {
      const commandObject = params[params.length - 1] as Command;
      const options = commandObject.opts();
      const args = (params.slice(0, -2) as Array<string | string[] | undefined>).flatMap((arg) => arg ?? []);
      const globals = commandObject.optsWithGlobals() as GlobalOptions;
      outcome.exitCode = await executeCommand(module, { io, globals, args, options, timeoutGiven: commandObject.getOptionValueSourceWithGlobals('timeout') === 'cli' });
    });
  };
}

function commanderExitCode(error: CommanderError): number {
  if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return ExitCode.ok;
  if (error.code === 'commander.help') return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
  return ExitCode.usage;
}

export function reportError(error: unknown, io: Io, debug: boolean): number {
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
