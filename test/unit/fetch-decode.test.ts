import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { decodeFetch } from '../../src/kafka/protocol/fetch-request.js';
import { decodeRecords, isControlBatch, RecordCursor, RecordView, timestampTypeOf } from '../../src/kafka/protocol/record-batch.js';
import { recordMatcher } from '../../src/kafka/messages/query-filters.js';
import { Writer } from '../../src/kafka/protocol/wire.js';

// kafkajs's own encoders write the batches, so our decoder is checked against an independent writer.
const require = createRequire(import.meta.url);
const { RecordBatch } = require('kafkajs/src/protocol/recordBatch/v0') as { RecordBatch: (options: object) => Promise<{ buffer: Buffer }> };
const Record = require('kafkajs/src/protocol/recordBatch/record/v0') as (options: object) => unknown;
const { Types } = require('kafkajs/src/protocol/message/compression') as { Types: { None: number; GZIP: number } };
const Long = require('kafkajs/src/utils/long') as { fromValue(v: number | string): unknown };

const base = 1_795_161_600_000;

async function batch(firstOffset: number, compression: number, count: number) {
  const records = Array.from({ length: count }, (_, i) => Record({
    offsetDelta: i,
    timestampDelta: i * 1000,
    key: i === 1 ? null : Buffer.from(`key-${firstOffset + i}`),
    value: Buffer.from(`value-${firstOffset + i}`),
    headers: i === 2 ? { 'sofakafka.msg.id': Buffer.from('id-2'), twice: [Buffer.from('a'), Buffer.from('b')] } : {},
  }));
  return (await RecordBatch({ compression, firstOffset: Long.fromValue(firstOffset), firstTimestamp: base, maxTimestamp: base + (count - 1) * 1000, lastOffsetDelta: count - 1, records })).buffer;
}

function response(topic: string, partition: number, records: Buffer, highWatermark: number): Buffer {
  return new Writer()
    .int32(0).int16(0).int32(0)
    .array([topic], (w, t) => w.string(t).array([partition], (pw, p) => {
      pw.int32(p).int16(0).int64(highWatermark).int64(highWatermark).int64(0).int32(-1).int32(-1).bytes(records);
    }))
    .toBuffer();
}

describe('Fetch response decoding', () => {
  it('splits batches and decodes offsets, timestamps, keys, values and headers (plain and gzip)', async () => {
    const plain = await batch(100, Types.None, 3);
    const gzip = await batch(103, Types.GZIP, 3);
    const [fetched] = decodeFetch(response('orders', 7, Buffer.concat([plain, gzip]), 106));
    expect(fetched).toMatchObject({ topic: 'orders', partition: 7, errorCode: 0, highWatermark: 106 });
    expect(fetched!.batches.map((b) => [b.baseOffset, b.lastOffset, b.recordCount])).toEqual([[100, 102, 3], [103, 105, 3]]);
    expect(timestampTypeOf(fetched!.batches[0]!)).toBe('CreateTime');
    expect(isControlBatch(fetched!.batches[0]!)).toBe(false);
    const records = fetched!.batches.flatMap(decodeRecords);
    expect(records.map((r) => r.offset)).toEqual([100, 101, 102, 103, 104, 105]);
    expect(records.map((r) => r.timestamp - base)).toEqual([0, 1000, 2000, 0, 1000, 2000]);
    expect(records[0]!.key!.toString()).toBe('key-100');
    expect(records[1]!.key).toBeNull();
    expect(records[4]!.value!.toString()).toBe('value-104');
    expect(records[5]!.headers.map(([k, v]) => [k, v?.toString()])).toEqual([['sofakafka.msg.id', 'id-2'], ['twice', 'a'], ['twice', 'b']]);
    expect(records[0]!.sizeBytes).toBeGreaterThan('key-100value-100'.length);
  });

  it('drops a partial batch at the end of a response (the next fetch returns it whole)', async () => {
    const whole = await batch(0, Types.None, 2);
    const cut = (await batch(2, Types.None, 2)).subarray(0, 30);
    const [fetched] = decodeFetch(response('t', 0, Buffer.concat([whole, cut]), 4));
    expect(fetched!.batches.map((b) => b.baseOffset)).toEqual([0]);
  });
});

describe('reading records in place (RecordCursor)', () => {
  it('yields only the offsets in [from, end), counts them up front, and materialises on demand', async () => {
    const [fetched] = decodeFetch(response('t', 0, Buffer.concat([await batch(10, Types.None, 3), await batch(13, Types.GZIP, 3)]), 16));
    const [plain, gzip] = fetched!.batches;
    const whole = new RecordCursor(plain!);
    expect(whole.count).toBe(3);
    const seen: Array<[number, string | undefined, string | undefined, number]> = [];
    while (whole.next()) seen.push([whole.record.offset, whole.record.key?.toString(), whole.record.value?.toString(), whole.record.headers.length]);
    expect(seen).toEqual([[10, 'key-10', 'value-10', 0], [11, undefined, 'value-11', 0], [12, 'key-12', 'value-12', 3]]);

    const edge = new RecordCursor(gzip!, 14, 15); // a batch across both ends of a range
    expect(edge.count).toBe(1);
    expect(edge.next()).toBe(true);
    expect(edge.record.toRecord()).toEqual(decodeRecords(gzip!)[1]);
    expect(edge.next()).toBe(false);

    const nullKey = new RecordCursor(plain!, 11, 12);
    nullKey.next();
    expect(nullKey.record.key).toBeNull();
    expect(nullKey.record.keyEquals(Buffer.alloc(0))).toBe(false);
  });

  it('matches key and text in place exactly as on decoded records', async () => {
    const [fetched] = decodeFetch(response('t', 0, await batch(0, Types.None, 6), 6));
    const run = (filters: Parameters<typeof recordMatcher>[0]) => {
      const matches = recordMatcher(filters);
      const cursor = new RecordCursor(fetched!.batches[0]!);
      const hits: number[] = [];
      while (cursor.next()) {
        expect(cursor.record).toBeInstanceOf(RecordView);
        if (matches(cursor.record)) hits.push(cursor.record.offset);
      }
      const decoded = decodeRecords(fetched!.batches[0]!).filter(recordMatcher(filters)).map((r) => r.offset);
      expect(hits).toEqual(decoded);
      return hits;
    };
    expect(run({ headers: [], key: 'key-4' })).toEqual([4]);
    expect(run({ headers: [], key: 'key-' })).toEqual([]);
    expect(run({ headers: [], grep: 'value-' })).toEqual([0, 1, 2, 3, 4, 5]);
    expect(run({ headers: [], grep: 'lue-3' })).toEqual([3]);
    expect(run({ headers: [], grep: 'key-3' })).toEqual([]); // in a key, not a value
    expect(run({ headers: [], grep: 'id-2' })).toEqual([]); // in a header value
    expect(run({ headers: [], grep: '' })).toEqual([0, 1, 2, 3, 4, 5]);
    expect(run({ headers: [], msgId: 'id-2', grep: 'value' })).toEqual([2]);
  });
});
