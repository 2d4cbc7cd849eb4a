import { CliError } from '../errors.js';

/** setTimeout's limit (about 24.8 days): a longer delay fires at once, so long limits re-arm in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * The one meaning of `--timeout`: how long sofakafka waits on the cluster without an answer before it
 * gives up. A one-shot command is one wait, so the limit bounds the whole command; a streaming
 * command (send from a stream, consume, query, trace) calls `progress()` whenever the cluster
 * answers, so the limit bounds each wait, however long the stream runs. `0` means no limit.
 */
export class Watchdog {
  private timer: NodeJS.Timeout | undefined;
  private deadline = 0;
  private rejectExpired: ((error: CliError) => void) | undefined;
  private paused = 0;
  readonly expired: Promise<never>;

  constructor(
    private readonly limitMs: number,
    private readonly label: string,
    private change: ChangeState,
  ) {
    this.expired = new Promise<never>((_, reject) => (this.rejectExpired = reject));
    this.expired.catch(() => undefined);
    this.progress();
  }

  /** The cluster answered: the next wait gets the whole limit again. */
  progress(): void {
    if (this.limitMs <= 0 || !this.rejectExpired || this.paused) return;
    this.deadline = Date.now() + this.limitMs;
    if (!this.timer) this.arm(this.limitMs);
  }

  /**
   * Runs work that waits on the user, not the cluster (a prompt, stdin still being written): the
   * clock stops meanwhile and the cluster gets the whole limit again afterwards.
   */
  async offTheClock<T>(work: () => Promise<T>): Promise<T> {
    this.paused++;
    clearTimeout(this.timer);
    this.timer = undefined;
    try {
      return await work();
    } finally {
      this.paused--;
      this.progress();
    }
  }

  /** The command's change is about to be sent: a timeout from now on may leave it applied. */
  changeSent(): void {
    if (this.change === 'not-sent') this.change = 'maybe-applied';
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.rejectExpired = undefined;
  }

  private arm(delayMs: number): void {
    this.timer = setTimeout(() => this.check(), Math.min(Math.max(delayMs, 0), MAX_TIMER_MS));
  }

  private check(): void {
    this.timer = undefined;
    if (this.paused) return;
    const left = this.deadline - Date.now();
    if (left > 0) return this.arm(left);
    const reject = this.rejectExpired;
    this.stop();
    reject?.(timeoutError(this.label, this.change));
  }
}

/** What a timeout may have left on the cluster: `none` the command changes nothing; `not-sent` its change was not sent yet. */
export type ChangeState = 'none' | 'not-sent' | 'maybe-applied';

export function timeoutError(label: string, change: ChangeState): CliError {
  if (change === 'not-sent') {
    return new CliError('connection', `gave up after ${label} (--timeout) before sending the change: nothing was changed`, { hint: 'check that the cluster is reachable, or raise --timeout' });
  }
  return new CliError('connection', `gave up after ${label} (--timeout)`, {
    hint: change === 'maybe-applied'
      ? 'the change may or may not have been applied by the cluster: look before you retry (describe or list it), or raise --timeout'
      : 'check that the cluster is reachable, or raise --timeout',
  });
}
