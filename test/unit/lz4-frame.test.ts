import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lz4Compress, lz4Decompress } from '../../src/kafka/protocol/lz4-frame.js';

const MiB = 1024 * 1024;
const text = (bytes: number) => {
  let s = '';
  for (let i = 0; s.length < bytes; i++) s += `{"order":${i * 7919},"user":"user-${i % 97}","note":"${'x'.repeat(i % 40)}"}\n`;
  return Buffer.from(s.slice(0, bytes));
};

/** The blocks of one of our frames, and each compressed block's sequences: [literals, match offset, match length]. */
function sequencesOf(frame: Buffer): Array<{ size: number; stored: boolean; sequences: number[][] }> {
  const blocks = [];
  for (let at = 7; ;) {
    const word = frame.readUInt32LE(at);
    if (word === 0) return blocks;
    const size = word & 0x7fffffff;
    const stored = word >= 0x80000000;
    const sequences: number[][] = [];
    let p = at + 4;
    const end = p + size;
    while (!stored && p < end) {
      const token = frame[p++]!;
      let literals = token >> 4;
      if (literals === 15) for (let b = 255; b === 255;) literals += b = frame[p++]!;
      p += literals;
      if (p === end) {
        sequences.push([literals, 0, 0]);
        break;
      }
      const offset = frame.readUInt16LE(p);
      p += 2;
      let length = (token & 15) + 4;
      if ((token & 15) === 15) for (let b = 255; b === 255;) length += b = frame[p++]!;
      sequences.push([literals, offset, length]);
    }
    blocks.push({ size, stored, sequences });
    at = end;
  }
}

describe('LZ4 frames as Kafka writes them', () => {
  it('our header is byte for byte the one Kafka\'s Java producer writes (FLG 0x60: independent blocks; BD 0x40: 64 KiB)', () => {
    const java = readFileSync(new URL('../fixtures/java-batches/lz4.segment', import.meta.url));
    const header = java.subarray(java.indexOf(Buffer.from([0x04, 0x22, 0x4d, 0x18])), java.indexOf(Buffer.from([0x04, 0x22, 0x4d, 0x18])) + 7);
    expect(lz4Compress(text(1000)).subarray(0, 7)).toEqual(header);
  });

  it.each([0, 1, 12, 13, 14, 100, 65535, 65536, 65537, 300_000])('round trip of %i bytes of text', (size) => {
    const data = text(size);
    const frame = lz4Compress(data);
    expect(lz4Decompress(frame, MiB).equals(data)).toBe(true);
    if (size > 1000) expect(frame.length).toBeLessThan(data.length / 2);
  });

  it('round trip of long literal runs and long matches (lengths continued in 255s)', () => {
    const data = Buffer.concat([randomBytes(700), text(5000), randomBytes(300), Buffer.alloc(4000, 'z'), text(600)]);
    const frame = lz4Compress(data);
    const [block] = sequencesOf(frame);
    expect(block!.sequences.some(([literals]) => literals! >= 15 + 255 * 2)).toBe(true);
    expect(block!.sequences.some(([, , length]) => length! >= 19 + 255 * 10)).toBe(true);
    expect(lz4Decompress(frame, MiB).equals(data)).toBe(true);
  });

  it('incompressible blocks are stored (high bit of the size), as Java does', () => {
    const data = randomBytes(100_000);
    const frame = lz4Compress(data);
    expect(sequencesOf(frame).map((b) => [b.size, b.stored])).toEqual([[65536, true], [34464, true]]);
    expect(lz4Decompress(frame, MiB).equals(data)).toBe(true);
  });

  it('keeps the LZ4 block rules a strict decoder checks: 64 KiB blocks, no match reaching back past its block, none starting in the last 12 bytes, the last 5 bytes literal', () => {
    // Repetitive data with matches everywhere, up to the very end of each block.
    const data = Buffer.concat([text(150_000), Buffer.alloc(50_000, 'a'), text(70_000)]);
    const frame = lz4Compress(data);
    const blocks = sequencesOf(frame);
    expect(blocks).toHaveLength(Math.ceil(data.length / 65536));
    blocks.forEach((block, b) => {
      const blockLength = Math.min(65536, data.length - b * 65536);
      expect(block.stored).toBe(false);
      let position = 0;
      block.sequences.forEach(([literals, offset, length], s) => {
        position += literals!;
        if (s === block.sequences.length - 1) {
          expect(length).toBe(0);
          expect(literals).toBeGreaterThanOrEqual(Math.min(5, blockLength));
          return;
        }
        expect(offset).toBeGreaterThan(0);
        expect(offset).toBeLessThanOrEqual(position); // inside this block
        expect(position).toBeLessThan(blockLength - 12); // the match starts at least 12 bytes before the end
        position += length!;
        expect(position).toBeLessThanOrEqual(blockLength - 5);
      });
      expect(position).toBe(blockLength);
    });
  });
});

