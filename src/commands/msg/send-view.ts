import type { SendResult } from '../../kafka/messages/producer.js';
import { table, type View } from '../../output/view.js';

/** Past this many messages a person gets one row per partition instead of one per message. */
const PER_MESSAGE_ROWS = 50;

interface PartitionRow {
  topic: string;
  partition: number;
  messages: number;
  firstOffset: number | null;
  lastOffset: number | null;
  failed: number;
}

/** Per-message results as data; per message (or per partition, when many) for people. */
export function sendResultsView(results: SendResult[]): View {
  const data = results.map((r) => ({ ...r, error: r.error ?? null, errorKind: r.errorKind ?? null }));
  if (results.length <= PER_MESSAGE_ROWS) {
    return {
      data,
      blocks: [table([
        { header: 'line', value: (r: SendResult) => r.line, align: 'right' },
        { header: 'topic', value: (r) => r.topic },
        { header: 'partition', value: (r) => r.partition, align: 'right' },
        { header: 'offset', value: (r) => r.offset, align: 'right' },
        { header: 'msg id', value: (r) => r.msgId },
        { header: 'status', value: (r) => r.status, tone: (r) => (r.status === 'failed' ? 'bad' : r.status === 'unknown' ? 'warn' : 'good') },
        { header: 'error', value: (r) => r.error ?? '', shrink: 'wrap' },
      ], results)],
    };
  }
  const rows = new Map<string, PartitionRow>();
  for (const r of results) {
    const key = `${r.topic}:${r.partition}`;
    const row = rows.get(key) ?? { topic: r.topic, partition: r.partition, messages: 0, firstOffset: null, lastOffset: null, failed: 0 };
    if (r.status !== 'sent') row.failed++;
    else {
      row.messages++;
      if (r.offset !== null) {
        row.firstOffset = row.firstOffset === null ? r.offset : Math.min(row.firstOffset, r.offset);
        row.lastOffset = row.lastOffset === null ? r.offset : Math.max(row.lastOffset, r.offset);
      }
    }
    rows.set(key, row);
  }
  const sorted = [...rows.values()].sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
  return {
    data,
    blocks: [table([
      { header: 'topic', value: (r: PartitionRow) => r.topic },
      { header: 'partition', value: (r) => r.partition, align: 'right' },
      { header: 'messages', value: (r) => r.messages, align: 'right' },
      { header: 'first offset', value: (r) => r.firstOffset, align: 'right' },
      { header: 'last offset', value: (r) => r.lastOffset, align: 'right' },
      { header: 'failed/unknown', value: (r) => r.failed || '', align: 'right', tone: (r) => (r.failed ? 'bad' : undefined) },
    ], sorted)],
  };
}
