import type { ReadStats } from '../../kafka/messages/reader.js';
import type { FoundMessage } from '../../kafka/messages/message.js';
import type { QueryStats } from '../../kafka/messages/query.js';
import type { Output } from '../../output/output.js';
import { type Block, table } from '../../output/view.js';

/** Messages as a table for people: on a terminal, key and value cut to fit; header names listed. */
export function messagesTable(messages: FoundMessage[], empty = '(no messages matched)'): Block {
  return table([
    { header: 'partition', value: (m: FoundMessage) => m.partition, align: 'right' },
    { header: 'offset', value: (m) => m.offset, align: 'right' },
    { header: 'timestamp', value: (m) => m.timestamp },
    { header: 'key', value: (m) => m.key, shrink: 'truncate' },
    { header: 'value', value: (m) => (m.valueEncoding === 'base64' ? `(base64) ${m.value}` : m.value), shrink: 'truncate' },
    { header: 'headers', value: (m) => Object.keys(m.headers), tone: () => 'dim', shrink: 'truncate' },
  ], messages, { empty });
}

export function statsLine(stats: QueryStats, partitionCount: number): string {
  const read = stats.perPartition.filter((p) => p.end > p.start).length;
  return `scanned ${stats.scanned.toLocaleString('en-US')} messages in ${read} of ${partitionCount} partition${partitionCount === 1 ? '' : 's'}, `
    + `${stats.matched.toLocaleString('en-US')} matched (${(stats.durationMs / 1000).toFixed(1)}s, ${stats.messagesPerSecond.toLocaleString('en-US')} msg/s)`;
}

/** A live "scanned N, partitions done P/T" line on a terminal's stderr (see Output.progressLine). */
export function progressReporter(out: Output): { update(stats: ReadStats): void; clear(): void } {
  const line = out.progressLine();
  return {
    update: (stats) => line.update(() => `scanned ${stats.scanned.toLocaleString('en-US')} messages, partitions done ${stats.partitionsDone}/${stats.partitions}`),
    clear: () => line.clear(),
  };
}
