import { usageError } from '../../errors.js';
import type { HeaderFilter, OffsetSpec } from '../../kafka/messages/query-filters.js';

/** The `msg query` flags that need more than commander's parsing. */

/** `--offset 42` (one message), `--offset 100..199` (inclusive), `--offset 100..` or `--offset ..199`. */
export function parseOffsetSpec(text: string): OffsetSpec {
  const value = text.trim();
  const single = /^\d+$/.exec(value);
  if (single) return { from: Number(value), to: Number(value), single: true };
  const range = /^(\d*)\.\.(\d*)$/.exec(value);
  if (!range || (range[1] === '' && range[2] === '')) {
    throw usageError(`--offset "${text}" is not an offset or a range`, 'use N for one message, or FROM..TO, FROM.. or ..TO (inclusive)');
  }
  const from = range[1] === '' ? undefined : Number(range[1]);
  const to = range[2] === '' ? undefined : Number(range[2]);
  if (from !== undefined && to !== undefined && to < from) throw usageError(`--offset ${text}: the range ends before it starts`);
  return { ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }), single: false };
}

/** `--header k=v` (value must match exactly) or `--header k` (present); a key is required. */
export function parseHeaderFilters(items: string[] | undefined): HeaderFilter[] {
  return (items ?? []).map((item) => {
    const separator = item.indexOf('=');
    const key = (separator < 0 ? item : item.slice(0, separator)).trim();
    if (!key) throw usageError(`--header "${item}" has no header name`, 'use --header NAME=VALUE, or --header NAME to require the header only');
    return { key, value: separator < 0 ? null : item.slice(separator + 1) };
  });
}

export function checkTimeRange(since: number | undefined, until: number | undefined): void {
  if (since !== undefined && until !== undefined && until < since) {
    throw usageError(`--until (${new Date(until).toISOString()}) is before --since (${new Date(since).toISOString()})`, 'swap them, or widen the range');
  }
}
