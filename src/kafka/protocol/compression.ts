/**
 * Kafka's record-batch codecs (a batch's attributes & 0x07): 0 none, 1 gzip, 2 snappy, 3 lz4,
 * 4 zstd, both ways — for our own record reader (Fetch) and for kafkajs's producer and consumer,
 * which have only gzip built in. The libraries, and why (docs/messages.md, "Compression"):
 *
 * - gzip: node:zlib.
 * - snappy: snappyjs (pure JavaScript), in the xerial framing Kafka's Java client writes (framed
 *   here; a raw snappy block without the frame header is read too).
 * - lz4: lz4-frame.ts, our own: no library both writes frames Kafka accepts and frees its memory.
 * - zstd: @bokuweb/zstd-wasm (zstd's own C library as WebAssembly). Java's producer writes
 *   streaming frames that do not record their size, and that library sizes its output from the
 *   frame header: zstdFrames() walks the block headers for an upper bound first.
 *
 * The zstd WebAssembly loads on first use (25-50 ms), from a chunk of the bundle of its own.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import kafkajs from 'kafkajs';
import snappy from 'snappyjs';
import { CliError } from '../../errors.js';
import { lz4Compress, lz4Decompress } from './lz4-frame.js';

export const compressionCodecs = ['none', 'gzip', 'snappy', 'lz4', 'zstd'] as const;
export type CompressionCodec = (typeof compressionCodecs)[number];
export const codecId = (name: CompressionCodec): number => compressionCodecs.indexOf(name);

const GZIP = 1;
const SNAPPY = 2;
const LZ4 = 3;
const ZSTD = 4;
const MiB = 1024 * 1024;
/** Refuse to inflate one batch past this: a corrupt length must not allocate gigabytes. */
export const MAX_DECOMPRESSED_BYTES = 256 * MiB;
export const damagedBatchHint = 'Kafka\'s own kafka-dump-log --deep-iteration on the broker shows whether Kafka can read the batch';
/** Kafka's default zstd level (compression.zstd.level). */
const ZSTD_LEVEL = 3;

interface ZstdLibrary {
  /** The bytes of zstd.wasm: the package's ESM build (the bundle's) takes them; its Node build reads its own file. */
  init(wasm: Uint8Array): Promise<void>;
  compress(data: Uint8Array, level?: number): Uint8Array;
  decompress(data: Uint8Array, options?: { defaultHeapSize?: number }): Uint8Array;
}

let zstd: ZstdLibrary | undefined;
let zstdLoading: Promise<void> | undefined;

/** Whether decompress()/compress() can run for this codec now (zstd's WebAssembly loads asynchronously). */
export const codecReady = (codec: number): boolean => codec !== ZSTD || zstd !== undefined;

/** Loads a codec's library if it needs loading (zstd's WebAssembly); one that does not load is an environment error. */
export async function loadCodec(codec: number): Promise<void> {
  if (codec !== ZSTD || zstd) return;
  zstdLoading ??= (async () => {
    const [module, { zstdWasm }] = await Promise.all([import('@bokuweb/zstd-wasm'), import('./zstd-wasm.js')]);
    const library = ((module as { default?: unknown }).default ?? module) as ZstdLibrary;
    await library.init(await zstdWasm());
    zstd = library;
  })().catch((error: unknown) => {
    zstdLoading = undefined;
    throw new CliError('environment', `zstd compression is not available: @bokuweb/zstd-wasm did not load (${(error as Error).message?.split('\n')[0]})`, {
      hint: 'the zstd WebAssembly ships inside sofakafka\'s bundle: reinstall sofakafka, or from source run npm ci and npm run build',
      cause: error,
    });
  });
  await zstdLoading;
}

/**
 * A batch's records inflated. `what` names the batch in errors ("the record batch at offset 42").
 * zstd needs loadCodec(4) to have finished.
 */
export function decompress(codec: number, data: Buffer, what = 'a record batch'): Buffer {
  if (codec === 0) return data;
  const name = compressionCodecs[codec];
  if (!name) {
    throw new CliError('internal', `${what} is compressed with codec ${codec}, which Kafka does not define (0 none, 1 gzip, 2 snappy, 3 lz4, 4 zstd)`, {
      hint: 'the batch is damaged, or written by a newer Kafka client than sofakafka knows',
    });
  }
  if (codec === ZSTD && !zstd) throw new Error('zstd is not loaded: await loadCodec(4) before decompressing');
  try {
    switch (codec) {
      case GZIP: return gunzipSync(data, { maxOutputLength: MAX_DECOMPRESSED_BYTES });
      case SNAPPY: return unsnappy(data);
      case LZ4: return lz4Decompress(data, MAX_DECOMPRESSED_BYTES);
      default: return unzstd(data);
    }
  } catch (error) {
    const reason = ((error as Error).message ?? String(error)).split('\n')[0];
    throw new CliError('internal', `${what} cannot be decompressed: its ${name} data is damaged (${reason})`, {
      hint: damagedBatchHint,
      cause: error,
    });
  }
}

