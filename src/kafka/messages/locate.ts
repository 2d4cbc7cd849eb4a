import { notFoundError } from '../../errors.js';
import type { KafkaClient } from '../client.js';
import { readPartitions } from './reader.js';
import { type FoundMessage, toFoundMessage } from './message.js';
import { MessageHeaders } from './message-headers.js';
import type { DecodedRecord } from '../protocol/record-batch.js';
import { planQuery } from './query.js';
import { recordMatcher } from './query-filters.js';

/** Where trace and resend find their message: by coordinates, or by msg id within a topic. */
export type MessageLocator =
  | { topic: string; partition: number; offset: number }
  | { topic: string; msgId: string };

export interface LocatedMessage {
  message: FoundMessage;
  /** The stored bytes, for resending exactly what was written. */
  record: DecodedRecord;
}

export interface LocateResult extends LocatedMessage {
  /** Other messages with the same msg id: resent copies (they carry sofakafka.resent.from). */
  copies: FoundMessage[];
  scanned: number;
}

const MAX_MATCHES = 50;

export async function locateMessage(client: KafkaClient, locator: MessageLocator, onProgress?: () => void): Promise<LocateResult> {
  const byId = 'msgId' in locator;
  const plan = await planQuery(client, byId
    ? { topic: locator.topic, headers: [] }
    : { topic: locator.topic, headers: [], partition: locator.partition, offsets: { from: locator.offset, to: locator.offset, single: true } });
  const matches = byId ? recordMatcher({ headers: [], msgId: locator.msgId }) : () => true;
  const found: LocatedMessage[] = [];
  const stats = await readPartitions(client, plan.ranges, {
    ...(onProgress ? { onProgress } : {}),
    onRecords(range, records, timestampType) {
      while (records.next()) {
        const record = records.record;
        if (!matches(record)) continue;
        found.push({ message: toFoundMessage(range.topic, range.partition, record, timestampType), record: copyRecord(record.toRecord()) });
        if (found.length >= MAX_MATCHES) return 'stop';
      }
    },
  });
  if (!found.length) {
    throw byId
      ? notFoundError(`no message in "${locator.topic}" has msg id ${locator.msgId} (${stats.scanned.toLocaleString('en-US')} messages searched)`, 'check the id and topic; messages past retention are gone')
      : notFoundError(`no message at ${locator.topic}/${locator.partition} offset ${locator.offset}: it was compacted away or is a transaction marker`);
  }
  // The original is the one not marked as resent; among several, the earliest.
  found.sort((a, b) => a.record.timestamp - b.record.timestamp || a.message.partition - b.message.partition || a.message.offset - b.message.offset);
  const original = found.find((f) => f.message.headers[MessageHeaders.resentFrom] === undefined) ?? found[0]!;
  return { ...original, copies: found.filter((f) => f !== original).map((f) => f.message), scanned: stats.scanned };
}

/** Records point into the fetch response; a kept one gets its own bytes. */
function copyRecord(record: DecodedRecord): DecodedRecord {
  const copy = (b: Buffer | null) => (b === null ? null : Buffer.from(b));
  return { ...record, key: copy(record.key), value: copy(record.value), headers: record.headers.map(([k, v]) => [k, copy(v)]) };
}
