import type { Command } from 'commander';
import type { Connection, ConnectionFlags } from '../config/connection.js';
import type { Io } from '../io.js';
import type { KafkaClient } from '../kafka/client.js';
import type { Output } from '../output/output.js';

/** Options every command accepts, wherever they appear on the line. */
export interface GlobalOptions extends ConnectionFlags {
  output: string;
  timeout: string;
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
  /** Bounds the whole command, from --timeout. */
  timeoutMs: number;
  connection(): Promise<Connection>;
  kafka(): Promise<KafkaClient>;
}

export interface CommandModule<Options = Record<string, unknown>> {
  /** Arguments, options and `--help` examples. */
  configure(command: Command): void;
  /** Validate, do the work through the layer below, hand the result to out. Returns an exit code or nothing (0). */
  run(context: CommandContext, args: string[], options: Options): Promise<number | void>;
  /** Commands that manage their own time limit (long-running workers, the launcher) opt out of --timeout. */
  unbounded?: boolean;
}

export function defineCommand<Options>(module: CommandModule<Options>): CommandModule<Options> {
  return module;
}

export interface CommandEntry {
  name: string;
  summary: string;
  load?: () => Promise<{ default: CommandModule<never> }>;
  children?: CommandEntry[];
}

/** Formats `--help` examples the same way everywhere. */
export function examples(...lines: Array<[command: string, what: string]>): string {
  return `\nExamples:\n${lines.map(([command, what]) => `  # ${what}\n  $ ${command}\n`).join('')}`;
}
