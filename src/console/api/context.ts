import type { KafkaClient } from '../../kafka/client.js';
import type { AuditEntry } from '../audit.js';
import type { BriefCache } from '../cache.js';
import type { CliOutcome, CliRunner } from '../cli-runner.js';
import { ApiFailure } from '../http-errors.js';
import type { LagSamplers } from './lag-samplers.js';

/** What every API handler gets: the cluster (one long-lived client), the CLI for changes, the audit log. */
export interface ApiContext {
  kafka(): Promise<KafkaClient>;
  cli: CliRunner;
  cache: BriefCache;
  samplers: LagSamplers;
  who: string;
  audit(entry: AuditEntry): Promise<void>;
  auditLog(): Promise<AuditEntry[]>;
}

export interface ApiRequest {
  params: string[];
  query: URLSearchParams;
  body: Record<string, unknown>;
}

export type Handler = (request: ApiRequest, context: ApiContext) => Promise<unknown>;

export interface Route {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  pattern: RegExp;
  handler: Handler;
}

/** Runs a read-only command (a query with typed filters): its data, or its failure as the CLI words it. */
export async function read(context: ApiContext, argv: string[]): Promise<unknown> {
  return succeeded(await context.cli(argv));
}

/**
 * Runs a change as the CLI command it is, records it in the audit log whatever the result (the
 * command line, never stdin, which is where passwords go), and clears the cached reads so every
 * page shows the change.
 */
export async function change(context: ApiContext, argv: string[], options: { stdin?: string } = {}): Promise<unknown> {
  const result = await context.cli(argv, options);
  await context.audit({
    at: new Date().toISOString(),
    who: context.who,
    what: `sofakafka ${argv.map(shellWord).join(' ')}`,
    result: result.exitCode === 0 ? 'ok' : 'failed',
    exitCode: result.exitCode,
    ...(result.message ? { message: result.message } : {}),
  });
  context.cache.clear();
  return succeeded(result);
}

function succeeded(result: CliOutcome): unknown {
  if (result.exitCode !== 0) throw ApiFailure.fromCli(result.exitCode, result.message, result.hint, result.data);
  return { data: result.data, warnings: result.warnings };
}

function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** A body field as text: what the page's form sent, trimmed of nothing (the CLI decides what is valid). */
export function text(body: Record<string, unknown>, name: string): string | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  return typeof value === 'string' ? value : String(value);
}

export function list(body: Record<string, unknown>, name: string): string[] {
  const value = body[name];
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]).map(String);
}

/** Repeats a flag for each value: `-c a=1 -c b=2`. */
export function repeated(flag: string, values: string[]): string[] {
  return values.flatMap((value) => [flag, value]);
}

/** A flag with a value when the value is given (an empty string is given: the CLI refuses it as it would). */
export function optional(flag: string, value: string | undefined): string[] {
  return value === undefined ? [] : [flag, value];
}

/** Offset/limit paging over a list the server already holds. */
export function page<T>(items: T[], query: URLSearchParams, defaultLimit = 100): { total: number; offset: number; limit: number; items: T[] } {
  const offset = Math.max(0, Number(query.get('offset') ?? 0) || 0);
  const limit = Math.min(500, Math.max(1, Number(query.get('limit') ?? defaultLimit) || defaultLimit));
  return { total: items.length, offset, limit, items: items.slice(offset, offset + limit) };
}

/** A form field left empty means "the CLI's default", as leaving the flag out does. */
export function blankless(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}
