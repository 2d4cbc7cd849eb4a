import type { ChalkInstance } from 'chalk';
import type { MessageRecord } from '../kafka/messages/message.js';
import { toNdjson } from './render.js';
import type { Output } from './output.js';

/**
 * Messages as `msg consume` streams them: one write per fetched batch (not per message), waiting
 * for a slow reader rather than buffering without bound. json and yaml are one document, so their
 * records are collected for the command to print at the end.
 */
export function messageWriter(out: Output, collected: MessageRecord[]): (records: MessageRecord[]) => Promise<void> {
  const format = out.format;
  return async (records) => {
    if (format === 'json' || format === 'yaml') {
      collected.push(...records);
      return;
    }
    await out.writeDrained(format === 'ndjson' ? toNdjson(records) : records.map((r) => plainMessageLine(r, out.chalk)).join(''));
  };
}

/** `topic/partition@offset key value`, the coordinates dimmed and the key coloured. */
export function plainMessageLine(record: MessageRecord, chalk: ChalkInstance): string {
  const where = chalk.dim(`${record.topic}/${record.partition}@${record.offset}`);
  const value = typeof record.value === 'string' || record.value === null ? String(record.value) : JSON.stringify(record.value);
  return `${where} ${record.key === null ? '' : `${chalk.cyan(record.key)} `}${value}\n`;
}
