import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { gzipSync } from 'node:zlib';
import snappy from 'snappyjs';
import { beforeAll, describe, expect, it } from 'vitest';
import kafkajs from 'kafkajs';
import { CliError } from '../../src/errors.js';
import { translateKafkaError } from '../../src/kafka/errors.js';
import { compress, decompress, loadCodec, registerKafkajsCodecs, zstdFrames } from '../../src/kafka/protocol/compression.js';
import { decodeRecords, type RawBatch, splitBatches } from '../../src/kafka/protocol/record-batch.js';

const require = createRequire(import.meta.url);
const { RecordBatch } = require('kafkajs/src/protocol/recordBatch/v0') as { RecordBatch: (options: object) => Promise<{ buffer: Buffer }> };
const Record = require('kafkajs/src/protocol/recordBatch/record/v0') as (options: object) => unknown;
const Long = require('kafkajs/src/utils/long') as { fromValue(v: number | string): unknown };

const codecs = { gzip: 1, snappy: 2, lz4: 3, zstd: 4 } as const;
/** Text that compresses like real messages: repeated structure, varying numbers. */
const messages = (count: number) => Buffer.from(Array.from({ length: count }, (_, i) => `{"order":${i * 7919},"user":"user-${i % 97}","note":"${'x'.repeat(i % 40)}"}\n`).join(''));

const failure = (work: () => unknown): CliError => {
  try {
    work();
  } catch (error) {
    return error as CliError;
  }
  throw new Error('expected an error');
};

beforeAll(async () => {
  await loadCodec(codecs.zstd);
});

describe.each(Object.entries(codecs))('%s', (name, codec) => {
  it.each([
    ['one byte', Buffer.from('x')],
    ['300 KB of messages (several blocks)', messages(5000)],
    ['100 KB of random bytes (incompressible)', randomBytes(100_000)],
  ])('round trip: %s', (_, data) => {
    const packed = compress(codec, data);
    if (data.length > 1000) expect(packed.equals(data)).toBe(false);
    expect(decompress(codec, packed).equals(data)).toBe(true);
  });

  it('a cut-off payload is a clear CliError naming the codec and the batch', () => {
    const packed = compress(codec, messages(2000));
    const error = failure(() => decompress(codec, packed.subarray(0, packed.length >> 1), 'the record batch at offset 42'));
    expect(error).toBeInstanceOf(CliError);
    expect(error.message).toMatch(new RegExp(`^the record batch at offset 42 cannot be decompressed: its ${name} data is damaged`));
    expect(error.hint).toContain('kafka-dump-log');
  });

  it('bytes that are not this codec at all are a CliError, not a crash', () => {
    const error = failure(() => decompress(codec, Buffer.from('definitely not compressed data, just text of some length')));
    expect(error).toBeInstanceOf(CliError);
    expect(error.message).toContain(`its ${name} data is damaged`);
  });
});

describe('codec framing as Kafka\'s Java client reads and writes it', () => {
  it('snappy is written in the xerial framing: magic, version 1, compatible 1, then 32 KiB chunks of [int32 length][raw snappy]', () => {
    const data = messages(3000); // ~220 KB: seven chunks
    const packed = compress(codecs.snappy, data);
    expect(packed.subarray(0, 16)).toEqual(Buffer.from('82534e41505059000000000100000001', 'hex'));
    const chunks: Buffer[] = [];
    for (let at = 16; at < packed.length;) {
      const length = packed.readInt32BE(at);
      chunks.push(snappy.uncompress(packed.subarray(at + 4, at + 4 + length)));
      at += 4 + length;
    }
    expect(chunks.map((c) => c.length)).toEqual([...Array(Math.floor(data.length / 32768)).fill(32768), data.length % 32768]);
    expect(Buffer.concat(chunks).equals(data)).toBe(true);
  });

  it('snappy without the xerial header (a raw block) is read too', () => {
    const data = messages(500);
    expect(decompress(codecs.snappy, snappy.compress(data)).equals(data)).toBe(true);
  });

  it('a xerial chunk longer than what follows is a clear error', () => {
    const packed = compress(codecs.snappy, messages(100));
    packed.writeInt32BE(packed.length, 16);
    expect(failure(() => decompress(codecs.snappy, packed)).message).toMatch(/snappy data is damaged \(xerial chunk of \d+ bytes at byte 16 runs past the end/);
  });

  it('lz4 is written as an LZ4 frame with independent blocks, which Kafka\'s Lz4BlockInputStream requires', () => {
    const packed = compress(codecs.lz4, messages(3000));
    expect(packed.readUInt32LE(0)).toBe(0x184d2204);
    const flags = packed[4]!;
    expect(flags >> 6).toBe(1); // version 01
    expect(flags & 0x20).toBe(0x20); // block independence: Kafka refuses "Dependent block stream"
    expect(flags & 0x03).toBe(0); // reserved
    expect((packed[5]! >> 4) & 7).toBeGreaterThanOrEqual(4); // block size 64 KiB..4 MiB
  });

  it('zstd: a streaming frame without a content size (as the Java producer writes) is bounded by its blocks', () => {
    // Built by hand: no content size, a 1 MiB window, a raw block of 5 bytes and an RLE block of 7.
    const frame = Buffer.concat([
      Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x00, 0x50]),
      Buffer.from([(5 << 3) | (0 << 1) | 0, 0, 0]), Buffer.from('hello'),
      Buffer.from([(7 << 3) | (1 << 1) | 1, 0, 0]), Buffer.from('!'),
    ]);
    expect(zstdFrames(frame)).toEqual([{ start: 0, end: frame.length, maxSize: 12 }]);
    expect(decompress(codecs.zstd, frame).toString()).toBe('hello!!!!!!!');
  });

  it('zstd: two frames and a skippable frame between them decode to both contents', () => {
    const first = compress(codecs.zstd, Buffer.from('first '));
    const second = compress(codecs.zstd, messages(10));
    const skippable = Buffer.from([0x50, 0x2a, 0x4d, 0x18, 3, 0, 0, 0, 1, 2, 3]);
    const data = Buffer.concat([first, skippable, second]);
    expect(zstdFrames(data).map((f) => [f.start, f.end])).toEqual([[0, first.length], [first.length + skippable.length, data.length]]);
    expect(decompress(codecs.zstd, data).toString()).toBe(`first ${messages(10).toString()}`);
  });

  it('gzip: several members are read as one stream', () => {
    expect(decompress(codecs.gzip, Buffer.concat([gzipSync('a'), gzipSync('b')])).toString()).toBe('ab');
  });

  it('an id Kafka does not define is a CliError naming it', () => {
    const error = failure(() => decompress(5, Buffer.from('x'), 'the record batch at offset 7'));
    expect(error).toBeInstanceOf(CliError);
    expect(error.message).toBe('the record batch at offset 7 is compressed with codec 5, which Kafka does not define (0 none, 1 gzip, 2 snappy, 3 lz4, 4 zstd)');
  });
});

