import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { alterUserScramCredentialsRequest, decodeAlterUserScramCredentials } from '../../src/kafka/protocol/alter-user-scram-credentials.js';
import { decodeDescribeUserScramCredentials, describeUserScramCredentialsRequest } from '../../src/kafka/protocol/describe-user-scram-credentials.js';
import { Reader, Writer } from '../../src/kafka/protocol/wire.js';
import { parseScramMechanism } from '../../src/commands/user/mechanisms.js';
import { mechanismFromType, mechanismType, newScramCredential, saltPassword, validateIterations } from '../../src/kafka/security/scram.js';

/** RFC 5802's Hi() written out by hand: U1 = HMAC(pw, salt || INT(1)), Ui = HMAC(pw, Ui-1), result = U1 xor ... xor Ui. */
function hiByHand(password: string, salt: Buffer, iterations: number, hash: 'sha256' | 'sha512'): Buffer {
  let u = createHmac(hash, password).update(Buffer.concat([salt, Buffer.from([0, 0, 0, 1])])).digest();
  const result = Buffer.from(u);
  for (let i = 1; i < iterations; i++) {
    u = createHmac(hash, password).update(u).digest();
    for (let j = 0; j < result.length; j++) result[j]! ^= u[j]!;
  }
  return result;
}

describe('salted password', () => {
  it('reproduces the client proof of RFC 7677\'s SCRAM-SHA-256 example', async () => {
    const salt = Buffer.from('W22ZaJ0SNY7soEsUEjb6gQ==', 'base64');
    const salted = await saltPassword('pencil', salt, 4096, 'SCRAM-SHA-256');
    const clientKey = createHmac('sha256', salted).update('Client Key').digest();
    const storedKey = createHash('sha256').update(clientKey).digest();
    const authMessage = 'n=user,r=rOprNGfwEbeRWgbNEkqO,'
      + 'r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096,'
      + 'c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0';
    const signature = createHmac('sha256', storedKey).update(authMessage).digest();
    const proof = Buffer.from(clientKey.map((byte, i) => byte ^ signature[i]!));
    expect(proof.toString('base64')).toBe('dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=');
    const serverKey = createHmac('sha256', salted).update('Server Key').digest();
    expect(createHmac('sha256', serverKey).update(authMessage).digest('base64')).toBe('6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=');
  });

  it('SCRAM-SHA-512 is Hi() with HMAC-SHA-512 and a 64-byte key, as written out in RFC 5802', async () => {
    const salt = Buffer.from('0123456789abcdef');
    const salted = await saltPassword('pässwörd', salt, 4096, 'SCRAM-SHA-512');
    expect(salted.length).toBe(64);
    expect(salted.equals(hiByHand('pässwörd', salt, 4096, 'sha512'))).toBe(true);
  });

  it('a new credential has a fresh random salt each time, and an empty password is refused', async () => {
    const a = await newScramCredential('secret', 'SCRAM-SHA-256');
    const b = await newScramCredential('secret', 'SCRAM-SHA-256');
    expect(a.iterations).toBe(4096);
    expect(a.salt.length).toBe(32);
    expect(a.salt.equals(b.salt)).toBe(false);
    expect(a.saltedPassword.equals(b.saltedPassword)).toBe(false);
    expect(a.saltedPassword.equals(await saltPassword('secret', a.salt, 4096, 'SCRAM-SHA-256'))).toBe(true);
    await expect(newScramCredential('', 'SCRAM-SHA-512')).rejects.toThrow('empty');
  });

  it('iterations stay within Kafka\'s 4096..16384', () => {
    expect(validateIterations(4096)).toBe(4096);
    expect(validateIterations(16384)).toBe(16384);
    expect(() => validateIterations(4095)).toThrow(expect.objectContaining({ message: '--iterations 4095 is outside what Kafka accepts', hint: 'use a whole number from 4096 to 16384' }));
    expect(() => validateIterations(16385)).toThrow('outside');
  });

  it('mechanism names and their wire bytes', () => {
    expect(['SCRAM-SHA-512', 'scram-sha-512', 'sha-512', '512'].map(parseScramMechanism)).toEqual(Array(4).fill('SCRAM-SHA-512'));
    expect(parseScramMechanism('SCRAM-SHA-256')).toBe('SCRAM-SHA-256');
    expect(() => parseScramMechanism('PLAIN')).toThrow('unknown SCRAM mechanism "PLAIN"');
    expect([mechanismType('SCRAM-SHA-256'), mechanismType('SCRAM-SHA-512')]).toEqual([1, 2]);
    expect(mechanismFromType(0)).toBeUndefined();
  });
});

describe('KIP-554 wire format (flexible v0)', () => {
  it('DescribeUserScramCredentials: header tags, compact array of names, tags; all users is an empty array, not null', () => {
    expect(describeUserScramCredentialsRequest(['al']).body).toEqual(Buffer.from([0, 2, 3, 0x61, 0x6c, 0, 0]));
    expect(describeUserScramCredentialsRequest().body).toEqual(Buffer.from([0, 1, 0]));
  });

  it('decodes a describe response with a found and a missing user', () => {
    const payload = new Writer().emptyTags().int32(0).int16(0).compactNullableString(null)
      .compactArray([
        { user: 'alice', code: 0, message: null, creds: [[1, 4096], [2, 8192]] },
        { user: 'ghost', code: 91, message: 'Attempt to describe a user credential that does not exist', creds: [] },
      ], (w, u) => w.compactString(u.user).int16(u.code).compactNullableString(u.message).compactArray(u.creds, (cw, [m, i]) => cw.int8(m!).int32(i!).emptyTags()).emptyTags())
      .emptyTags().toBuffer();
    expect(decodeDescribeUserScramCredentials(payload)).toEqual({
      errorCode: 0,
      errorMessage: null,
      results: [
        { user: 'alice', errorCode: 0, errorMessage: null, credentials: [{ mechanism: 1, iterations: 4096 }, { mechanism: 2, iterations: 8192 }] },
        { user: 'ghost', errorCode: 91, errorMessage: 'Attempt to describe a user credential that does not exist', credentials: [] },
      ],
    });
  });

  it('AlterUserScramCredentials: deletions then upsertions with compact bytes; decodes per-user results', () => {
    const body = alterUserScramCredentialsRequest([{ name: 'bob', mechanism: 1 }], [{ name: 'al', mechanism: 2, iterations: 4096, salt: Buffer.from([9]), saltedPassword: Buffer.from([7, 8]) }]).body;
    const r = new Reader(body);
    r.skipTags();
    expect(r.compactArray((d) => { const v = [d.compactString(), d.int8()]; d.skipTags(); return v; })).toEqual([['bob', 1]]);
    expect(r.compactArray((u) => { const v = [u.compactString(), u.int8(), u.int32(), [...u.compactBytes()!], [...u.compactBytes()!]]; u.skipTags(); return v; })).toEqual([['al', 2, 4096, [9], [7, 8]]]);
    r.skipTags();
    expect(r.remaining).toBe(0);
    const reply = new Writer().emptyTags().int32(0).compactArray([['al', 92, 'twice']], (w, [u, c, m]) => w.compactString(u as string).int16(c as number).compactNullableString(m as string).emptyTags()).emptyTags().toBuffer();
    expect(decodeAlterUserScramCredentials(reply)).toEqual([{ user: 'al', errorCode: 92, errorMessage: 'twice' }]);
  });
});
