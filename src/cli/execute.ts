import type { Connection } from '../config/connection.js';
import { configFilePath } from '../config/paths.js';
import { CliError, ExitCode } from '../errors.js';
import type { Io } from '../io.js';
import type { KafkaClient } from '../kafka/client.js';
import { outputFormats, parseOutputFormat } from '../output/format.js';
import { Output } from '../output/output.js';
import { parseDurationMs } from './duration.js';
import type { CommandContext, CommandModule, GlobalOptions } from './types.js';
import { Watchdog } from './watchdog.js';

export const DEFAULT_TIMEOUT = '30s';
/** Closing the client waits for goodbyes to brokers that may be gone: never long. */
const CLOSE_GRACE_MS = 1000;

export interface Invocation {
  io: Io;
  globals: GlobalOptions;
  args: string[];
  options: Record<string, unknown>;
  /** --timeout was typed on the line (not a default). */
  timeoutGiven: boolean;
}

/**
 * Runs one command module: output, the --timeout watchdog, Ctrl-C and closed pipes, and the
 * cluster client, which is always closed (briefly) whatever happened. Returns the exit code or throws.
 */
export async function executeCommand(module: CommandModule<Record<string, unknown>>, call: Invocation): Promise<number> {
  const { io, globals } = call;
  const timeoutLabel = globals.timeout ?? module.defaultTimeout ?? DEFAULT_TIMEOUT;
  const timeoutMs = parseDurationMs(timeoutLabel, '--timeout');
  const mode = module.timeout ?? 'command';
  const change = module.changes === 'when-sent' ? 'not-sent' : module.changes ? 'maybe-applied' : 'none';
  const watchdog = new Watchdog(mode === 'own' ? 0 : timeoutMs, timeoutLabel, change);
  // Prompts wait on the user, not the cluster: they stop the --timeout clock.
  const out = new Output(io, {
    format: parseOutputFormat(globals.output, outputFormats), noColor: !globals.color, debug: globals.debug,
    offTheClock: (work) => watchdog.offTheClock(work),
  });
  const stop = new StopSignals(io);
  const context = createContext(io, out, globals, timeoutMs, watchdog, stop.signal, call.timeoutGiven);
  try {
    const work = Promise.resolve(module.run(context, call.args, call.options));
    const stopped = module.handlesInterrupt ? new Promise<never>(() => undefined) : stop.stopped;
    const code = await Promise.race([work, watchdog.expired, stopped]);
    // A reader that went away (`| head -1`) got what it wanted: a stream stopped for it succeeded.
    if (stop.pipeClosed) return ExitCode.ok;
    return typeof code === 'number' ? code : ExitCode.ok;
  } catch (error) {
    // A reader that went away (`| head -1`) got what it wanted: not an error.
    if (stop.pipeClosed) return ExitCode.ok;
    throw error;
  } finally {
    watchdog.stop();
    stop.finish();
    await context.close();
  }
}

/**
 * Ctrl-C, SIGTERM and a closed stdout/stderr all ask the command to stop, through one AbortSignal.
 * A second Ctrl-C ends the process at once, as shells expect.
 */
class StopSignals {
  private readonly controller = new AbortController();
  readonly signal = this.controller.signal;
  pipeClosed = false;
  readonly stopped: Promise<number>;
  private readonly streamDisposers: Array<() => void> = [];
  private readonly signalDisposers: Array<() => void> = [];
  /** The command has returned: its exit code stands, whatever signal comes while the process closes. */
  private finished = false;
  private lateSignal = false;

  constructor(io: Io) {
    this.stopped = new Promise<number>((resolve) => {
      this.signal.addEventListener('abort', () => resolve(this.pipeClosed ? ExitCode.ok : ExitCode.interrupted), { once: true });
    });
    for (const stream of [io.stdout, io.stderr]) {
      const onError = (error: NodeJS.ErrnoException) => {
        if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_DESTROYED') return;
        this.pipeClosed = true;
        this.controller.abort(new Error('output closed'));
      };
      stream.on('error', onError);
      this.streamDisposers.push(() => stream.removeListener('error', onError));
    }
    if (io.stdout === process.stdout) this.watchProcessSignals();
  }

  private watchProcessSignals(): void {
    for (const name of ['SIGINT', 'SIGTERM'] as const) {
      const onSignal = () => {
        // A Ctrl-C after the command finished (its result printed, the client closing) must not
        // turn "100 of 100 changed" into a death by signal: the first is let go, a second ends it.
        if (this.finished && !this.lateSignal) {
          this.lateSignal = true;
          return;
        }
        if (this.signal.aborted || this.finished) {
          // Second time: the user means it. Let the default handler end the process.
          this.dispose();
          process.kill(process.pid, name);
          return;
        }
        this.controller.abort(new Error(name === 'SIGINT' ? 'interrupted' : 'terminated'));
      };
      process.on(name, onSignal);
      this.signalDisposers.push(() => process.removeListener(name, onSignal));
    }
  }

  /**
   * The command returned. The signal handlers stay until the process exits (only the real
   * process's stdout gets them, and bin/sofakafka.js exits right after).
   */
  finish(): void {
    this.finished = true;
    for (const dispose of this.streamDisposers.splice(0)) dispose();
  }

  dispose(): void {
    for (const dispose of [...this.streamDisposers.splice(0), ...this.signalDisposers.splice(0)]) dispose();
  }
}

function createContext(
  io: Io, out: Output, globals: GlobalOptions, timeoutMs: number, watchdog: Watchdog, signal: AbortSignal, timeoutGiven: boolean,
): CommandContext & { close(): Promise<void> } {
  let connection: Promise<Connection> | undefined;
  let client: Promise<KafkaClient> | undefined;
  const configPath = configFilePath(io.env);
  const context = {
    io,
    out,
    globals,
    configPath,
    timeoutMs,
    timeoutGiven,
    signal,
    progress: () => watchdog.progress(),
    offTheClock: <T>(work: () => Promise<T>) => watchdog.offTheClock(work),
    sendingChange: () => watchdog.changeSent(),
    connection() {
      connection ??= import('../config/connection.js').then(({ resolveConnection }) =>
        resolveConnection({ configPath, env: io.env, flags: globals, promptSecret: (message) => out.promptSecret(message) }),
      );
      return connection;
    },
    kafka() {
      client ??= Promise.all([context.connection(), import('../kafka/client.js')]).then(([resolved, { KafkaClient }]) =>
        KafkaClient.connect(resolved, { timeoutMs: timeoutMs || 2 ** 31 - 1, log: (message, detail) => out.debug(message, detail) }),
      );
      return client;
    },
    async close() {
      if (!client) return;
      const opened = await client.catch(() => undefined);
      if (!opened) return;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([opened.close(), new Promise((resolve) => (timer = setTimeout(resolve, CLOSE_GRACE_MS)))]);
      clearTimeout(timer);
    },
  };
  return context;
}

/**
 * For commands that handle Ctrl-C themselves: waits for work unless the user stops first, in which
 * case it fails with exit 130 and `whatChanged` (say what the stop left behind, e.g. "nothing was changed").
 */
export async function unlessStopped<T>(signal: AbortSignal, work: Promise<T>, whatChanged: string): Promise<T> {
  if (signal.aborted) throw new CliError('interrupted', `interrupted: ${whatChanged}`);
  let onAbort: (() => void) | undefined;
  const stopped = new Promise<never>((_, reject) => {
    onAbort = () => reject(new CliError('interrupted', `interrupted: ${whatChanged}`));
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([work, stopped]);
  } finally {
    signal.removeEventListener('abort', onAbort!);
  }
}
