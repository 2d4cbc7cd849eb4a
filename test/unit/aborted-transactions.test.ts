import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { AbortedTransactionFilter } from '../../src/kafka/protocol/aborted-transactions.js';
import { type RawBatch, splitBatches } from '../../src/kafka/protocol/record-batch.js';

// kafkajs's own encoder writes the batches (transactional ones with a producer id); control
// batches are the same with the control bit set and a marker record (key: version, type).
const require = createRequire(import.meta.url);
const { RecordBatch } = require('kafkajs/src/protocol/recordBatch/v0') as { RecordBatch: (options: object) => Promise<{ buffer: Buffer }> };
const Record = require('kafkajs/src/protocol/recordBatch/record/v0') as (options: object) => unknown;
const Long = require('kafkajs/src/utils/long') as { fromValue(v: number | string): unknown };

async function encode(firstOffset: number, producerId: number, records: Array<{ key: Buffer; value: Buffer }>, control = false): Promise<RawBatch> {
  const { buffer } = await RecordBatch({
    firstOffset: Long.fromValue(firstOffset), firstTimestamp: 1, maxTimestamp: 1, lastOffsetDelta: records.length - 1, transactional: true,
    producerId: Long.fromValue(producerId), records: records.map((r, i) => Record({ offsetDelta: i, timestampDelta: 0, key: r.key, value: r.value, headers: {} })),
  });
  if (control) buffer.writeInt16BE(buffer.readInt16BE(21) | 0x20, 21);
  return splitBatches(buffer)[0]!;
}

const data = (offset: number, producerId: number, count = 2) =>
  encode(offset, producerId, Array.from({ length: count }, (_, i) => ({ key: Buffer.from(`k${offset + i}`), value: Buffer.from('v') })));
const marker = (offset: number, producerId: number, type: 'abort' | 'commit') => {
  const key = Buffer.alloc(4);
  key.writeInt16BE(type === 'abort' ? 0 : 1, 2);
  return encode(offset, producerId, [{ key, value: Buffer.from([0, 0, 0, 0, 0, 0]) }], true);
};

const kept = (filter: AbortedTransactionFilter, batches: RawBatch[]) => batches.filter((b) => filter.keeps(b)).map((b) => b.baseOffset);

describe('read_committed: records of aborted transactions are left out', () => {
  it('drops an aborted transaction interleaved with a committed one, and keeps the producer\'s next transaction', async () => {
    // Producer 7 aborts offsets 0-1 and 4-5 (marker at 6); producer 9 commits 2-3 (marker at 7); producer 7 then commits 8-9 (marker 10).
    const batches = [await data(0, 7), await data(2, 9), await data(4, 7), await marker(6, 7, 'abort'), await marker(7, 9, 'commit'), await data(8, 7), await marker(10, 7, 'commit')];
    const filter = new AbortedTransactionFilter([{ producerId: 7, firstOffset: 0 }]);
    expect(kept(filter, batches)).toEqual([2, 8]);
  });

  it('an aborted transaction starts only at its first offset: the same producer\'s earlier committed batch stays', async () => {
    const batches = [await data(0, 7), await marker(2, 7, 'commit'), await data(3, 7), await marker(5, 7, 'abort')];
    expect(kept(new AbortedTransactionFilter([{ producerId: 7, firstOffset: 3 }]), batches)).toEqual([0]);
  });

  it('keeps everything when the broker lists no aborted transaction (read_uncommitted answers, or none aborted)', async () => {
    const batches = [await data(0, 7), await marker(2, 7, 'commit'), await data(3, 8)];
    expect(kept(new AbortedTransactionFilter([]), batches)).toEqual([0, 3]);
  });

  it('non-transactional batches are never dropped, whatever producer id they carry', async () => {
    const plain = await data(0, 7);
    const nonTransactional: RawBatch = { ...plain, attributes: plain.attributes & ~0x10 };
    expect(kept(new AbortedTransactionFilter([{ producerId: 7, firstOffset: 0 }]), [nonTransactional])).toEqual([0]);
  });
});
