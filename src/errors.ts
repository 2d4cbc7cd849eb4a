/**
 * One error model for the whole tool. Every failure a user can meet becomes a CliError with a
 * kind; the kind decides the exit code, in this one place. README documents the table.
 */
export const ExitCode = {
  ok: 0,
  internal: 1,
  usage: 2,
  notFound: 3,
  authentication: 4,
  authorization: 5,
  connection: 6,
  rejected: 7,
  partial: 8,
  environment: 9,
  aborted: 10,
  interrupted: 130,
} as const;

export type ErrorKind = Exclude<keyof typeof ExitCode, 'ok'>;

export class CliError extends Error {
  readonly kind: ErrorKind;
  readonly hint: string | undefined;
  readonly detail: unknown;

  constructor(kind: ErrorKind, message: string, options: { hint?: string; cause?: unknown; detail?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'CliError';
    this.kind = kind;
    this.hint = options.hint;
    this.detail = options.detail;
  }

  get exitCode(): number {
    return ExitCode[this.kind];
  }
}

export const usageError = (message: string, hint?: string) => new CliError('usage', message, { hint });
export const notFoundError = (message: string, hint?: string) => new CliError('notFound', message, { hint });
export const environmentError = (message: string, hint?: string) => new CliError('environment', message, { hint });

export function isCliError(error: unknown): error is CliError {
  return error instanceof CliError;
}
