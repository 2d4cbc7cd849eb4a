import { usageError } from '../errors.js';
import { MAX_DATE_MS } from './duration.js';
import { MAX_PARTITION } from './parse.js';
import { BASE64_HEADER_MARK, decodeBytes, type OutgoingHeader, type OutgoingMessage } from '../kafka/messages/message.js';

export type InputFormat = 'text' | 'ndjson';

/** What flags say for every message; an NDJSON line may override each of them. */
export interface MessageDefaults {
  topic?: string;
  key?: string;
  headers: Record<string, string>;
  partition?: number;
  timestamp?: number;
}

const NDJSON_FIELDS = new Set(['topic', 'key', 'keyEncoding', 'value', 'valueEncoding', 'headers', 'headerEncodings', 'partition', 'timestamp', 'offset']);

/**
 * The whole input, checked before anything is sent, so bad input changes nothing: text is one
 * message per line; NDJSON is the record shape `msg consume -o ndjson` prints (extra fields such as
 * offset are ignored), so a consumed stream can be sent again. A trailing newline adds no message.
 * Text given as a Buffer is cut into lines without copying: each value is a view of the input's
 * bytes (decoding 100 MB to a string and encoding every line again cost more client CPU than
 * anything else we do), and the bytes go out exactly as they came in.
 */
export function parseMessages(input: string | Buffer, format: InputFormat, defaults: MessageDefaults, firstLine = 0): OutgoingMessage[] {
  if (format === 'text' && Buffer.isBuffer(input)) return textLines(input, defaults, firstLine);
  const lines = (typeof input === 'string' ? input : input.toString('utf8')).split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const messages: OutgoingMessage[] = [];
  lines.forEach((raw, index) => {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (format === 'ndjson') {
      if (line.trim() === '') return;
      messages.push(parseNdjsonLine(line, firstLine + index + 1, defaults));
    } else {
      messages.push(messageFrom(firstLine + index + 1, defaults, { value: Buffer.from(line, 'utf8') }));
    }
  });
  return messages;
}

/**
 * The input in windows of about `size` lines, each parsed on its own (line numbers stay those of the
 * whole input): a caller can check every window first and then send window by window, holding one
 * window of messages at a time instead of the whole input's.
 */
export function* messageWindows(input: string | Buffer, format: InputFormat, defaults: MessageDefaults, size: number): Generator<OutgoingMessage[]> {
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  let start = 0;
  let firstLine = 0;
  while (start < bytes.length) {
    let end = start;
    let lines = 0;
    while (lines < size && end < bytes.length) {
      const newline = bytes.indexOf(LF, end);
      end = newline === -1 ? bytes.length : newline + 1;
      lines++;
    }
    const messages = parseMessages(bytes.subarray(start, end), format, defaults, firstLine);
    yield messages;
    firstLine += lines;
    start = end;
  }
}

const LF = 0x0a;
const CR = 0x0d;

function textLines(input: Buffer, defaults: MessageDefaults, firstLine: number): OutgoingMessage[] {
  const messages: OutgoingMessage[] = [];
  let start = 0;
  let number = firstLine + 1;
  while (start < input.length) {
    const newline = input.indexOf(LF, start);
    const end = newline === -1 ? input.length : newline;
    const stop = end > start && input[end - 1] === CR ? end - 1 : end;
    messages.push(messageFrom(number++, defaults, { value: input.subarray(start, stop) }));
    start = end + 1;
  }
  return messages;
}

