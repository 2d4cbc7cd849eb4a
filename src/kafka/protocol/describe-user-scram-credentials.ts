import { type InternalBroker, type RawApi, sendRaw } from './internals.js';
import { Reader, Writer } from './wire.js';

/**
 * DescribeUserScramCredentials v0 (API key 50, KIP-554), which kafkajs 2.2.4 lacks. Only v0 exists
 * and it is flexible: the body opens with the request header's empty tag buffer, and the response
 * starts with the response header's tags. Any broker answers. Salts and salted passwords are never
 * returned: only each user's mechanisms and iteration counts.
 */
export const DESCRIBE_USER_SCRAM_CREDENTIALS = 50;

export interface UserScramDescription {
  user: string;
  errorCode: number;
  errorMessage: string | null;
  credentials: Array<{ mechanism: number; iterations: number }>;
}

export interface DescribeUserScramResponse {
  errorCode: number;
  errorMessage: string | null;
  results: UserScramDescription[];
}

/**
 * users undefined asks for every user that has a credential. That is sent as an empty array, as
 * Kafka's admin client does, never as null: Kafka 4.3.1 answers an unauthorized caller's null with a
 * NullPointerException in DescribeUserScramCredentialsRequest.getErrorResponse and never replies.
 */
export function describeUserScramCredentialsRequest(users: string[] = []): RawApi<DescribeUserScramResponse> {
  const writer = new Writer().emptyTags().compactArray(users, (w, name) => w.compactString(name).emptyTags());
  return {
    apiKey: DESCRIBE_USER_SCRAM_CREDENTIALS,
    apiVersion: 0,
    apiName: 'DescribeUserScramCredentials',
    body: writer.emptyTags().toBuffer(),
    decode: decodeDescribeUserScramCredentials,
  };
}

export function decodeDescribeUserScramCredentials(payload: Buffer): DescribeUserScramResponse {
  const r = new Reader(payload);
  r.skipTags(); // response header v1
  r.int32(); // throttle_time_ms
  const errorCode = r.int16();
  const errorMessage = r.compactNullableString();
  const results = r.compactArray((u) => {
    const user = u.compactString();
    const userErrorCode = u.int16();
    const userErrorMessage = u.compactNullableString();
    const credentials = u.compactArray((c) => {
      const credential = { mechanism: c.int8(), iterations: c.int32() };
      c.skipTags();
      return credential;
    });
    u.skipTags();
    return { user, errorCode: userErrorCode, errorMessage: userErrorMessage, credentials };
  });
  r.skipTags();
  return { errorCode, errorMessage, results };
}

export const describeUserScramCredentials = (broker: InternalBroker, users?: string[]) => sendRaw(broker, describeUserScramCredentialsRequest(users));
