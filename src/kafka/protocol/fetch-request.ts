import { CliError } from '../../errors.js';
/**
 * Fetch v11 (non-flexible, topic names rather than ids) sent raw. kafkajs's decoder builds a Long
 * per int64 and awaits per batch; reading a topic end to end needs neither. We split a response
 * into batches first (cheap: fixed-size headers) so the caller can send the next fetch before
 * decoding records, which record-batch.ts does only on demand.
 */
import type { AbortedTransaction } from './aborted-transactions.js';
import { codecReady, loadCodec } from './compression.js';
import { type InternalBroker, sendRaw } from './internals.js';
import { int64, type RawBatch, splitBatches } from './record-batch.js';
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

export interface FetchedPartition {
  topic: string;
  partition: number;
  errorCode: number;
  highWatermark: number;
  lastStableOffset: number;
  logStartOffset: number;
  /** read_committed only: the aborted transactions in the range returned (the broker sends none at read_uncommitted). */
  abortedTransactions: AbortedTransaction[];
  batches: RawBatch[];
}

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
  const response = await sendRaw(broker, {
    apiKey: FETCH,
    apiVersion: FETCH_VERSION,
    apiName: 'Fetch',
    body: encodeFetch(request),
    decode: (payload) => ({ partitions: decodeFetch(payload), release: () => releaseResponse(payload) }),
  });
  // Records are decoded synchronously later; zstd's WebAssembly loads (once) before that.
  try {
    for (const partition of response.partitions) {
      for (const batch of partition.batches) if (!codecReady(batch.attributes & 0x07)) await loadCodec(batch.attributes & 0x07);
    }
  } catch (error) {
    response.release();
    throw error;
  }
  return response;
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

/** A Fetch response cut short or garbled (a broken proxy, a bug) is one clear error, not a RangeError from deep inside. */
export function decodeFetch(payload: Buffer): FetchedPartition[] {
  try {
    return decodeFetchBody(payload);
  } catch (error) {
    if (error instanceof RangeError) {
      throw new CliError('internal', `a Fetch response of ${payload.length} bytes could not be read: ${error.message}`, { hint: 'the broker or something between it and us sent a truncated answer; run again with --debug', cause: error });
    }
    throw error;
  }
}

function decodeFetchBody(payload: Buffer): FetchedPartition[] {
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
      const abortedCount = payload.readInt32BE(at);
      at += 4;
      const abortedTransactions: AbortedTransaction[] = [];
      for (let a = 0; a < abortedCount; a++, at += 16) abortedTransactions.push({ producerId: int64(payload, at), firstOffset: int64(payload, at + 8) });
      at += 4; // preferred read replica
      const size = payload.readInt32BE(at);
      at += 4;
      const records = size > 0 ? payload.subarray(at, at + size) : undefined;
      at += Math.max(size, 0);
      result.push({ topic, partition, errorCode, highWatermark, lastStableOffset, logStartOffset, abortedTransactions, batches: records ? splitBatches(records) : [] });
    }
  }
  return result;
}
