import { CliError, type ErrorKind, ExitCode, isCliError } from '../errors.js';

/** The CLI's exit-code categories as HTTP statuses: the console fails the way the CLI does. */
export const statusForKind: Record<ErrorKind, number> = {
  internal: 500,
  usage: 400,
  notFound: 404,
  // The console's own login to Kafka failed: the console is a gateway that could not pass.
  authentication: 502,
  authorization: 403,
  connection: 504,
  rejected: 409,
  partial: 422,
  environment: 500,
  aborted: 409,
  interrupted: 503,
};

const kindForExitCode = new Map<number, ErrorKind>(Object.entries(ExitCode).filter(([kind]) => kind !== 'ok').map(([kind, code]) => [code, kind as ErrorKind]));

/** A failure as the API answers it: the CLI's one line, its hint, its exit code, and what rows it had. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly body: { kind: ErrorKind; exitCode: number; hint?: string; data?: unknown },
  ) {
    super(message);
  }

  static fromCli(exitCode: number, message: string | undefined, hint: string | undefined, data: unknown): ApiFailure {
    const kind = kindForExitCode.get(exitCode) ?? 'internal';
    return new ApiFailure(statusForKind[kind], message ?? `the command failed (exit ${exitCode})`, { kind, exitCode, ...(hint ? { hint } : {}), ...(data === undefined ? {} : { data }) });
  }

  static from(error: unknown): ApiFailure {
    if (error instanceof ApiFailure) return error;
    const cli = isCliError(error) ? error : new CliError('internal', `unexpected error: ${(error as Error)?.message ?? String(error)}`);
    return new ApiFailure(statusForKind[cli.kind], cli.message, { kind: cli.kind, exitCode: cli.exitCode, ...(cli.hint ? { hint: cli.hint } : {}) });
  }

  toJSON(): object {
    return { error: { message: this.message, ...this.body } };
  }
}
