/**
 * Kafka's record batch (v2, "magic 2") read from a Fetch response: batches are split on their
 * fixed-size headers, and records decoded in place only when someone reads them.
 */
import { CliError } from '../../errors.js';
import { damagedBatchHint, decompress } from './compression.js';

export type TimestampType = 'CreateTime' | 'LogAppendTime';

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
export const timestampTypeOf = (batch: RawBatch): TimestampType => ((batch.attributes & 0x08) !== 0 ? 'LogAppendTime' : 'CreateTime');

/** Reads an int64 as a number: offsets and timestamps stay far below 2^53. */
export const int64 = (buffer: Buffer, at: number) => buffer.readInt32BE(at) * 4294967296 + buffer.readUInt32BE(at + 4);

const BATCH_HEADER = 61; // base offset .. record count

/** Complete record batches only: a fetch may end with a partial one, which the next fetch returns whole. */
export function splitBatches(records: Buffer): RawBatch[] {
  const batches: RawBatch[] = [];
  let at = 0;
  while (at + 12 <= records.length) {
    const length = records.readInt32BE(at + 8);
    const end = at + 12 + length;
    if (end > records.length || length < BATCH_HEADER - 12) break;
    const magic = records.readInt8(at + 16);
    if (magic !== 2) {
      throw new CliError('internal', `the record batch at offset ${int64(records, at)} has magic ${magic}: only the v2 format (Kafka 0.11+) is read here`, { hint: damagedBatchHint });
    }
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

/** A batch's record bytes, inflated (compression.ts: every Kafka codec). */
function recordData(batch: RawBatch): Buffer {
  return decompress(batch.attributes & 0x07, batch.body.subarray(BATCH_HEADER - 21), `the record batch at offset ${batch.baseOffset}`);
}

const damagedRecords = (batch: RawBatch) => new CliError('internal', `the record batch at offset ${batch.baseOffset} is damaged: its records run past its end`, { hint: damagedBatchHint });

/**
 * One record read in place: positions into the batch's bytes, nothing copied or sliced until a
 * getter asks (key, value, headers each make views on demand). A cursor moves the same view from
 * record to record, so a scan allocates nothing per record that no filter or printer needs.
 */
export class RecordView implements DecodedRecord {
  data: Buffer = Buffer.alloc(0);
  offset = 0;
  timestamp = 0;
  sizeBytes = 0;
  /** -1: null. */
  keyLength = -1;
  keyStart = 0;
  /** -1: null. */
  valueLength = -1;
  valueStart = 0;
  headerCount = 0;
  headersStart = 0;

  get key(): Buffer | null {
    return this.keyLength < 0 ? null : this.data.subarray(this.keyStart, this.keyStart + this.keyLength);
  }

  get value(): Buffer | null {
    return this.valueLength < 0 ? null : this.data.subarray(this.valueStart, this.valueStart + this.valueLength);
  }

  get headers(): Array<[string, Buffer | null]> {
    const headers: Array<[string, Buffer | null]> = [];
    const cursor = { at: this.headersStart };
    for (let h = 0; h < this.headerCount; h++) {
      const keyLength = varint(this.data, cursor);
      const name = this.data.toString('utf8', cursor.at, cursor.at + keyLength);
      cursor.at += keyLength;
      headers.push([name, bytes(this.data, cursor)]);
    }
    return headers;
  }

  /** Key equal to these bytes, compared in place. */
  keyEquals(key: Buffer): boolean {
    return this.keyLength === key.length && this.data.compare(key, 0, key.length, this.keyStart, this.keyStart + this.keyLength) === 0;
  }

  /** A record of its own (views into the same bytes): for handing on past the cursor's next move. */
  toRecord(): DecodedRecord {
    return { offset: this.offset, timestamp: this.timestamp, key: this.key, value: this.value, headers: this.headers, sizeBytes: this.sizeBytes };
  }
}

/**
 * Walks a batch's records in offset order, keeping those in [from, end): `next()` moves `record`
 * to the next one and says whether there was one. `count` is how many it will yield.
 */
export class RecordCursor {
  readonly record = new RecordView();
  readonly count: number;
  private readonly logAppend: boolean;
  /** Read position in the record bytes (varint() moves it). */
  at = 0;
  private left: number;

  /** `data`: the batch's records already inflated (the count below walks them a second time). */
  constructor(private readonly batch: RawBatch, private readonly from = 0, private readonly end = Infinity, data = recordData(batch)) {
    this.record.data = data;
    this.logAppend = (batch.attributes & 0x08) !== 0;
    this.left = batch.recordCount;
    if (batch.baseOffset >= from && batch.lastOffset < end) this.count = batch.recordCount;
    else {
      // A batch across a range edge: count what is inside (a cheap walk, and only at the edges).
      let count = 0;
      const counter = new RecordCursor(batch, 0, Infinity, data);
      while (counter.next()) if (counter.record.offset >= from && counter.record.offset < end) count++;
      this.count = count;
    }
  }

  next(): boolean {
    const r = this.record;
    const data = r.data;
    while (this.left > 0) {
      this.left--;
      const length = varint(data, this);
      const start = this.at;
      if (!(length > 0 && start + length <= data.length)) throw damagedRecords(this.batch);
      this.at += 1; // attributes
      const timestampDelta = varint(data, this);
      const offset = this.batch.baseOffset + varint(data, this);
      if (offset < this.from || offset >= this.end) {
        this.at = start + length;
        continue;
      }
      r.offset = offset;
      r.timestamp = this.logAppend ? this.batch.maxTimestamp : this.batch.baseTimestamp + timestampDelta;
      r.keyLength = varint(data, this);
      r.keyStart = this.at;
      if (r.keyLength > 0) this.at += r.keyLength;
      r.valueLength = varint(data, this);
      r.valueStart = this.at;
      if (r.valueLength > 0) this.at += r.valueLength;
      r.headerCount = varint(data, this);
      r.headersStart = this.at;
      r.sizeBytes = length + varintSize(length);
      this.at = start + length;
      return true;
    }
    return false;
  }
}

/** Decodes a batch's records, each an object of its own. */
export function decodeRecords(batch: RawBatch): DecodedRecord[] {
  const cursor = new RecordCursor(batch);
  const records: DecodedRecord[] = [];
  while (cursor.next()) records.push(cursor.record.toRecord());
  return records;
}

/** A zig-zag varint (or varlong: the arithmetic stays exact up to 2^53). */
function varint(data: Buffer, cursor: { at: number }): number {
  let raw = 0;
  let scale = 1;
  for (;;) {
    const byte = data[cursor.at++]!;
    raw += (byte & 0x7f) * scale;
    if (!(byte >= 0x80)) break; // also past the end (undefined): damaged bytes must not loop forever
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
