import { usageError } from '../../errors.js';

/**
 * The offset-reset planner: pure functions from "where the group is and what the log holds" to
 * "where the group should be". No I/O, so every rule of kafka-consumer-groups --reset-offsets
 * that we follow is unit-tested here:
 * - a time after the newest message → the log end offset; before the oldest → the earliest offset
 *   (ListOffsets by timestamp already answers the first offset at or after the time, or nothing);
 * - an offset outside [earliest, log end] is clamped to the nearer end, with a warning;
 * - --shift-by needs a committed offset to shift from.
 */
export type ResetMode =
  | { kind: 'time'; timestamp: number }
  | { kind: 'earliest' }
  | { kind: 'latest' }
  | { kind: 'offset'; offset: number }
  | { kind: 'shift'; by: number }
  | { kind: 'file'; offsets: FileOffset[] };

/** One partition's target from a file; offset null means "no committed offset" (the commit is removed). */
export interface FileOffset {
  topic: string;
  partition: number;
  offset: number | null;
}

export interface PartitionPosition {
  topic: string;
  partition: number;
  committedOffset: number | null;
  earliestOffset: number;
  /** The high watermark (read_uncommitted), as kafka-consumer-groups uses. */
  logEndOffset: number;
  /** For a time reset: ListOffsets' answer, null when no message is that new. */
  offsetForTime?: number | null;
}

export interface PlannedPartition {
  topic: string;
  partition: number;
  currentOffset: number | null;
  /** null only when restoring a partition that had no committed offset: its commit is deleted. */
  newOffset: number | null;
  earliestOffset: number;
  logEndOffset: number;
  /** Messages the group will read again (current − new), 0 when moving forward; null without a current offset. */
  reconsumed: number | null;
  /** Messages the group will never read (new − current), 0 when moving back; null without a current offset. */
  skipped: number | null;
  /** Where an out-of-range target was pulled back to the log. */
  clamped: 'earliest' | 'logEnd' | null;
}

export interface TopicSelection {
  topic: string;
  /** null: every partition of the topic. */
  partitions: number[] | null;
}

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

/** The plan for every position, in topic/partition order. */
export function planReset(positions: PartitionPosition[], mode: ResetMode): PlannedPartition[] {
  const fromFile = mode.kind === 'file' ? new Map(mode.offsets.map((o) => [`${o.topic}:${o.partition}`, o.offset])) : undefined;
  return [...positions]
    .sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition)
    .map((position) => {
      const target = targetOffset(position, mode, fromFile);
      if (target === null) return planned(position, null, null);
      if (target < position.earliestOffset) return planned(position, position.earliestOffset, 'earliest');
      if (target > position.logEndOffset) return planned(position, position.logEndOffset, 'logEnd');
      return planned(position, target, null);
    });
}

function targetOffset(position: PartitionPosition, mode: ResetMode, fromFile: Map<string, number | null> | undefined): number | null {
  switch (mode.kind) {
    case 'earliest': return position.earliestOffset;
    case 'latest': return position.logEndOffset;
    case 'offset': return mode.offset;
    case 'time': return position.offsetForTime ?? position.logEndOffset;
    case 'shift':
      if (position.committedOffset === null) {
        throw usageError(`cannot shift ${position.topic}:${position.partition}: the group has no committed offset there`, 'use --time, --to-earliest, --to-latest or --to-offset for partitions the group has never read');
      }
      return position.committedOffset + mode.by;
    case 'file': return fromFile!.get(`${position.topic}:${position.partition}`) ?? null;
  }
}

function planned(position: PartitionPosition, newOffset: number | null, clamped: PlannedPartition['clamped']): PlannedPartition {
  const current = position.committedOffset;
  const known = current !== null && newOffset !== null;
  return {
    topic: position.topic,
    partition: position.partition,
    currentOffset: current,
    newOffset,
    earliestOffset: position.earliestOffset,
    logEndOffset: position.logEndOffset,
    reconsumed: known ? Math.max(current - newOffset, 0) : null,
    skipped: known ? Math.max(newOffset - current, 0) : null,
    clamped,
  };
}

export function planTotals(plan: PlannedPartition[]): { partitions: number; changed: number; reconsumed: number; skipped: number } {
  return {
    partitions: plan.length,
    changed: plan.filter((p) => p.newOffset !== p.currentOffset).length,
    reconsumed: plan.reduce((sum, p) => sum + (p.reconsumed ?? 0), 0),
    skipped: plan.reduce((sum, p) => sum + (p.skipped ?? 0), 0),
  };
}

export const EXPORT_FORMAT = 'sofakafka-offsets/1';

/** What --export writes: the plan, and the offsets before it, which --from-file puts back. */
export interface ResetExport {
  format: typeof EXPORT_FORMAT;
  group: string;
  exportedAt: string;
  restore: FileOffset[];
  plan: PlannedPartition[];
}

export function exportDocument(group: string, plan: PlannedPartition[], now: Date): ResetExport {
  return {
    format: EXPORT_FORMAT,
    group,
    exportedAt: now.toISOString(),
    restore: plan.map((p) => ({ topic: p.topic, partition: p.partition, offset: p.currentOffset })),
    plan,
  };
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
  const rows = trimmed.split(/\r?\n/).map((line) => line.trim()).filter(Boolean).map((line) => line.split(','));
  const groups = new Set(rows.filter((r) => r.length === 4).map((r) => r[0]!));
  const offsets = rows.map((row, i) => {
    const [topic, partition, offset] = row.length === 4 ? row.slice(1) : row;
    if (row.length < 3 || row.length > 4) throw usageError(`${path} line ${i + 1} is not TOPIC,PARTITION,OFFSET`);
    return fileOffset({ topic, partition: Number(partition), offset: Number(offset) }, `${path} line ${i + 1}`);
  });
  return { group: groups.size === 1 ? [...groups][0]! : null, offsets };
}

function fileOffset(entry: unknown, where: string): FileOffset {
  const { topic, partition, offset } = (entry ?? {}) as Record<string, unknown>;
  const wholeNumber = (n: unknown) => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
  if (typeof topic !== 'string' || !topic || !wholeNumber(partition) || !(offset === null || wholeNumber(offset))) {
    throw usageError(`${where} needs a topic, a partition and an offset (whole numbers ≥ 0)`);
  }
  return { topic, partition: partition as number, offset: offset as number | null };
}
