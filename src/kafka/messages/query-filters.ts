import { MessageHeaders } from './message-headers.js';
import { type DecodedRecord, RecordView } from '../protocol/record-batch.js';

/**
 * What a query looks for (time bounds, offset ranges, header filters) and the per-record test.
 * No I/O here, so all of it is unit-tested; src/commands/msg/query-flags.ts turns flags into it.
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