/** Records compressed as Kafka's Java producer would: gzip, xerial-framed snappy, LZ4 frames of independent 64 KiB blocks, zstd frames. */
export function compress(codec: number, data: Buffer): Buffer {
  switch (codec) {
    case 0: return data;
    case GZIP: return gzipSync(data);
    case SNAPPY: return snappyXerial(data);
    case LZ4: return lz4Compress(data);
    case ZSTD: {
      if (!zstd) throw new Error('zstd is not loaded: await loadCodec(4) before compressing');
      return asBuffer(zstd.compress(data, ZSTD_LEVEL));
    }
    default: throw new CliError('usage', `unknown compression codec ${codec}`);
  }
}

/**
 * Teaches kafkajs (whose CompressionCodecs has only gzip) snappy, lz4 and zstd, so its producer
 * writes them and its consumer reads them. A codec is `() => ({ compress(encoder), decompress(buffer) })`,
 * both returning promises (kafkajs 2.2.4, src/protocol/message/compression). Idempotent.
 */
export function registerKafkajsCodecs(): void {
  const codecs = kafkajs.CompressionCodecs as Record<number, () => unknown>;
  for (const codec of [SNAPPY, LZ4, ZSTD]) {
    const implementation = {
      compress: (encoder: { buffer: Buffer }) => forKafkajs(codec, () => compress(codec, encoder.buffer)),
      decompress: (buffer: Buffer) => forKafkajs(codec, () => decompress(codec, buffer)),
    };
    codecs[codec] = () => implementation;
  }
  // Ids Kafka does not define: without an entry kafkajs reads such a batch as uncompressed garbage.
  for (const codec of [5, 6, 7]) {
    const refuse = async () => decompress(codec, Buffer.alloc(0)); // throws: unknown codec
    codecs[codec] = () => ({ compress: refuse, decompress: refuse });
  }
}

/**
 * kafkajs's retrier wraps an error as `new KafkaJSNonRetriableError(e, { cause: e.cause || e })`,
 * dropping e itself when it has a cause: ours travel without one (the library's error goes in
 * `detail`), so translateKafkaError finds them with their kind and hint.
 */
async function forKafkajs(codec: number, work: () => Buffer): Promise<Buffer> {
  try {
    await loadCodec(codec);
    return work();
  } catch (error) {
    if (error instanceof CliError && error.cause !== undefined) throw new CliError(error.kind, error.message, { hint: error.hint, detail: error.cause });
    throw error;
  }
}

const asBuffer = (bytes: Uint8Array): Buffer => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

// snappy-java's stream header: magic, then version 1 and minimum compatible version 1 (int32 BE each).
const XERIAL_MAGIC = Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00]);
const XERIAL_HEADER = Buffer.concat([XERIAL_MAGIC, Buffer.from([0, 0, 0, 1, 0, 0, 0, 1])]);
/** snappy-java's default block size: Java readers never meet a larger chunk from us than from Kafka. */
const XERIAL_BLOCK = 32 * 1024;

const isXerial = (data: Buffer) => data.length >= XERIAL_HEADER.length && data.compare(XERIAL_MAGIC, 0, XERIAL_MAGIC.length, 0, XERIAL_MAGIC.length) === 0;

/** xerial framing: the header, then chunks of [int32 BE length][raw snappy block]. */
function unsnappy(data: Buffer): Buffer {
  if (!isXerial(data)) return snappy.uncompress(data, MAX_DECOMPRESSED_BYTES);
  const chunks: Buffer[] = [];
  let total = 0;
  for (let at = XERIAL_HEADER.length; at < data.length;) {
    if (at + 4 > data.length) throw new Error(`xerial chunk header cut off at byte ${at}`);
    const length = data.readInt32BE(at);
    at += 4;
    if (length < 0 || at + length > data.length) throw new Error(`xerial chunk of ${length} bytes at byte ${at - 4} runs past the end (${data.length})`);
    const chunk = snappy.uncompress(data.subarray(at, at + length), MAX_DECOMPRESSED_BYTES - total);
    chunks.push(chunk);
    total += chunk.length;
    at += length;
  }
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total);
}

