import { isUtf8 } from 'node:buffer';
import type { DecodedRecord, TimestampType } from '../protocol/record-batch.js';

/**
 * A message as query, trace and resend show it: the stable JSON shape (one NDJSON line each), the
 * same fields `msg consume` prints (./message.ts) plus timestampType and size. Key and value
 * are text when they are valid UTF-8, base64 otherwise, and say which (null when absent).
 */
export interface FoundMessage {
  topic: string;
  partition: number;
  offset: number;
  timestamp: string;
  timestampType: TimestampType;
  key: string | null;
  keyEncoding: Encoding | null;
  value: string | null;
  valueEncoding: Encoding | null;
  /** Header values as text (base64 with a "base64:" prefix when not UTF-8); a repeated name gives an array. */
  headers: Record<string, string | null | Array<string | null>>;
  sizeBytes: number;
}

export type Encoding = 'text' | 'base64';

export function toFoundMessage(topic: string, partition: number, record: DecodedRecord, timestampType: TimestampType): FoundMessage {
  const key = encode(record.key);
  const value = encode(record.value);
  const headers: FoundMessage['headers'] = {};
  for (const [name, raw] of record.headers) {
    const text = raw === null ? null : isUtf8(raw) ? raw.toString('utf8') : `base64:${raw.toString('base64')}`;
    const existing = headers[name];
    if (existing === undefined) headers[name] = text;
    else headers[name] = Array.isArray(existing) ? [...existing, text] : [existing, text];
  }
  return {
    topic,
    partition,
    offset: record.offset,
    timestamp: new Date(record.timestamp).toISOString(),
    timestampType,
    key: key.text,
    keyEncoding: key.encoding,
    value: value.text,
    valueEncoding: value.encoding,
    headers,
    sizeBytes: record.sizeBytes,
  };
}

function encode(bytes: Buffer | null): { text: string | null; encoding: Encoding | null } {
  if (bytes === null) return { text: null, encoding: null };
  return isUtf8(bytes) ? { text: bytes.toString('utf8'), encoding: 'text' } : { text: bytes.toString('base64'), encoding: 'base64' };
}

/** The header value as text, the first one if repeated. */
export function headerText(message: FoundMessage, name: string): string | null {
  const value = message.headers[name];
  return Array.isArray(value) ? (value[0] ?? null) : (value ?? null);
}