describe('LZ4 frames from other writers', () => {
  // A hand-made frame: one compressed block "abcabcabcabc…" (literals "abc", then a match of
  // offset 3, length 9, then the last literals "end!!"), with optional descriptor fields.
  const block = Buffer.from([0x35, 0x61, 0x62, 0x63, 0x03, 0x00, 0x50, 0x65, 0x6e, 0x64, 0x21, 0x21]);
  const content = 'abcabcabcabcend!!';
  const frame = (flags: number, ...parts: Buffer[]) => Buffer.concat([Buffer.from([0x04, 0x22, 0x4d, 0x18, flags, 0x40]), ...parts, Buffer.alloc(4)]);
  const sized = (b: Buffer) => {
    const size = Buffer.alloc(4);
    size.writeUInt32LE(b.length);
    return Buffer.concat([size, b]);
  };

  it('reads a plain frame, one with a content size and block checksums, and a stored block', () => {
    expect(lz4Decompress(frame(0x60, Buffer.from([0]), sized(block)), MiB).toString()).toBe(content);
    const withExtras = frame(0x60 | 0x08 | 0x10 | 0x04, Buffer.alloc(8), Buffer.from([0]), sized(block), Buffer.alloc(4));
    expect(lz4Decompress(Buffer.concat([withExtras, Buffer.alloc(4)]), MiB).toString()).toBe(content);
    const stored = Buffer.from('stored!');
    const storedSize = Buffer.alloc(4);
    storedSize.writeUInt32LE(stored.length + 0x80000000);
    expect(lz4Decompress(frame(0x60, Buffer.from([0]), storedSize, stored), MiB).toString()).toBe('stored!');
  });

  it('reads dependent blocks (a match reaching into the block before)', () => {
    const second = Buffer.from([0x0f, 0x11, 0x00, 0x04]); // no literals, match offset 17, length 4 + 15 + 4 = 23: a repeat of the first block
    const third = Buffer.from([0x10, 0x2e]); // last literals "."
    const decoded = lz4Decompress(frame(0x40, Buffer.from([0]), sized(block), sized(Buffer.concat([second, third]))), MiB).toString();
    expect(decoded).toBe(`${content}${(content + content).slice(0, 23)}.`);
  });

  it.each([
    ['no magic', Buffer.from('not an lz4 frame at all'), /no LZ4 frame magic/],
    ['cut off before the end mark', frame(0x60, Buffer.from([0]), sized(block)).subarray(0, 20), /cut off|runs past/],
    ['a block claiming more than its frame allows', frame(0x60, Buffer.from([0]), Buffer.from([0x01, 0x00, 0x01, 0x00])), /more than the frame's 65536/],
    ['a match offset before the start', frame(0x60, Buffer.from([0]), sized(Buffer.from([0x10, 0x61, 0x09, 0x00, 0x50, 0x65, 0x6e, 0x64, 0x21, 0x21]))), /match offset 9 before the start/],
    ['literals past the block', frame(0x60, Buffer.from([0]), sized(Buffer.from([0xf0, 0x20, 0x61]))), /literals run past the block/],
    ['an unknown block size code', Buffer.from([0x04, 0x22, 0x4d, 0x18, 0x60, 0x30, 0, 0, 0, 0, 0]), /block size code 3/],
  ])('damaged: %s is an error, not garbage', (_, bytes, message) => {
    expect(() => lz4Decompress(bytes, MiB)).toThrow(message);
  });

  it('refuses to inflate past the limit it is given', () => {
    expect(() => lz4Decompress(lz4Compress(text(200_000)), 100_000)).toThrow(/more than 100000 bytes/);
  });
});
