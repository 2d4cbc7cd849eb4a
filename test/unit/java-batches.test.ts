import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCodec, registerKafkajsCodecs } from '../../src/kafka/protocol/compression.js';
import { decodeRecords, type DecodedRecord, splitBatches } from '../../src/kafka/protocol/record-batch.js';

/**
 * Record batches written by Kafka's own Java producer (ConsoleProducer of Kafka 4.3.1 with
 * --compression-codec X), copied from the broker's log segment: test/fixtures/java-batches/capture.sh
 * made them. Each holds two batches: three records (headers, a null key, a tombstone), then 2,000
 * records in one batch (several lz4 and snappy blocks, a zstd frame without a content size).
 */
const require = createRequire(import.meta.url);
const Decoder = require('kafkajs/src/protocol/decoder') as new (buffer: Buffer) => unknown;
const decodeMessages = require('kafkajs/src/protocol/requests/fetch/v4/decodeMessages') as (decoder: unknown) => Promise<KafkajsRecord[]>;
interface KafkajsRecord { offset: string; key: Buffer | null; value: Buffer | null; headers: Record<string, Buffer | Buffer[]> }

const fixture = (codec: string) => readFileSync(new URL(`../fixtures/java-batches/${codec}.segment`, import.meta.url));
const dots = '.'.repeat(90);

/** What capture.sh gave ConsoleProducer, as (key, value, headers). */
function expected(codec: string) {
  const records: Array<{ key: string | null; value: string | null; headers: Array<[string, string]> }> = [
    { key: 'user-1', value: 'first value', headers: [['source', 'java'], ['sofakafka.msg.id', `${codec}-1`]] },
    { key: null, value: 'no key', headers: [['source', 'java']] },
    { key: 'user-1', value: null, headers: [] },
  ];
  for (let i = 0; i < 2000; i++) records.push({ key: `user-${i % 10}`, value: `order ${i} ${dots}`, headers: [] });
  return records;
}

const text = (bytes: Buffer | null) => (bytes === null ? null : bytes.toString('utf8'));
const simplify = (r: DecodedRecord) => ({ key: text(r.key), value: text(r.value), headers: r.headers.map(([k, v]) => [k, text(v)]) });

beforeAll(async () => {
  registerKafkajsCodecs();
  await loadCodec(4);
});

describe.each(['gzip', 'snappy', 'lz4', 'zstd'])('a %s batch written by Kafka\'s Java producer', (codec) => {
  const codecIds: Record<string, number> = { gzip: 1, snappy: 2, lz4: 3, zstd: 4 };

  it('is read by our record reader: every key, value and header, at offsets 0..2002', () => {
    const batches = splitBatches(fixture(codec));
    expect(batches.map((b) => [b.baseOffset, b.lastOffset, b.attributes & 0x07])).toEqual([[0, 2, codecIds[codec]], [3, 2002, codecIds[codec]]]);
    const records = batches.flatMap((b) => decodeRecords(b));
    expect(records.map((r) => r.offset)).toEqual(Array.from({ length: 2003 }, (_, i) => i));
    expect(records.map(simplify)).toEqual(expected(codec));
    expect(records.every((r) => r.timestamp > Date.parse('2026-01-01'))).toBe(true);
  });

  it('is read by kafkajs\'s consumer decoder once our codecs are registered (the msg consume path)', async () => {
    const segment = fixture(codec);
    const sized = Buffer.alloc(4 + segment.length);
    sized.writeInt32BE(segment.length);
    segment.copy(sized, 4);
    const records = await decodeMessages(new Decoder(sized));
    expect(records.map((r) => ({
      key: text(r.key),
      value: text(r.value),
      headers: Object.entries(r.headers).map(([k, v]) => [k, text(v as Buffer)]),
    }))).toEqual(expected(codec));
  });
});
