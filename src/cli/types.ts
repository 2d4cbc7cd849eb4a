import type { Command } from 'commander';
import type { Connection, ConnectionFlags } from '../config/connection.js';
import type { Io } from '../io.js';
import type { KafkaClient } from '../kafka/client.js';
import type { Output } from '../output/output.js';

/** Options every command accepts, wherever they appear on the line. */
export interface GlobalOptions extends ConnectionFlags {
  output: string;
  timeout?: string;
  debug: boolean;
  color: boolean;
}

/**
 * What a command's run() gets: streams and printing, and lazy access to the cluster. Nothing is
 * connected until a command asks, so `--help` and local commands never touch the network.
 */
export interface CommandContext {
  io: Io;
  out: Output;
  globals: GlobalOptions;
  configPath: string;
  /** --timeout in milliseconds (0: no limit). See Watchdog for what it bounds. */
  timeoutMs: number;
  /** --timeout was typed on the line rather than defaulted. */
  timeoutGiven: boolean;
  /** Aborted on Ctrl-C, SIGTERM, or when the reader of stdout went away (`| head`). */
  signal: AbortSignal;
  /** A streaming command calls this whenever the cluster answers: --timeout then bounds each wait, not the stream. */
  progress(): void;
  /** Runs work that waits on the user or local input (stdin), not the cluster: --timeout does not count it. */
  offTheClock<T>(work: () => Promise<T>): Promise<T>;
  /** A command with `changes: 'when-sent'` is about to send its change: a timeout from now on may leave it applied. */
  sendingChange(): void;
  connection(): Promise<Connection>;
  kafka(): Promise<KafkaClient>;
}

export interface CommandModule<Options = Record<string, unknown>> {
  /** Arguments, options and `--help` examples. */
  configure(command: Command): void;
  /** Validate, do the work through the layer below, hand the result to out. Returns an exit code or nothing (0). */
  run(context: CommandContext, args: string[], options: Options): Promise<number | void>;
  /**
   * What --timeout bounds: `command` (default) the whole command; `each-wait` each wait on the
   * cluster, for streams that call `progress()`; `own` nothing here: the command applies it itself
   * (the launcher's readiness wait) or never waits on a cluster (following a log file).
   */
  timeout?: 'command' | 'each-wait' | 'own';
  /** The default --timeout when the line gives none (30s otherwise). */
  defaultTimeout?: string;
  /**
   * The command changes the cluster: a timeout says the change may or may not have been applied.
   * `when-sent`: until the command calls `sendingChange()` it has only read, and a timeout says
   * nothing was changed.
   */
  changes?: boolean | 'when-sent';
  /** The command stops gracefully on `signal` itself (commits, summary); otherwise Ctrl-C ends it at once with 130. */
  handlesInterrupt?: boolean;
  /** What the positional arguments name, so shell completion offers them from the cluster or the config. */
  operands?: NameKind;
}

/** Names shell completion can look up: topics, groups and users on the cluster, contexts in the config file. */
export type NameKind = 'topic' | 'group' | 'user' | 'context';

export function defineCommand<Options>(module: CommandModule<Options>): CommandModule<Options> {
  return module;
}

export interface CommandEntry {
  name: string;
  /** Other names the command answers to; help shows the first. */
  aliases?: string[];
  summary: string;
  load?: () => Promise<{ default: CommandModule<never> }>;
  children?: CommandEntry[];
  /** Left out of --help and completion (the machinery behind completion itself). */
  hidden?: boolean;
}

/** Formats `--help` examples the same way everywhere. */
export function examples(...lines: Array<[command: string, what: string]>): string {
  return `\nExamples:\n${lines.map(([command, what]) => `  # ${what}\n  $ ${command}\n`).join('')}`;
}
