import { MAX_PARTITION, validateTopicName } from '../../cli/parse.js';
import { usageError } from '../../errors.js';
import type { FileOffset, TopicSelection } from '../../kafka/groups/reset-plan.js';

/** What `offset reset` reads from its flags and from --from-file, as the planner's types. */

/** `orders` or `orders:0,3,5` (topic names cannot contain ":"). */
export function parseTopicSelection(value: string): TopicSelection {
  const colon = value.lastIndexOf(':');
  if (colon < 0) return { topic: value, partitions: null };
  const topic = value.slice(0, colon);
  const list = value.slice(colon + 1).split(',').map((p) => p.trim());
  if (!topic || list.some((p) => !/^\d+$/.test(p))) {
    throw usageError(`--topic "${value}" is not TOPIC or TOPIC:PARTITION,PARTITION…`, 'for example --topic orders or --topic orders:0,3,5');
  }
  return { topic, partitions: [...new Set(list.map(Number))].sort((a, b) => a - b) };
}

/** Merges repeated --topic flags: `a:0` and `a:2` select partitions 0 and 2; plain `a` selects all. */
export function mergeSelections(selections: TopicSelection[]): TopicSelection[] {
  const byTopic = new Map<string, number[] | null>();
  for (const { topic, partitions } of selections) {
    const previous = byTopic.get(topic);
    if (previous === null || partitions === null) byTopic.set(topic, null);
    else byTopic.set(topic, [...new Set([...(previous ?? []), ...partitions])].sort((a, b) => a - b));
  }
  return [...byTopic].map(([topic, partitions]) => ({ topic, partitions }));
}

/**
 * Reads a --from-file: our export (its `restore` offsets), `{"offsets": [...]}` or a bare JSON
 * array of {topic, partition, offset}, or the CSV kafka-consumer-groups --export writes
 * (`topic,partition,offset`, or `group,topic,partition,offset`).
 */
export function parseOffsetsFile(text: string, path: string): { group: string | null; offsets: FileOffset[] } {
  const trimmed = text.trim();
  if (!trimmed) throw usageError(`--from-file ${path} is empty`);
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch (error) {
      throw usageError(`--from-file ${path} is not valid JSON: ${(error as Error).message}`);
    }
    const document = parsed as { group?: unknown; restore?: unknown; offsets?: unknown };
    const list = Array.isArray(parsed) ? parsed : document.restore ?? document.offsets;
    if (!Array.isArray(list)) throw usageError(`--from-file ${path} has no "restore" or "offsets" list`, 'use a file written by --export');
    return { group: typeof document.group === 'string' ? document.group : null, offsets: list.map((entry, i) => fileOffset(entry, `${path} entry ${i + 1}`)) };
  }
  // kafka-consumer-groups prints its warnings ("Warn: Partition 2 from topic t is empty. Falling back
  // to latest known offset.") to the same stdout as the CSV, so an exported file holds them too.
  const rows = trimmed.split(/\r?\n/).map((line, i) => ({ cells: line.trim().split(','), number: i + 1 }))
    .filter(({ cells }) => cells.join(',') !== '' && !cells[0]!.startsWith('Warn: '));
  const groups = new Set(rows.filter((r) => r.cells.length === 4).map((r) => r.cells[0]!));
  const offsets = rows.map(({ cells, number }) => {
    const [topic, partition, offset] = cells.length === 4 ? cells.slice(1) : cells;
    if (cells.length < 3 || cells.length > 4) throw usageError(`${path} line ${number} is not TOPIC,PARTITION,OFFSET`);
    // Digits only: Number('') is 0, and an empty field must not become "partition 0, offset 0".
    const whole = (cell: string | undefined) => (/^\d+$/.test(cell?.trim() ?? '') ? Number(cell) : NaN);
    return fileOffset({ topic, partition: whole(partition), offset: whole(offset) }, `${path} line ${number}`);
  });
  return { group: groups.size === 1 ? [...groups][0]! : null, offsets };
}

function fileOffset(entry: unknown, where: string): FileOffset {
  const { topic, partition, offset } = (entry ?? {}) as Record<string, unknown>;
  const wholeNumber = (n: unknown) => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
  if (typeof topic !== 'string' || !topic || !wholeNumber(partition) || (partition as number) > MAX_PARTITION || !(offset === null || wholeNumber(offset))) {
    throw usageError(`${where} needs a topic, a partition and an offset (whole numbers ≥ 0)`);
  }
  try {
    validateTopicName(topic);
  } catch (error) {
    throw usageError(`${where}: ${(error as Error).message}`);
  }
  return { topic, partition: partition as number, offset: offset as number | null };
}
