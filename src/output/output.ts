import { once } from 'node:events';
import type { ChalkInstance } from 'chalk';
import { CliError } from '../errors.js';
import type { Io } from '../io.js';
import type { OutputFormat } from './format.js';
import { redact, redactText } from './redact.js';
import { renderAsync, toNdjson } from './render.js';
import { type ProgressLine, progressLine } from './progress.js';
import { colourEnabled, makeChalk } from './style.js';
import type { View } from './view.js';

export interface OutputOptions {
  format: OutputFormat;
  noColor: boolean;
  debug: boolean;
  /** Runs a prompt with the --timeout clock stopped (the user, not the cluster, is being waited on). */
  offTheClock?: <T>(work: () => Promise<T>) => Promise<T>;
}

/**
 * Everything a command shows goes through here. stdout carries data only (tables, JSON);
 * stderr carries talk (progress, warnings, prompts, hints), so `-o json | jq` sees pure JSON.
 */
export class Output {
  readonly format: OutputFormat;
  readonly chalk: ChalkInstance;
  readonly errChalk: ChalkInstance;
  private readonly io: Io;
  private readonly debugOn: boolean;
  private readonly offTheClock: <T>(work: () => Promise<T>) => Promise<T>;

  constructor(io: Io, options: OutputOptions) {
    this.io = io;
    this.format = options.format;
    this.debugOn = options.debug;
    this.offTheClock = options.offTheClock ?? ((work) => work());
    this.chalk = makeChalk(colourEnabled(io.stdout.isTTY, io.env, options.noColor));
    this.errChalk = makeChalk(colourEnabled(io.stderr.isTTY, io.env, options.noColor));
  }

  get interactive(): boolean {
    return Boolean(this.io.stdin.isTTY && this.io.stderr.isTTY) && !this.io.env.CI;
  }

  get machineReadable(): boolean {
    return this.format !== 'table';
  }

  async print(view: View): Promise<void> {
    // Only a terminal has a width to fit; a pipe or file gets every value whole.
    const width = this.io.stdout.isTTY ? this.io.stdout.columns : undefined;
    this.io.stdout.write(await renderAsync(view, this.format, this.chalk, { width }));
  }

  /** Streams records one line each (ndjson) as they arrive; the caller batches for speed. */
  writeRecords(records: unknown[]): void {
    if (records.length) this.io.stdout.write(toNdjson(records));
  }

  writeRaw(text: string): void {
    this.io.stdout.write(text);
  }

  /** Writes data, then waits while stdout's buffer is full: memory stays bounded however slow the reader. */
  async writeDrained(text: string): Promise<void> {
    if (!this.io.stdout.write(text)) await once(this.io.stdout, 'drain');
  }

  /** A status line redrawn in place on a terminal's stderr (silent otherwise). */
  progressLine(): ProgressLine {
    return progressLine(this.io);
  }

  info(message: string): void {
    this.io.stderr.write(`${message}\n`);
  }

  success(message: string): void {
    this.io.stderr.write(`${this.errChalk.green('✓')} ${message}\n`);
  }

  warn(message: string): void {
    this.io.stderr.write(`${this.errChalk.yellow('warning:')} ${message}\n`);
  }

  debug(message: string, detail?: unknown): void {
    if (!this.debugOn) return;
    const extra = detail === undefined ? '' : ` ${JSON.stringify(redact(detail))}`;
    this.io.stderr.write(`${this.errChalk.dim(`debug: ${redactText(message)}${extra}`)}\n`);
  }

  get debugEnabled(): boolean {
    return this.debugOn;
  }

  /** Runs work under a spinner on a terminal's stderr; silently otherwise. */
  async spin<T>(text: string, work: () => Promise<T>): Promise<T> {
    // A terminal that reports no width (some CI pseudo-terminals) would make ora clear lines forever.
    const columns = (this.io.stderr as { columns?: number }).columns;
    if (!this.io.stderr.isTTY || this.io.env.CI || this.debugOn || !columns) return work();
    const { default: ora } = await import('ora');
    const spinner = ora({ text, stream: this.io.stderr as NodeJS.WriteStream, color: 'cyan' }).start();
    try {
      const result = await work();
      spinner.stop();
      return result;
    } catch (error) {
      spinner.stop();
      throw error;
    }
  }

  /**
   * Asks before something destructive. `--yes` answers for the user; without a terminal to ask
   * on, refuse rather than hang.
   */
  async confirm(question: string, options: { yes: boolean; action: string }): Promise<void> {
    if (options.yes) return;
    if (!this.interactive) {
      throw new CliError('usage', `refusing to ${options.action} without confirmation: stdin is not a terminal`, {
        hint: 'pass --yes to confirm in scripts',
      });
    }
    const answer = await (await this.prompter())<{ ok: boolean }>([{ type: 'confirm', name: 'ok', message: question, default: false }]);
    if (!answer.ok) throw new CliError('aborted', `did not ${options.action}: not confirmed`);
  }

  /**
   * inquirer bound to our streams: prompts are talk, so they go to stderr. (inquirer.prompt's second
   * argument is pre-filled answers, not streams; only createPromptModule takes input/output.)
   */
  private async prompter() {
    const { default: inquirer } = await import('inquirer');
    const prompt = inquirer.createPromptModule({ input: this.io.stdin, output: this.io.stderr } as never);
    // One question at a time, each a plain object: inquirer's own question types are more than we need.
    return <T>(questions: Array<Record<string, unknown>>) => this.offTheClock(async () => {
      try {
        return (await prompt(questions as never)) as T;
      } catch (error) {
        // Ctrl-C at a prompt reaches inquirer as a key, not a signal: it is still an interrupt.
        if ((error as Error).name === 'ExitPromptError') throw new CliError('interrupted', 'interrupted at the prompt: nothing was changed');
        throw error;
      }
    });
  }

  /** A yes/no question on the terminal (stderr). */
  async askYesNo(question: string, suggested: boolean): Promise<boolean> {
    if (!this.interactive) return suggested;
    return (await (await this.prompter())<{ ok: boolean }>([{ type: 'confirm', name: 'ok', message: question, default: suggested }])).ok;
  }

  /** Asks for a line of text on the terminal (stderr), offering a default. */
  async ask(message: string, suggested: string): Promise<string> {
    if (!this.interactive) return suggested;
    const answer = await (await this.prompter())<{ text: string }>([{ type: 'input', name: 'text', message, default: suggested }]);
    return answer.text;
  }

  /** Prompts for a secret on the terminal; never echoes it. */
  async promptSecret(message: string, options: { confirm?: boolean } = {}): Promise<string> {
    if (!this.interactive) {
      throw new CliError('usage', `${message.replace(/:$/, '')} is needed and there is no terminal to ask on`, {
        hint: 'pass --password-file FILE, set SOFAKAFKA_PASSWORD, or use --password-stdin where offered',
      });
    }
    const prompt = await this.prompter();
    const ask = async (text: string) => (await prompt<{ secret: string }>([{ type: 'password', name: 'secret', message: text, mask: '*' }])).secret;
    const secret = await ask(message);
    if (options.confirm) {
      const again = await ask('Repeat to confirm:');
      if (again !== secret) throw new CliError('usage', 'the two entries do not match; nothing was changed');
    }
    return secret;
  }
}
