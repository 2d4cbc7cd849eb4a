/**
 * LZ4 as Kafka uses it for record batches (Lz4BlockOutputStream / Lz4BlockInputStream): the LZ4
 * frame format — magic 0x184D2204, a descriptor (FLG, BD, header checksum), blocks of
 * [uint32 LE size, high bit set = stored uncompressed][data], a zero end mark — around LZ4 blocks.
 *
 * Written here rather than taken from a library (docs/messages.md, "Compression", says why):
 * lz4-napi's buffers are invisible to V8's garbage collector (a 1M-message scan grew without
 * bound), and lz4js writes dependent blocks, which Kafka refuses, and lets a match start inside
 * a block's last 12 bytes, which LZ4's reference decoder (lz4-java's, in the broker) may reject.
 *
 * We write what Kafka's Java producer writes: version 1, independent 64 KiB blocks, no checksums.
 * We read any frame (dependent blocks, checksums skipped, content size ignored), bounds-checked:
 * damaged input is an Error, never a read or write outside the buffers.
 */

const MAGIC = 0x184d2204;
/** Magic, FLG 0x60 (version 01, independent blocks), BD 0x40 (64 KiB blocks), and the header checksum (xxh32 of FLG and BD, >> 8) — byte for byte Kafka's. */
const KAFKA_HEADER = Buffer.from([0x04, 0x22, 0x4d, 0x18, 0x60, 0x40, 0x82]);
const BLOCK_SIZE = 64 * 1024;
const STORED = 0x80000000;
const BLOCK_MAXIMUM: Record<number, number> = { 4: 64 * 1024, 5: 256 * 1024, 6: 1024 * 1024, 7: 4 * 1024 * 1024 };

const MIN_MATCH = 4;
/** The last 5 bytes of a block are literals, and the last match starts at least 12 bytes before its end (LZ4 block format). */
const LAST_LITERALS = 5;
const MF_LIMIT = 12;
const HASH_BITS = 14;
const MAX_OFFSET = 65535;

export function lz4Compress(data: Buffer): Buffer {
  const blocks = Math.ceil(data.length / BLOCK_SIZE);
  const out = Buffer.allocUnsafe(KAFKA_HEADER.length + blocks * (4 + BLOCK_SIZE) + 4);
  KAFKA_HEADER.copy(out);
  let at = KAFKA_HEADER.length;
  const table = new Int32Array(1 << HASH_BITS);
  for (let start = 0; start < data.length; start += BLOCK_SIZE) {
    const end = Math.min(start + BLOCK_SIZE, data.length);
    const size = compressBlock(data, start, end, out, at + 4, table);
    if (size > 0) {
      out.writeUInt32LE(size, at);
      at += 4 + size;
    } else { // incompressible, as Java does it: stored
      out.writeUInt32LE(end - start + STORED, at);
      data.copy(out, at + 4, start, end);
      at += 4 + end - start;
    }
  }
  out.writeUInt32LE(0, at); // end mark
  return out.subarray(0, at + 4);
}

/**
 * One LZ4 block of data[start, end) into out from `at`, greedy with a 4-byte hash; the number of
 * bytes written, or 0 when that would not be smaller than the input (the caller stores it then).
 * `out` has room for end - start bytes from `at`: the encoder gives up before passing that.
 */
function compressBlock(data: Buffer, start: number, end: number, out: Buffer, at: number, table: Int32Array): number {
  const limit = at + (end - start);
  const matchEnd = end - LAST_LITERALS; // matches end at or before this
  const matchStartLimit = end - MF_LIMIT; // and start before this
  let written = at;
  let anchor = start;
  let i = start;
  let misses = 0;
  while (i < matchStartLimit) {
    const sequence = data.readUInt32LE(i);
    const hash = Math.imul(sequence, 2654435761) >>> (32 - HASH_BITS);
    const candidate = table[hash]! - 1; // positions are stored + 1: 0 means none
    table[hash] = i + 1;
    // candidate < start: the table remembers earlier blocks, but blocks are independent.
    if (candidate < start || i - candidate > MAX_OFFSET || data.readUInt32LE(candidate) !== sequence) {
      i += 1 + (misses++ >> 6); // skip faster through incompressible stretches, as LZ4 does
      continue;
    }
    misses = 0;
    let length = MIN_MATCH;
    while (i + length < matchEnd && data[i + length] === data[candidate + length]) length++;
    written = writeSequence(data, anchor, i, i - candidate, length, out, written, limit);
    if (written < 0) return 0;
    i += length;
    anchor = i;
  }
  written = writeSequence(data, anchor, end, 0, 0, out, written, limit);
  return written < 0 ? 0 : written - at;
}

/** Literals data[from, to), then a match (offset, length ≥ 4) unless length is 0; -1 if past `limit`. */
function writeSequence(data: Buffer, from: number, to: number, offset: number, length: number, out: Buffer, at: number, limit: number): number {
  const literals = to - from;
  if (at + 1 + literals + Math.ceil(literals / 255) + 3 + Math.ceil(length / 255) > limit) return -1;
  const extra = length - MIN_MATCH;
  out[at++] = (Math.min(literals, 15) << 4) | (length ? Math.min(extra, 15) : 0);
  if (literals >= 15) at = writeLength(out, at, literals - 15);
  data.copy(out, at, from, to);
  at += literals;
  if (!length) return at;
  out[at++] = offset & 0xff;
  out[at++] = offset >> 8;
  if (extra >= 15) at = writeLength(out, at, extra - 15);
  return at;
}