function snappyXerial(data: Buffer): Buffer {
  const parts: Buffer[] = [XERIAL_HEADER];
  for (let at = 0; at < data.length; at += XERIAL_BLOCK) {
    const block = snappy.compress(data.subarray(at, at + XERIAL_BLOCK));
    const length = Buffer.alloc(4);
    length.writeInt32BE(block.length);
    parts.push(length, block);
  }
  return Buffer.concat(parts);
}

function unzstd(data: Buffer): Buffer {
  const parts = zstdFrames(data).map((frame) => asBuffer(zstd!.decompress(data.subarray(frame.start, frame.end), { defaultHeapSize: Math.max(frame.maxSize, 1) })));
  return parts.length === 1 ? parts[0]! : Buffer.concat(parts);
}

export interface ZstdFrame {
  start: number;
  end: number;
  /** The content size the frame records, or else an upper bound from its block headers. */
  maxSize: number;
}

const ZSTD_MAGIC = 0xfd2fb528;
const ZSTD_BLOCK_MAX = 128 * 1024;

/**
 * The zstd frames in `data` (skippable frames left out), each with the most it can inflate to:
 * its content size if the header has one, else the sum over its blocks — a raw or RLE block's
 * size, and for a compressed block the block maximum, min(window size, 128 KiB) (RFC 8878 3.1.1.2).
 * Cheap: it reads 3 bytes per block of up to 128 KiB.
 */
export function zstdFrames(data: Buffer): ZstdFrame[] {
  const frames: ZstdFrame[] = [];
  const need = (at: number, bytes: number, what: string) => {
    if (at + bytes > data.length) throw new Error(`zstd ${what} cut off at byte ${at} of ${data.length}`);
  };
  let at = 0;
  while (at < data.length) {
    need(at, 4, 'frame magic');
    const magic = data.readUInt32LE(at);
    if ((magic & 0xfffffff0) === 0x184d2a50) {
      need(at, 8, 'skippable frame');
      at += 8 + data.readUInt32LE(at + 4);
      need(at, 0, 'skippable frame');
      continue;
    }
    if (magic !== ZSTD_MAGIC) throw new Error(`no zstd frame at byte ${at} (magic ${magic.toString(16)})`);
    const start = at;
    need(at, 6, 'frame header');
    const descriptor = data[at + 4]!;
    at += 5;
    if (descriptor & 0x08) throw new Error('zstd frame header has its reserved bit set');
    const singleSegment = (descriptor & 0x20) !== 0;
    let windowSize = 0;
    if (!singleSegment) {
      const window = data[at++]!;
      const base = 2 ** (10 + (window >> 3));
      windowSize = base + (base / 8) * (window & 7);
    }
    at += [0, 1, 2, 4][descriptor & 0x03]!; // dictionary id
    const sizeBytes = [singleSegment ? 1 : 0, 2, 4, 8][descriptor >> 6]!;
    need(at, sizeBytes, 'frame header');
    let contentSize = -1;
    if (sizeBytes === 1) contentSize = data[at]!;
    else if (sizeBytes === 2) contentSize = data.readUInt16LE(at) + 256;
    else if (sizeBytes === 4) contentSize = data.readUInt32LE(at);
    else if (sizeBytes === 8) contentSize = data.readUInt32LE(at) + data.readUInt32LE(at + 4) * 2 ** 32;
    at += sizeBytes;
    if (singleSegment) windowSize = contentSize;
    const blockMax = Math.min(windowSize, ZSTD_BLOCK_MAX);
    let bound = 0;
    for (let last = false; !last;) {
      need(at, 3, 'block header');
      const header = data.readUIntLE(at, 3);
      at += 3;
      last = (header & 1) === 1;
      const type = (header >> 1) & 3;
      const size = header >>> 3;
      if (type === 3) throw new Error(`zstd block of the reserved type at byte ${at - 3}`);
      at += type === 1 ? 1 : size; // an RLE block is one byte, repeated `size` times
      bound += type === 2 ? blockMax : size;
      need(at, 0, 'block');
    }
    if (descriptor & 0x04) at += 4; // content checksum
    need(at, 0, 'frame checksum');
    const maxSize = contentSize >= 0 ? contentSize : bound;
    if (maxSize > MAX_DECOMPRESSED_BYTES) throw new Error(`a zstd frame of up to ${maxSize} bytes is more than the ${MAX_DECOMPRESSED_BYTES / MiB} MiB a batch may inflate to here`);
    frames.push({ start, end: at, maxSize });
  }
  return frames;
}
