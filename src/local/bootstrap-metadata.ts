import { createHash, createHmac, randomBytes } from 'node:crypto';
import { mechanismFromType, saltPassword } from '../kafka/security/scram.js';

/**
 * A node's bootstrap.checkpoint (what Kafka's storage tool writes: the feature levels of the
 * release, and the admin's SCRAM credentials) for another password. The file is a metadata
 * snapshot: record batches (format v2), one of them holding metadata records framed as
 * [frame version, api key, version] + body. Each UserScramCredentialRecord (api key 11) gets a new
 * random salt of the same length and the keys derived from the new password, so no length in the
 * file changes; then each batch's CRC-32C is computed again.
 *
 * Before changing anything, every batch's CRC is checked with this code: a file laid out otherwise
 * than this reads it throws, and the caller runs the storage tool instead.
 */
export async function withAdminPassword(checkpoint: Buffer, password: string): Promise<Buffer> {
  const out = Buffer.from(checkpoint);
  const batches = batchesOf(out);
  let credentials = 0;
  for (const batch of batches) {
    if (crc32c(out.subarray(batch.start + 21, batch.end)) !== out.readUInt32BE(batch.start + 17)) throw new Error('bootstrap.checkpoint: a batch fails its CRC');
  }
  for (const batch of batches.filter((b) => (out.readInt16BE(b.start + 21) & 0x20) === 0 /* not a control batch */)) {
    for (const value of recordValues(out, batch)) if (await rewriteCredential(out, value, password)) credentials++;
    out.writeUInt32BE(crc32c(out.subarray(batch.start + 21, batch.end)), batch.start + 17);
  }
  if (credentials === 0) throw new Error('bootstrap.checkpoint: no SCRAM credential to rewrite');
  return out;
}

interface Batch {
  start: number;
  end: number;
}

/** Batch boundaries: [base offset int64][length int32][the rest, `length` bytes]. */
function batchesOf(buffer: Buffer): Batch[] {
  const batches: Batch[] = [];
  for (let at = 0; at < buffer.length;) {
    const end = at + 12 + buffer.readInt32BE(at + 8);
    if (buffer.readInt8(at + 16) !== 2 || end > buffer.length) throw new Error('bootstrap.checkpoint: not a v2 record batch');
    batches.push({ start: at, end });
    at = end;
  }
  return batches;
}

/** Where each record's value starts, in a batch (61 header bytes, then the records). */
function recordValues(buffer: Buffer, batch: Batch): number[] {
  const values: number[] = [];
  const cursor = { at: batch.start + 61 };
  const count = buffer.readInt32BE(batch.start + 57);
  for (let i = 0; i < count; i++) {
    const length = zigzag(readVarint(buffer, cursor));
    const end = cursor.at + length;
    cursor.at += 1; // attributes
    skipVarint(buffer, cursor); // timestamp delta (a varlong)
    skipVarint(buffer, cursor); // offset delta
    const keyLength = zigzag(readVarint(buffer, cursor));
    cursor.at += Math.max(keyLength, 0);
    if (zigzag(readVarint(buffer, cursor)) > 0) values.push(cursor.at);
    cursor.at = end;
  }
  return values;
}

const USER_SCRAM_CREDENTIAL_RECORD = 11;

/** Rewrites one UserScramCredentialRecord v0 in place; false for any other record. */
async function rewriteCredential(buffer: Buffer, value: number, password: string): Promise<boolean> {
  const cursor = { at: value };
  readVarint(buffer, cursor); // frame version
  if (readVarint(buffer, cursor) !== USER_SCRAM_CREDENTIAL_RECORD) return false;
  if (readVarint(buffer, cursor) !== 0) throw new Error('bootstrap.checkpoint: an unknown UserScramCredentialRecord version');
  const nameLength = readVarint(buffer, cursor) - 1; // name (compact string)
  cursor.at += nameLength;
  const mechanism = mechanismFromType(buffer.readInt8(cursor.at));
  if (!mechanism) throw new Error('bootstrap.checkpoint: an unknown SCRAM mechanism');
  cursor.at += 1;
  const field = () => {
    const length = readVarint(buffer, cursor) - 1;
    const start = cursor.at;
    cursor.at += length;
    return buffer.subarray(start, start + length);
  };
  const [salt, storedKey, serverKey] = [field(), field(), field()];
  const iterations = buffer.readInt32BE(cursor.at);
  randomBytes(salt.length).copy(salt);
  const hash = mechanism === 'SCRAM-SHA-256' ? 'sha256' : 'sha512';
  const salted = await saltPassword(password, salt, iterations, mechanism);
  const clientKey = createHmac(hash, salted).update('Client Key').digest();
  const newStoredKey = createHash(hash).update(clientKey).digest();
  const newServerKey = createHmac(hash, salted).update('Server Key').digest();
  if (newStoredKey.length !== storedKey.length || newServerKey.length !== serverKey.length) throw new Error('bootstrap.checkpoint: a key of another length');
  newStoredKey.copy(storedKey);
  newServerKey.copy(serverKey);
  return true;
}

/** An unsigned varint (zigzag() turns it into Kafka's signed one). */
function readVarint(buffer: Buffer, cursor: { at: number }): number {
  let value = 0;
  for (let shift = 0; ; shift += 7) {
    const byte = buffer[cursor.at++];
    if (byte === undefined || shift > 28) throw new Error('bootstrap.checkpoint: a varint runs off the end');
    value |= (byte & 0x7f) << shift;
    if ((byte & 0x80) === 0) return value >>> 0;
  }
}

function skipVarint(buffer: Buffer, cursor: { at: number }): void {
  while ((buffer[cursor.at++] ?? 0) & 0x80);
}

const zigzag = (n: number) => (n >>> 1) ^ -(n & 1);

const CRC32C_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
    table[i] = c >>> 0;
  }
  return table;
})();

/** CRC-32C (Castagnoli), as record batches carry it. */
export function crc32c(data: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of data) crc = CRC32C_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
