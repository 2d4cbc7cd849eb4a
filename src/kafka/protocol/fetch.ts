/**
 * Fetch v11 (non-flexible, topic names rather than ids) sent raw, with our own record-batch
 * decoder. kafkajs's decoder builds a Long per int64 and awaits per batch; reading a topic end to
 * end needs neither. We split a response into batches first (cheap: fixed-size headers) so the
 * caller can send the next fetch before decoding records, and decode records only on demand.
 */
import { gunzipSync } from 'node:zlib';
import { type InternalBroker, sendRaw } from './internals.js';
import { type FramedConnection, installResponseBuffers, releaseResponse } from './response-buffers.js';
import { Writer } from './wire.js';

export const FETCH = 1;
const FETCH_VERSION = 11;

export interface FetchPartitionRequest {
  topic: string;
  partition: number;
  fetchOffset: number;
  partitionMaxBytes: number;
}

export interface FetchRequest {
  isolationLevel: 0 | 1;
  maxWaitMs: number;
  maxBytes: number;
  partitions: FetchPartitionRequest[];
}

/** One record batch, its records still encoded. */
export interface RawBatch {
  baseOffset: number;
  lastOffset: number;
  baseTimestamp: number;
  maxTimestamp: number;
  attributes: number;
  producerId: number;
  producerEpoch: number;
  recordCount: number;
  /** The batch from its attributes field to the end (records included). */
  body: Buffer;
}

export interface FetchedPartition {
  topic: string;
  partition: number;
  errorCode: number;
  highWatermark: number;
  lastStableOffset: number;
  logStartOffset: number;
  batches: RawBatch[];
}

export interface DecodedRecord {
  offset: number;
  timestamp: number;
  key: Buffer | null;
  value: Buffer | null;
  headers: Array<[string, Buffer | null]>;
  /** Bytes of the encoded record (key, value, headers and framing). */
  sizeBytes: number;
}

export const isControlBatch = (batch: RawBatch) => (batch.attributes & 0x20) !== 0;
export const isTransactionalBatch = (batch: RawBatch) => (batch.attributes & 0x10) !== 0;
export const timestampTypeOf = (batch: RawBatch): 'CreateTime' | 'LogAppendTime' => ((batch.attributes & 0x08) !== 0 ? 'LogAppendTime' : 'CreateTime');

export function supportsFetch(broker: InternalBroker): boolean {
  const range = broker.versions?.[FETCH];
  return !range || (range.minVersion <= FETCH_VERSION && range.maxVersion >= FETCH_VERSION);
}

export interface FetchResponse {
  partitions: FetchedPartition[];
  /** Hands the response's buffer back for reuse: call once nothing points into it any more. */
  release(): void;
}

export async function fetchRaw(broker: InternalBroker, request: FetchRequest): Promise<FetchResponse> {
  // kafkajs sends every Fetch over the second connection of a broker's pool.
  const connection = (broker.connectionPool as { pool?: FramedConnection[] }).pool?.[1];
  if (connection) installResponseBuffers(connection);
  return sendRaw(broker, {
    apiKey: FETCH,
    apiVersion: FETCH_VERSION,
    apiName: 'Fetch',
    body: encodeFetch(request),
    decode: (payload) => ({ partitions: decodeFetch(payload), release: () => releaseResponse(payload) }),
  });
}

function encodeFetch(request: FetchRequest): Buffer {
  const byTopic = new Map<string, FetchPartitionRequest[]>();
  for (const p of request.partitions) byTopic.set(p.topic, [...(byTopic.get(p.topic) ?? []), p]);
  return new Writer()
    .int32(-1) // replica id: a consumer
    .int32(request.maxWaitMs)
    .int32(1) // min bytes
    .int32(request.maxBytes)
    .int8(request.isolationLevel)
    .int32(0) // session id: no fetch session
    .int32(-1) // session epoch: full fetch, no session
    .array([...byTopic], (w, [topic, partitions]) => {
      w.string(topic).array(partitions, (pw, p) => {
        pw.int32(p.partition).int32(-1).int64(p.fetchOffset).int64(-1).int32(p.partitionMaxBytes);
      });
    })
    .array([], () => undefined) // forgotten topics
    .string('') // rack id
    .toBuffer();
}

/** Reads an int64 as a number: offsets and timestamps stay far below 2^53. */
const int64 = (buffer: Buffer, at: number) => buffer.readInt32BE(at) * 4294967296 + buffer.readUInt32BE(at + 4);