function parseNdjsonLine(line: string, number: number, defaults: MessageDefaults): OutgoingMessage {
  const where = `line ${number}`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch (error) {
    throw usageError(`invalid NDJSON on line ${number}: ${(error as Error).message}`, 'each line must be one JSON object such as {"key":"k","value":"v"}; nothing was sent');
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw usageError(`invalid NDJSON on line ${number}: not a JSON object`, 'nothing was sent');
  const record = parsed as Record<string, unknown>;
  const unknown = Object.keys(record).filter((k) => !NDJSON_FIELDS.has(k) && !k.startsWith('_') && !['timestampType', 'leaderEpoch'].includes(k));
  if (unknown.length) throw usageError(`${where}: unknown field "${unknown[0]}"`, `known fields: ${[...NDJSON_FIELDS].join(', ')}; nothing was sent`);
  if (record.topic !== undefined && typeof record.topic !== 'string') throw usageError(`${where}: "topic" must be a string`);
  const headers = parseHeaders(record.headers, record.headerEncodings, where);
  const partition = record.partition === undefined || record.partition === null ? undefined : record.partition;
  if (partition !== undefined && (typeof partition !== 'number' || !Number.isInteger(partition) || partition < 0 || partition > MAX_PARTITION)) {
    throw usageError(`${where}: "partition" must be a whole number of at least 0`);
  }
  return messageFrom(number, defaults, {
    topic: record.topic as string | undefined,
    key: 'key' in record ? decodeBytes(record.key, record.keyEncoding as string | undefined, `${where}: "key"`) : undefined,
    value: decodeBytes(record.value, record.valueEncoding as string | undefined, `${where}: "value"`),
    headers,
    partition,
    timestamp: record.timestamp === undefined || record.timestamp === null ? undefined : parseTimestamp(record.timestamp, where),
  });
}

/**
 * An NDJSON record's headers, as `msg consume` prints them: a value is a string, a repeated header
 * an array; `headerEncodings` names those written base64 ("base64:<…>", the mark optional).
 */
function parseHeaders(raw: unknown, encodings: unknown, where: string): Record<string, OutgoingHeader> {
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== 'object' || Array.isArray(raw)) throw usageError(`${where}: "headers" must be an object of strings`);
  if (encodings !== undefined && encodings !== null && (typeof encodings !== 'object' || Array.isArray(encodings))) {
    throw usageError(`${where}: "headerEncodings" must be an object such as {"name":"base64"}`);
  }
  const encodingOf = new Map(Object.entries((encodings ?? {}) as Record<string, unknown>));
  for (const [name, encoding] of encodingOf) {
    if (!(name in raw)) throw usageError(`${where}: "headerEncodings" names header "${name}", which "headers" does not have`);
    if (encoding !== 'base64' && encoding !== 'text') throw usageError(`${where}: header "${name}" has encoding ${JSON.stringify(encoding)}`, 'use "base64" or "text"');
  }
  const entries = Object.entries(raw as Record<string, unknown>).map(([name, value]): [string, OutgoingHeader] => {
    const one = (item: unknown): Buffer | string => {
      // kafkajs cannot write a header without a value (Kafka can): refuse rather than change it.
      if (item === null) throw usageError(`${where}: header "${name}" has no value (null), which this tool cannot send`, 'give it a value, or leave the header out');
      if (typeof item !== 'string') throw usageError(`${where}: header "${name}" must be a string (or an array of strings when repeated)`);
      if (encodingOf.get(name) !== 'base64') return item;
      return decodeBytes(item.startsWith(BASE64_HEADER_MARK) ? item.slice(BASE64_HEADER_MARK.length) : item, 'base64', `${where}: header "${name}"`)!;
    };
    return [name, Array.isArray(value) ? value.map(one) : one(value)];
  });
  // fromEntries defines properties: a header named "__proto__" is kept, not swallowed by a setter.
  return Object.fromEntries(entries);
}

function messageFrom(line: number, defaults: MessageDefaults, own: {
  topic?: string; key?: Buffer | null; value: Buffer | null; headers?: Record<string, OutgoingHeader>; partition?: number; timestamp?: number;
}): OutgoingMessage {
  const topic = own.topic ?? defaults.topic;
  if (!topic) throw usageError(`line ${line} names no topic`, 'pass --topic, or give each NDJSON line a "topic"');
  const key = own.key !== undefined ? own.key : defaults.key !== undefined ? Buffer.from(defaults.key, 'utf8') : null;
  const message: OutgoingMessage = { line, topic, key, value: own.value, headers: { ...defaults.headers, ...own.headers } };
  const partition = own.partition ?? defaults.partition;
  if (partition !== undefined) message.partition = partition;
  const timestamp = own.timestamp ?? defaults.timestamp;
  if (timestamp !== undefined) message.timestamp = timestamp;
  return message;
}

/** Epoch milliseconds, or an ISO-8601 date and time. */
export function parseTimestamp(value: unknown, where: string): number {
  // A timestamp is one Date can print (consume and query show it as ISO-8601) and an int64 can carry.
  const inRange = (ms: number) => Number.isSafeInteger(ms) && ms >= 0 && ms <= MAX_DATE_MS;
  if (typeof value === 'number' && inRange(value)) return value;
  if (typeof value === 'string') {
    if (/^\d+$/.test(value) && inRange(Number(value))) return Number(value);
    const ms = Date.parse(value);
    if (/^\d{4}-\d{2}-\d{2}/.test(value) && inRange(ms)) return ms;
  }
  throw usageError(`${where}: timestamp ${shown(value)} is neither epoch milliseconds nor an ISO-8601 time`, 'for example 1767225600000 or 2026-01-01T00:00:00Z');
}

/** A value from NDJSON input as the error shows it: never by calling its own toString (it may have none). */
function shown(value: unknown): string {
  if (typeof value === 'string') return `"${value}"`;
  try {
    return JSON.stringify(value) ?? typeof value;
  } catch {
    return typeof value;
  }
}
