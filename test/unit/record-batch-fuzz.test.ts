import { createRequire } from 'node:module';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { CliError } from '../../src/errors.js';
import { loadCodec } from '../../src/kafka/protocol/compression.js';
import { decodeFetch } from '../../src/kafka/protocol/fetch-request.js';
import { decodeRecords, splitBatches } from '../../src/kafka/protocol/record-batch.js';
import { Writer } from '../../src/kafka/protocol/wire.js';

// kafkajs's encoder writes real batches to mutate (an independent writer).
const require = createRequire(import.meta.url);
const { RecordBatch } = require('kafkajs/src/protocol/recordBatch/v0') as { RecordBatch: (options: object) => Promise<{ buffer: Buffer }> };
const Record = require('kafkajs/src/protocol/recordBatch/record/v0') as (options: object) => unknown;
const { Types } = require('kafkajs/src/protocol/message/compression') as { Types: { None: number; GZIP: number } };
const Long = require('kafkajs/src/utils/long') as { fromValue(v: number | string): unknown };

async function realBatch(compression: number): Promise<Buffer> {
  const records = Array.from({ length: 5 }, (_, i) => Record({ offsetDelta: i, timestampDelta: i, key: Buffer.from(`k${i}`), value: Buffer.from(`value-${i}`), headers: { h: Buffer.from('v') } }));
  return (await RecordBatch({ compression, firstOffset: Long.fromValue(0), firstTimestamp: 1_795_161_600_000, maxTimestamp: 1_795_161_600_004, lastOffsetDelta: 4, records })).buffer;
}

/** Decoding any bytes ends in records or a CliError: never a hang, a TypeError or a RangeError. */
function decodesOrRefuses(records: Buffer): void {
  try {
    for (const batch of splitBatches(records)) {
      const decoded = decodeRecords(batch);
      // Bounded: a batch never yields more records than it has bytes.
      expect(decoded.length).toBeLessThanOrEqual(batch.body.length + 1);
    }
  } catch (error) {
    if (!(error instanceof CliError)) throw new Error(`not a CliError: ${(error as Error)?.name}: ${(error as Error)?.message}`);
  }
}

describe('the record-batch decoder under hostile bytes', () => {
  // The reader loads each codec a response needs before decoding (fetch-request.ts); load them all here.
  beforeAll(async () => {
    for (const codec of [1, 2, 3, 4]) await loadCodec(codec);
  });

  it('random bytes as a Fetch response or as record batches', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 512 }), (bytes) => {
      decodesOrRefuses(Buffer.from(bytes));
      try {
        decodeFetch(Buffer.from(bytes));
      } catch (error) {
        if (!(error instanceof CliError)) {
          throw new Error(`decodeFetch: ${(error as Error)?.name}: ${(error as Error)?.message}`);
        }
      }
    }), { numRuns: 2000 });
  });

  it('real batches (plain and gzip) with bytes flipped, cut or grown', async () => {
    const batches = [await realBatch(Types.None), await realBatch(Types.GZIP)];
    fc.assert(fc.property(fc.integer({ min: 0, max: 1 }), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 }), fc.nat(), (which, flips, cut) => {
      const mutated = Buffer.from(batches[which]!);
      // Keep the batch length honest half of the time, so the damage reaches the records.
      for (const [at, value] of flips) mutated[12 + (at % (mutated.length - 12))] = value;
      decodesOrRefuses(mutated);
      decodesOrRefuses(mutated.subarray(0, cut % (mutated.length + 1)));
    }), { numRuns: 3000 });
  });

  it('a length field claiming 2 GB allocates nothing of the sort', async () => {
    const batch = Buffer.from(await realBatch(Types.None));
    batch.writeInt32BE(0x7fffffff, 8);
    const before = process.memoryUsage().rss;
    decodesOrRefuses(batch);
    expect(process.memoryUsage().rss - before).toBeLessThan(100 * 1024 * 1024);
  });

  it('a fetch response with an absurd record count or array length is refused or read without blowing up', () => {
    const response = new Writer().int32(0).int16(0).int32(0).int32(0x7fffffff).toBuffer();
    try {
      decodeFetch(response);
    } catch (error) {
      expect(error).toBeInstanceOf(CliError);
    }
  });
});