function writeLength(out: Buffer, at: number, rest: number): number {
  for (; rest >= 255; rest -= 255) out[at++] = 255;
  out[at++] = rest;
  return at;
}

/** An LZ4 frame's content; throws on anything damaged. `maxBytes` bounds what it may inflate to. */
export function lz4Decompress(data: Buffer, maxBytes: number): Buffer {
  if (data.length < 7 || data.readUInt32LE(0) !== MAGIC) throw new Error('no LZ4 frame magic');
  const flags = data[4]!;
  if (flags >> 6 !== 1) throw new Error(`LZ4 frame version ${flags >> 6}`);
  const blockMaximum = BLOCK_MAXIMUM[(data[5]! >> 4) & 7];
  if (!blockMaximum) throw new Error(`LZ4 block size code ${(data[5]! >> 4) & 7}`);
  const blockChecksums = (flags & 0x10) !== 0;
  // descriptor (magic, FLG, BD, content size, dictionary id), then the header checksum byte
  const first = 6 + (flags & 0x08 ? 8 : 0) + (flags & 0x01 ? 4 : 0) + 1;

  // The blocks first: where each is, and the most the frame can inflate to.
  const blocks: number[] = [];
  let bound = 0;
  let at = first;
  for (;;) {
    if (at + 4 > data.length) throw new Error(`LZ4 frame cut off at byte ${at} (no end mark)`);
    const word = data.readUInt32LE(at);
    if (word === 0) break;
    const size = word & 0x7fffffff;
    const stored = word >= STORED;
    if (size > blockMaximum) throw new Error(`LZ4 block of ${size} bytes at byte ${at}, more than the frame's ${blockMaximum}`);
    if (at + 4 + size > data.length) throw new Error(`LZ4 block of ${size} bytes at byte ${at} runs past the end (${data.length})`);
    blocks.push(at + 4, size, stored ? 1 : 0);
    bound += stored ? size : blockMaximum;
    at += 4 + size + (blockChecksums ? 4 : 0);
  }
  if (bound > maxBytes) throw new Error(`an LZ4 frame of up to ${bound} bytes is more than ${maxBytes} bytes`);

  const out = Buffer.allocUnsafe(bound);
  let written = 0;
  for (let b = 0; b < blocks.length; b += 3) {
    const start = blocks[b]!;
    const size = blocks[b + 1]!;
    if (blocks[b + 2]) {
      data.copy(out, written, start, start + size);
      written += size;
    } else {
      written = decompressBlock(data, start, start + size, out, written, written + blockMaximum);
    }
  }
  return out.subarray(0, written);
}

/** One LZ4 block data[at, end) into out from `written`, at most up to `outEnd`; returns where the output ends. */
function decompressBlock(data: Buffer, at: number, end: number, out: Buffer, written: number, outEnd: number): number {
  const damaged = (what: string) => new Error(`LZ4 block damaged at byte ${at}: ${what}`);
  for (;;) {
    if (at >= end) throw damaged('it ends without its last literals');
    const token = data[at++]!;
    let literals = token >> 4;
    if (literals === 15) {
      const more = lengthExtension(data, at, end);
      literals += more;
      at += Math.floor(more / 255) + 1;
    }
    if (at + literals > end) throw damaged('literals run past the block');
    if (written + literals > outEnd) throw damaged('more output than the block maximum');
    if (literals < 32) for (let k = 0; k < literals; k++) out[written + k] = data[at + k]!;
    else data.copy(out, written, at, at + literals);
    at += literals;
    written += literals;
    if (at === end) return written; // the last sequence has no match
    if (at + 2 > end) throw damaged('a match offset runs past the block');
    const offset = data[at]! | (data[at + 1]! << 8);
    at += 2;
    if (offset === 0 || offset > written) throw damaged(`match offset ${offset} before the start`);
    let length = (token & 15) + MIN_MATCH;
    if ((token & 15) === 15) {
      const more = lengthExtension(data, at, end);
      length += more;
      at += Math.floor(more / 255) + 1;
    }
    if (written + length > outEnd) throw damaged('more output than the block maximum');
    const from = written - offset;
    if (offset >= length && length >= 32) out.copy(out, written, from, from + length);
    else for (let k = 0; k < length; k++) out[written + k] = out[from + k]!; // overlapping copies repeat bytes, as LZ4 means
    written += length;
  }
}

/** The bytes after a token's 15: 255s, then one below 255 (so there are sum / 255 + 1 of them); their sum. */
function lengthExtension(data: Buffer, at: number, end: number): number {
  let sum = 0;
  for (;;) {
    if (at >= end) throw new Error(`LZ4 block damaged at byte ${at}: a length runs past the block`);
    const byte = data[at++]!;
    sum += byte;
    if (byte !== 255) return sum;
  }
}