describe('kafkajs with our codecs registered', () => {
  const base = 1_795_161_600_000;
  const batch = async (compression: number, count: number) => (await RecordBatch({
    compression,
    firstOffset: Long.fromValue(10),
    firstTimestamp: base,
    maxTimestamp: base + count,
    lastOffsetDelta: count - 1,
    records: Array.from({ length: count }, (_, i) => Record({ offsetDelta: i, timestampDelta: i, key: Buffer.from(`key-${i}`), value: Buffer.from(`value-${i} ${'v'.repeat(i % 50)}`), headers: { n: Buffer.from(String(i)) } })),
  })).buffer;

  beforeAll(registerKafkajsCodecs);

  it.each(Object.entries(codecs))('kafkajs\'s producer encoder writes %s batches that our reader decodes', async (_, codec) => {
    const [written] = splitBatches(await batch(codec, 700));
    expect(written!.attributes & 0x07).toBe(codec);
    const records = decodeRecords(written!);
    expect(records).toHaveLength(700);
    expect(records[699]).toMatchObject({ offset: 709, key: Buffer.from('key-699'), value: Buffer.from(`value-699 ${'v'.repeat(699 % 50)}`), headers: [['n', Buffer.from('699')]] });
  });
});

describe('damaged records inside a batch', () => {
  it('records that run past the end of the (inflated) data are a CliError, not an endless loop', async () => {
    const registered = await RecordBatch({ compression: 0, firstOffset: Long.fromValue(0), firstTimestamp: 0, maxTimestamp: 0, lastOffsetDelta: 2, records: [0, 1, 2].map((i) => Record({ offsetDelta: i, timestampDelta: 0, key: null, value: Buffer.from('v'.repeat(100)), headers: {} })) });
    const whole = splitBatches(registered.buffer)[0]!;
    const cut: RawBatch = { ...whole, body: whole.body.subarray(0, whole.body.length - 150) };
    expect(() => decodeRecords(cut)).toThrow(/the record batch at offset 0 is damaged: its records run past its end/);
    const claimsMore: RawBatch = { ...whole, recordCount: 4, lastOffset: 3 };
    expect(() => decodeRecords(claimsMore)).toThrow(CliError);
  });
});

describe('a codec error inside kafkajs', () => {
  it('reaches the user as our CliError with its kind and hint, through kafkajs\'s retrier', async () => {
    registerKafkajsCodecs();
    const codec = (kafkajs.CompressionCodecs as Record<number, () => { decompress(b: Buffer): Promise<Buffer> }>)[3]!();
    const ours = await codec.decompress(Buffer.from('not lz4 at all, really not')).catch((error: CliError) => error) as CliError;
    expect(ours).toBeInstanceOf(CliError);
    // What kafkajs's retry/index.js does with an error that is not retriable:
    const NonRetriable = kafkajs.KafkaJSNonRetriableError as unknown as new (e: Error, options: { cause: unknown }) => Error;
    const bailed = new NonRetriable(ours, { cause: ours.cause ?? ours });
    const shown = translateKafkaError(bailed, 'consume');
    expect(shown.message).toMatch(/^a record batch cannot be decompressed: its lz4 data is damaged/);
    expect(shown.hint).toContain('kafka-dump-log');
  });
});
