import { usageError } from '../../errors.js';
import { MessageHeaders } from './message-headers.js';
import { type DecodedRecord, RecordView } from '../protocol/record-batch.js';

/**
 * What a query looks for, and the pure pieces that turn flags into it: time bounds, offset ranges,
 * header filters, and the per-record test. No I/O here, so all of it is unit-tested.
 */
export interface HeaderFilter {
  key: string;
  /** null: the header only has to be present. */
  value: string | null;
}

export interface OffsetSpec {
  from?: number;
  /** Inclusive. */
  to?: number;
  /** `--offset N`: exactly one message. */
  single: boolean;
}

export interface QueryFilters {
  key?: string;
  headers: HeaderFilter[];
  msgId?: string;
  grep?: string;
  /** Epoch ms, inclusive. */
  since?: number;
  /** Epoch ms, inclusive. */
  until?: number;
}

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

/**
 * The per-record test. Built once per query; byte comparisons, no string decoding on the hot path.
 * A RecordView (the reader's in-place record) is tested where it lies, without slicing key or value.
 */
export function recordMatcher(filters: QueryFilters): (record: DecodedRecord) => boolean {
  const tests: Array<(record: DecodedRecord) => boolean> = [];
  if (filters.since !== undefined) {
    const since = filters.since;
    tests.push((r) => r.timestamp >= since);
  }
  if (filters.until !== undefined) {
    const until = filters.until;
    tests.push((r) => r.timestamp <= until);
  }
  if (filters.key !== undefined) {
    const key = Buffer.from(filters.key, 'utf8');
    tests.push((r) => (r instanceof RecordView ? r.keyEquals(key) : r.key !== null && key.equals(r.key)));
  }
  const headers = [...filters.headers, ...(filters.msgId === undefined ? [] : [{ key: MessageHeaders.msgId, value: filters.msgId }])]
    .map((h) => ({ key: h.key, value: h.value === null ? null : Buffer.from(h.value, 'utf8') }));
  for (const wanted of headers) {
    tests.push((r) => r.headers.some(([k, v]) => k === wanted.key && (wanted.value === null || (v !== null && wanted.value.equals(v)))));
  }
  if (filters.grep !== undefined) {
    const needle = Buffer.from(filters.grep, 'utf8');
    const inPlace = valueSearch(needle);
    tests.push((r) => (r instanceof RecordView ? inPlace(r) : r.value !== null && r.value.includes(needle)));
  }
  if (tests.length === 0) return () => true;
  if (tests.length === 1) return tests[0]!;
  return (record) => tests.every((test) => test(record));
}

/**
 * Text search in values read in place. One indexOf runs from a value's start over the rest of the
 * batch, and its hit is kept for the records that follow, so a batch where the text never occurs
 * costs a single search instead of one per record (memchr-speed, no per-record views).
 */
function valueSearch(needle: Buffer): (record: RecordView) => boolean {
  let data: Buffer | null = null;
  let hit = -1;
  return (record) => {
    if (record.valueLength < needle.length) return false; // includes a null value (-1)
    if (record.data !== data || (hit !== -1 && hit < record.valueStart)) {
      data = record.data;
      hit = data.indexOf(needle, record.valueStart);
    }
    return hit !== -1 && hit + needle.length <= record.valueStart + record.valueLength;
  };
}
