import { isUtf8 } from 'node:buffer';
import { usageError } from '../../errors.js';
import type { DecodedRecord, TimestampType } from '../protocol/record-batch.js';

/**
 * How message bytes become JSON and back. One message shape is shared by `msg consume`, `msg query`,
 * `msg trace` and `msg send --format ndjson`, so what one prints the other can read:
 *
 *   {"topic":"orders","partition":3,"offset":42,"timestamp":"2026-01-01T00:00:00.000Z",
 *    "key":"user-42","keyEncoding":"text","value":"hello","valueEncoding":"text",
 *    "headers":{"sofakafka.msg.id":"…"},"headerEncodings":null}
 *
 * Bytes that are valid UTF-8 are shown as text, anything else as base64 (the encoding field says
 * which). A header whose value is not UTF-8 is written "base64:<…>", and `headerEncodings` names
 * it ({"name":"base64"}; null when every header is text), so a text header that happens to start
 * with "base64:" is not mistaken for one and `msg send` gets the same bytes back.
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
  /** The headers whose values are base64 ("base64:<…>"), or null when all are text. */
  headerEncodings: Record<string, 'base64'> | null;
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
  /** A repeated header is an array, sent as that many headers in order. */
  headers: Record<string, OutgoingHeader>;
  timestamp?: number;
}

export type OutgoingHeader = Buffer | string | Array<Buffer | string>;

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

export type RawHeaders = Record<string, Buffer | string | null | Array<Buffer | string | null> | undefined>;

/** The mark on a header value shown as base64. */
export const BASE64_HEADER_MARK = 'base64:';

/**
 * Header (name, value) pairs in record order → the JSON headers and their encodings. A name is
 * base64 when any of its values is not UTF-8; then all its values are, so one encoding per name
 * says how to read them all back. A repeated name becomes an array; a value-less header is null.
 */
export function encodeHeaderPairs(pairs: Iterable<[string, Buffer | string | null]>): Pick<MessageRecord, 'headers' | 'headerEncodings'> {
  const byName = new Map<string, Array<Buffer | string | null>>();
  for (const [name, value] of pairs) byName.set(name, [...(byName.get(name) ?? []), value]);
  const headers: MessageRecord['headers'] = {};
  let headerEncodings: Record<string, 'base64'> | null = null;
  for (const [name, values] of byName) {
    const binary = values.some((value) => Buffer.isBuffer(value) && !isUtf8(value));
    if (binary) headerEncodings = Object.defineProperty(headerEncodings ?? {}, name, { value: 'base64', enumerable: true, writable: true, configurable: true });
    const shown = values.map((value) => {
      if (value === null) return null;
      if (!binary) return typeof value === 'string' ? value : value.toString('utf8');
      return `${BASE64_HEADER_MARK}${(typeof value === 'string' ? Buffer.from(value, 'utf8') : value).toString('base64')}`;
    });
    // defineProperty: a header named "__proto__" is kept, not swallowed by the setter.
    Object.defineProperty(headers, name, { value: shown.length === 1 ? shown[0]! : shown, enumerable: true, writable: true, configurable: true });
  }
  return { headers, headerEncodings };
}

/** kafkajs's header object (a repeated name is an array) as pairs. */
function rawHeaderPairs(headers: RawHeaders | undefined): Array<[string, Buffer | string | null]> {
  return Object.entries(headers ?? {}).flatMap(([name, value]): Array<[string, Buffer | string | null]> =>
    value === undefined ? [] : Array.isArray(value) ? value.map((v): [string, Buffer | string | null] => [name, v]) : [[name, value]]);
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
    ...encodeHeaderPairs(rawHeaderPairs(message.headers)),
  };
}

/** A record the broker-level reader decoded, in the message shape. */
export function toFoundMessage(topic: string, partition: number, record: DecodedRecord, timestampType: TimestampType): FoundMessage {
  const key = encodeBytes(record.key);
  const value = encodeBytes(record.value);
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
    ...encodeHeaderPairs(record.headers),
    sizeBytes: record.sizeBytes,
  };
}

/** The header value as text, the first one if repeated. */
export function headerText(message: MessageRecord, name: string): string | null {
  const value = message.headers[name];
  return Array.isArray(value) ? (value[0] ?? null) : (value ?? null);
}
