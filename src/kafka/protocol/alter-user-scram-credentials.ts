import { type InternalBroker, type RawApi, sendRaw } from './internals.js';
import { Reader, Writer } from './wire.js';

/**
 * AlterUserScramCredentials v0 (API key 51, KIP-554), which kafkajs 2.2.4 lacks. Only v0 exists and
 * it is flexible (header tag buffer first in the body; response header tags first in the reply).
 * Kafka's admin client sends it to the controller; on KRaft any broker forwards it there. An
 * upsertion carries the client-computed salt and salted password (see ../security/scram.ts), never the password.
 */
export const ALTER_USER_SCRAM_CREDENTIALS = 51;

export interface ScramDeletion {
  name: string;
  mechanism: number;
}

export interface ScramUpsertion {
  name: string;
  mechanism: number;
  iterations: number;
  salt: Buffer;
  saltedPassword: Buffer;
}

export interface AlterUserScramResult {
  user: string;
  errorCode: number;
  errorMessage: string | null;
}

export function alterUserScramCredentialsRequest(deletions: ScramDeletion[], upsertions: ScramUpsertion[]): RawApi<AlterUserScramResult[]> {
  const body = new Writer()
    .emptyTags()
    .compactArray(deletions, (w, d) => w.compactString(d.name).int8(d.mechanism).emptyTags())
    .compactArray(upsertions, (w, u) => w.compactString(u.name).int8(u.mechanism).int32(u.iterations).compactBytes(u.salt).compactBytes(u.saltedPassword).emptyTags())
    .emptyTags()
    .toBuffer();
  return { apiKey: ALTER_USER_SCRAM_CREDENTIALS, apiVersion: 0, apiName: 'AlterUserScramCredentials', body, decode: decodeAlterUserScramCredentials };
}

export function decodeAlterUserScramCredentials(payload: Buffer): AlterUserScramResult[] {
  const r = new Reader(payload);
  r.skipTags(); // response header v1
  r.int32(); // throttle_time_ms
  const results = r.compactArray((u) => {
    const result = { user: u.compactString(), errorCode: u.int16(), errorMessage: u.compactNullableString() };
    u.skipTags();
    return result;
  });
  r.skipTags();
  return results;
}

export const alterUserScramCredentials = (broker: InternalBroker, deletions: ScramDeletion[], upsertions: ScramUpsertion[]) =>
  sendRaw(broker, alterUserScramCredentialsRequest(deletions, upsertions));
