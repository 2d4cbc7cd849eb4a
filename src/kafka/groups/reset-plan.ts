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