export function decodeFetch(payload: Buffer): FetchedPartition[] {
  let at = 4 + 2 + 4; // throttle time, error code, session id
  const result: FetchedPartition[] = [];
  const topicCount = payload.readInt32BE(at);
  at += 4;
  for (let t = 0; t < topicCount; t++) {
    const nameLength = payload.readInt16BE(at);
    const topic = payload.toString('utf8', at + 2, at + 2 + nameLength);
    at += 2 + nameLength;
    const partitionCount = payload.readInt32BE(at);
    at += 4;
    for (let i = 0; i < partitionCount; i++) {
      const partition = payload.readInt32BE(at);
      const errorCode = payload.readInt16BE(at + 4);
      const highWatermark = int64(payload, at + 6);
      const lastStableOffset = int64(payload, at + 14);
      const logStartOffset = int64(payload, at + 22);
      at += 30;
      const aborted = payload.readInt32BE(at);
      at += 4 + Math.max(aborted, 0) * 16;
      at += 4; // preferred read replica
      const size = payload.readInt32BE(at);
      at += 4;
      const records = size > 0 ? payload.subarray(at, at + size) : undefined;
      at += Math.max(size, 0);
      result.push({ topic, partition, errorCode, highWatermark, lastStableOffset, logStartOffset, batches: records ? splitBatches(records) : [] });
    }
  }
  return result;
}

const BATCH_HEADER = 61; // base offset .. record count

/** Complete record batches only: a fetch may end with a partial one, which the next fetch returns whole. */
function splitBatches(records: Buffer): RawBatch[] {
  const batches: RawBatch[] = [];
  let at = 0;
  while (at + 12 <= records.length) {
    const length = records.readInt32BE(at + 8);
    const end = at + 12 + length;
    if (end > records.length || length < BATCH_HEADER - 12) break;
    const magic = records.readInt8(at + 16);
    if (magic !== 2) throw new Error(`record batch with magic ${magic}: only the v2 format (Kafka 0.11+) is supported`);
    const baseOffset = int64(records, at);
    batches.push({
      baseOffset,
      lastOffset: baseOffset + records.readInt32BE(at + 23),
      attributes: records.readInt16BE(at + 21),
      baseTimestamp: int64(records, at + 27),
      maxTimestamp: int64(records, at + 35),
      producerId: int64(records, at + 43),
      producerEpoch: records.readInt16BE(at + 51),
      recordCount: records.readInt32BE(at + 57),
      body: records.subarray(at + 21, end),
    });
    at = end;
  }
  return batches;
}

/** Decodes a batch's records; gzip is inflated here, other codecs are reported. */
export function decodeRecords(batch: RawBatch): DecodedRecord[] {
  const codec = batch.attributes & 0x07;
  let data = batch.body.subarray(BATCH_HEADER - 21);
  if (codec === 1) data = gunzipSync(data);
  else if (codec !== 0) {
    const names = ['none', 'gzip', 'snappy', 'lz4', 'zstd'];
    throw new Error(`messages compressed with ${names[codec] ?? `codec ${codec}`} cannot be decoded here (only gzip and uncompressed)`);
  }
  const logAppend = (batch.attributes & 0x08) !== 0;
  const records: DecodedRecord[] = new Array(batch.recordCount);
  const cursor = { at: 0 };
  for (let i = 0; i < batch.recordCount; i++) {
    const length = varint(data, cursor);
    const start = cursor.at;
    cursor.at += 1; // attributes
    const timestampDelta = varint(data, cursor);
    const offsetDelta = varint(data, cursor);
    const key = bytes(data, cursor);
    const value = bytes(data, cursor);
    const headerCount = varint(data, cursor);
    const headers: Array<[string, Buffer | null]> = [];
    for (let h = 0; h < headerCount; h++) {
      const keyLength = varint(data, cursor);
      const headerKey = data.toString('utf8', cursor.at, cursor.at + keyLength);
      cursor.at += keyLength;
      headers.push([headerKey, bytes(data, cursor)]);
    }
    cursor.at = start + length;
    records[i] = {
      offset: batch.baseOffset + offsetDelta,
      timestamp: logAppend ? batch.maxTimestamp : batch.baseTimestamp + timestampDelta,
      key,
      value,
      headers,
      sizeBytes: length + varintSize(length),
    };
  }
  return records;
}

/** A zig-zag varint (or varlong: the arithmetic stays exact up to 2^53). */
function varint(data: Buffer, cursor: { at: number }): number {
  let raw = 0;
  let scale = 1;
  for (;;) {
    const byte = data[cursor.at++]!;
    raw += (byte & 0x7f) * scale;
    if (byte < 0x80) break;
    scale *= 128;
  }
  return raw % 2 === 0 ? raw / 2 : -(raw + 1) / 2;
}

function varintSize(value: number): number {
  let zigzag = value >= 0 ? value * 2 : -value * 2 - 1;
  let size = 1;
  while (zigzag >= 128) {
    zigzag = Math.floor(zigzag / 128);
    size++;
  }
  return size;
}

function bytes(data: Buffer, cursor: { at: number }): Buffer | null {
  const length = varint(data, cursor);
  if (length < 0) return null;
  const slice = data.subarray(cursor.at, cursor.at + length);
  cursor.at += length;
  return slice;
}
