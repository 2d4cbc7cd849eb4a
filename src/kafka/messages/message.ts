import { isUtf8 } from 'node:buffer';
import { usageError } from '../../errors.js';
import type { DecodedRecord, TimestampType } from '../protocol/record-batch.js';

/**
 * How message bytes become JSON and back. One message shape is shared by `msg consume`, `msg query`,
 * `msg trace` and `msg send --format ndjson`, so what one prints the other can read:
 *
 *   {"topic":"orders","partition":3,"offset":42,"timestamp":"2026-01-01T00:00:00.000Z",
 *    "key":"user-42","keyEncoding":"text","value":"hello","valueEncoding":"text",
 *    "headers":{"sofakafka.msg.id":"…"}}
 *
 * Bytes that are valid UTF-8 are shown as text, anything else as base64 (the encoding field says
 * which); header values that are not UTF-8 are written as "base64:<…>".
 */
export interface MessageRecord {
  topic: string;
  partition: number;
  offset: number;
  timestamp: string | null;
  key: string | null;
  keyEncoding: Encoding | null;
  value: unknown;
  valueEncoding: Encoding | null;
  /** Header values as text (base64 with a "base64:" prefix when not UTF-8); a repeated name gives an array. */
  headers: Record<string, string | null | Array<string | null>>;
  /** Only from the broker-level reader (query, trace, resend), which sees the batch and record framing. */
  timestampType?: TimestampType;
  sizeBytes?: number;
}

/**
 * A message as query, trace and resend find it: always with a time, its type and its size; key and
 * value text when valid UTF-8, base64 otherwise (null when absent). JSON puts timestampType after
 * timestamp and sizeBytes last.
 */
export interface FoundMessage extends MessageRecord {
  timestamp: string;
  timestampType: TimestampType;
  value: string | null;
  sizeBytes: number;
}

/** One message to produce, before a partition is chosen. `line` is where it came from (1-based). */
export interface OutgoingMessage {
  line: number;
  topic: string;
  partition?: number;
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, Buffer | string>;
  timestamp?: number;
}

export type Encoding = 'text' | 'base64' | 'hex' | 'json';
/** What the user asks values to be shown as: `auto` is text when UTF-8, base64 otherwise. */
export type ValueFormat = 'auto' | Encoding;
export const valueFormats: readonly ValueFormat[] = ['auto', 'text', 'base64', 'hex', 'json'];

export interface EncodedBytes {
  data: unknown;
  encoding: Encoding | null;
}

/** Bytes → JSON value. `json` embeds a value that parses as JSON and falls back to `auto` otherwise. */
export function encodeBytes(bytes: Buffer | null | undefined, format: ValueFormat = 'auto'): EncodedBytes {
  if (bytes === null || bytes === undefined) return { data: null, encoding: null };
  switch (format) {
    case 'text': return { data: bytes.toString('utf8'), encoding: 'text' };
    case 'base64': return { data: bytes.toString('base64'), encoding: 'base64' };
    case 'hex': return { data: bytes.toString('hex'), encoding: 'hex' };
    case 'json': {
      if (isUtf8(bytes)) {
        try {
          return { data: JSON.parse(bytes.toString('utf8')) as unknown, encoding: 'json' };
        } catch {
          // not JSON: shown as text below
        }
      }
      return encodeBytes(bytes, 'auto');
    }
    case 'auto':
      return isUtf8(bytes) ? { data: bytes.toString('utf8'), encoding: 'text' } : { data: bytes.toString('base64'), encoding: 'base64' };
  }
}

/** JSON value → bytes, the inverse of encodeBytes (for `msg send --format ndjson` and `msg resend`). */
export function decodeBytes(data: unknown, encoding: string | null | undefined, what: string): Buffer | null {
  if (data === null || data === undefined) return null;
  switch (encoding ?? 'text') {
    case 'text':
      return Buffer.from(typeof data === 'string' ? data : JSON.stringify(data), 'utf8');
    case 'json':
      return Buffer.from(JSON.stringify(data), 'utf8');
    case 'base64':
    case 'hex': {
      if (typeof data !== 'string') throw usageError(`${what} is ${encoding} but not a string`);
      const pattern = encoding === 'hex' ? /^([0-9a-fA-F]{2})*$/ : /^[A-Za-z0-9+/_-]*={0,2}$/;
      if (!pattern.test(data)) throw usageError(`${what} is not valid ${encoding}`);
      return Buffer.from(data, encoding as BufferEncoding);
    }
    default:
      throw usageError(`${what}: unknown encoding "${String(encoding)}"`, 'use text, json, base64 or hex');
  }
}

export type RawHeaders = Record<string, Buffer | string | Array<Buffer | string> | undefined>;

export function encodeHeaders(headers: RawHeaders | undefined): Record<string, string | string[]> {
  const result: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined) continue;
    result[name] = Array.isArray(value) ? value.map(headerValueText) : headerValueText(value);
  }
  return result;
}

function headerValueText(value: Buffer | string): string {
  if (typeof value === 'string') return value;
  return isUtf8(value) ? value.toString('utf8') : `base64:${value.toString('base64')}`;
}

/** The shape kafkajs hands a consumer (and that fetch code can produce too). */
export interface RawMessage {
  offset: string | number;
  timestamp?: string | number;
  key: Buffer | null;
  value: Buffer | null;
  headers?: RawHeaders;
}

export function toMessageRecord(topic: string, partition: number, message: RawMessage, valueFormat: ValueFormat = 'auto'): MessageRecord {
  const key = encodeBytes(message.key, valueFormat === 'json' ? 'auto' : valueFormat);
  const value = encodeBytes(message.value, valueFormat);
  const timestamp = Number(message.timestamp ?? -1);
  return {
    topic,
    partition,
    offset: Number(message.offset),
    timestamp: timestamp >= 0 ? new Date(timestamp).toISOString() : null,
    key: key.data as string | null,
    keyEncoding: key.encoding,
    value: value.data,
    valueEncoding: value.encoding,
    headers: encodeHeaders(message.headers),
  };
}

/** A record the broker-level reader decoded, in the message shape. */
export function toFoundMessage(topic: string, partition: number, record: DecodedRecord, timestampType: TimestampType): FoundMessage {
  const key = encodeBytes(record.key);
  const value = encodeBytes(record.value);
  const headers: FoundMessage['headers'] = {};
  for (const [name, raw] of record.headers) {
    const text = raw === null ? null : headerValueText(raw);
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
    key: key.data as string | null,
    keyEncoding: key.encoding,
    value: value.data as string | null,
    valueEncoding: value.encoding,
    headers,
    sizeBytes: record.sizeBytes,
  };
}

/** The header value as text, the first one if repeated. */
export function headerText(message: MessageRecord, name: string): string | null {
  const value = message.headers[name];
  return Array.isArray(value) ? (value[0] ?? null) : (value ?? null);
}
