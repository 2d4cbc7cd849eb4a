import { createHash, createHmac, pbkdf2Sync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { withAdminPassword } from '../../src/local/bootstrap-metadata.js';

// kafkajs's CRC-32C, as an implementation independent of ours.
const kafkajsCrc32c = createRequire(import.meta.url)('kafkajs/src/protocol/recordBatch/crc32C/index.js') as (data: Buffer) => number;

/** What Kafka's storage tool wrote (credentials since made for a throwaway password). */
const fixture = (version: string) => readFileSync(new URL(`../fixtures/bootstrap-${version}.checkpoint`, import.meta.url));

/** Each admin credential in the file, read by hand: [name 'admin'][mechanism][salt][storedKey][serverKey][iterations]. */
function credentials(file: Buffer) {
  const found = [];
  for (let at = file.indexOf('admin'); at !== -1; at = file.indexOf('admin', at + 1)) {
    let p = at + 5;
    const mechanism = file[p++]!;
    const take = () => { const length = file[p++]! - 1; const bytes = file.subarray(p, p + length); p += length; return bytes; };
    const [salt, storedKey, serverKey] = [take(), take(), take()];
    found.push({ mechanism, salt, storedKey, serverKey, iterations: file.readInt32BE(p) });
  }
  return found;
}

/** True when every record batch's CRC-32C (attributes to end) matches. */
function crcsHold(file: Buffer): boolean {
  for (let at = 0; at < file.length; at += 12 + file.readInt32BE(at + 8)) {
    if (kafkajsCrc32c(file.subarray(at + 21, at + 12 + file.readInt32BE(at + 8))) !== file.readUInt32BE(at + 17)) return false;
  }
  return true;
}

describe('bootstrap.checkpoint for a new admin password', () => {
  for (const version of ['4.3.1', '3.9.1']) {
    it(`Kafka ${version}: both credentials verify against the new password, with new salts, and every batch CRC holds`, async () => {
      const before = fixture(version);
      expect(crcsHold(before)).toBe(true);
      const after = await withAdminPassword(before, 'the new password');
      expect(after.length).toBe(before.length);
      expect(crcsHold(after)).toBe(true);
      const [old, now] = [credentials(before), credentials(after)];
      expect(now.map((c) => c.mechanism).sort()).toEqual([1, 2]); // SCRAM-SHA-256 and -512
      for (const [i, credential] of now.entries()) {
        const hash = credential.mechanism === 1 ? 'sha256' : 'sha512';
        const salted = pbkdf2Sync('the new password', credential.salt, credential.iterations, credential.storedKey.length, hash);
        expect(createHash(hash).update(createHmac(hash, salted).update('Client Key').digest()).digest()).toEqual(credential.storedKey);
        expect(createHmac(hash, salted).update('Server Key').digest()).toEqual(credential.serverKey);
        expect(credential.salt.length).toBe(old[i]!.salt.length);
        expect(credential.salt.equals(old[i]!.salt)).toBe(false);
        expect(credential.iterations).toBe(old[i]!.iterations);
      }
      // Nothing else changed: the feature levels and the layout are the storage tool's.
      const mask = (file: Buffer) => {
        const copy = Buffer.from(file);
        for (const c of credentials(copy)) for (const field of [c.salt, c.storedKey, c.serverKey]) field.fill(0);
        for (let at = 0; at < copy.length; at += 12 + copy.readInt32BE(at + 8)) copy.writeUInt32BE(0, at + 17);
        return copy;
      };
      expect(mask(after)).toEqual(mask(before));
    });
  }

  it('a damaged file is refused, so the storage tool runs instead', async () => {
    const damaged = Buffer.from(fixture('4.3.1'));
    damaged[200] = damaged[200]! ^ 0xff;
    await expect(withAdminPassword(damaged, 'x')).rejects.toThrow(/CRC/);
    await expect(withAdminPassword(Buffer.from('not a checkpoint at all, just text'), 'x')).rejects.toThrow();
  });
});
