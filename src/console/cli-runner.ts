import { Readable, Writable } from 'node:stream';
import type { GlobalOptions } from '../cli/types.js';
import { ExitCode } from '../errors.js';

/** What one command line run in-process left: its exit code, its JSON (stdout) and its talk (stderr). */
export interface CliOutcome {
  exitCode: number;
  /** stdout parsed as JSON (every command is run with -o json), or undefined when it printed nothing. */
  data: unknown;
  /** The CLI's `error: ...` line, without the prefix. */
  message: string | undefined;
  hint: string | undefined;
  warnings: string[];
}

export type CliRunner = (argv: string[], options?: { stdin?: string }) => Promise<CliOutcome>;

/**
 * Changes made in the console run the CLI's own commands in this process: the same validation, the
 * same messages and exit codes, the same code path to src/kafka. The console's connection flags go
 * in front of every line, so the command reaches the cluster the console shows.
 */
export function cliRunner(globals: GlobalOptions, env: NodeJS.ProcessEnv): CliRunner {
  const connection = connectionArgs(globals);
  return async (argv, options = {}) => {
    const { run } = await import('../main.js');
    const stdout = collector();
    const stderr = collector();
    const stdin = Readable.from(options.stdin === undefined ? [] : [options.stdin]);
    const exitCode = await run([...connection, '-o', 'json', '--no-color', ...argv], { stdout: stdout.stream, stderr: stderr.stream, stdin, env });
    return outcome(exitCode, stdout.text(), stderr.text());
  };
}

/** The console's own connection flags, as they were typed, for the commands it runs. */
export function connectionArgs(globals: GlobalOptions): string[] {
  const args: string[] = [];
  const valued: Array<[keyof GlobalOptions, string]> = [
    ['context', '--context'], ['bootstrapServer', '--bootstrap-server'], ['saslMechanism', '--sasl-mechanism'], ['username', '--username'],
    ['passwordFile', '--password-file'], ['commandConfig', '--command-config'], ['tlsCa', '--tls-ca'], ['tlsCert', '--tls-cert'], ['tlsKey', '--tls-key'],
    ['timeout', '--timeout'],
  ];
  for (const [key, flag] of valued) if (typeof globals[key] === 'string') args.push(flag, globals[key] as string);
  if (globals.tls) args.push('--tls');
  if (globals.tlsInsecure) args.push('--tls-insecure');
  return args;
}

function outcome(exitCode: number, out: string, err: string): CliOutcome {
  const lines = err.split('\n');
  const after = (prefix: string) => lines.find((line) => line.startsWith(prefix))?.slice(prefix.length);
  let data: unknown;
  if (out.trim()) {
    try {
      data = JSON.parse(out);
    } catch {
      data = out;
    }
  }
  return {
    exitCode,
    data,
    message: after('error: ') ?? (exitCode === ExitCode.ok ? undefined : itemError(data)),
    hint: after('hint: '),
    warnings: lines.filter((line) => line.startsWith('warning: ')).map((line) => line.slice('warning: '.length)),
  };
}

/** Commands that act on several items report each one's failure in their rows, not on stderr. */
function itemError(data: unknown): string | undefined {
  const rows = Array.isArray(data) ? data : [];
  const failed = rows.find((row): row is { name?: string; error: string } => typeof row === 'object' && row !== null && typeof (row as { error?: unknown }).error === 'string');
  return failed ? `${failed.name ? `${failed.name}: ` : ''}${failed.error}` : undefined;
}

function collector(): { stream: Writable; text(): string } {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
      callback();
    },
  });
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}
