import { parseDurationMs } from '../../cli/duration.js';
import { parseTimeArg } from '../../cli/time.js';
import { usageError } from '../../errors.js';
import type { ResetScope } from '../../kafka/groups/reset-apply.js';
import type { FileOffset, ResetMode } from '../../kafka/groups/reset-plan.js';
import { mergeSelections, parseTopicSelection } from './reset-input.js';

/** The flags of `offset reset`, as commander hands them over. */
export interface ResetFlags {
  group: string;
  topic?: string[];
  allTopics: boolean;
  time?: string;
  toEarliest: boolean;
  toLatest: boolean;
  toOffset?: string;
  shiftBy?: string;
  byDuration?: string;
  fromFile?: string;
  execute: boolean;
  export?: string;
  newGroup: boolean;
}

const modeFlags = ['--time', '--to-earliest', '--to-latest', '--to-offset', '--shift-by', '--by-duration', '--from-file'] as const;

/**
 * Checks the flags and turns them into a mode and a scope before anything touches the cluster,
 * so bad input never gets as far as a commit. `loadFile` reads --from-file, once the flags are known good.
 */
export function resetRequest(flags: ResetFlags, loadFile: () => FileOffset[], now: number): { mode: ResetMode; scope: ResetScope; describe: string } {
  const given = modeFlags.filter((flag) => {
    const value = { '--time': flags.time, '--to-earliest': flags.toEarliest, '--to-latest': flags.toLatest, '--to-offset': flags.toOffset, '--shift-by': flags.shiftBy, '--by-duration': flags.byDuration, '--from-file': flags.fromFile }[flag];
    return value !== undefined && value !== false;
  });
  if (given.length === 0) throw usageError('say where to move the offsets: one of ' + modeFlags.join(', '), 'for example --time 2026-11-20T08:00:00Z, or --to-earliest');
  if (given.length > 1) throw usageError(`${given.join(' and ')} cannot be used together: choose one reset mode`);
  const topics = flags.topic ?? [];
  if (given[0] === '--from-file') {
    if (topics.length || flags.allTopics) throw usageError('--from-file takes its topics and partitions from the file; drop --topic/--all-topics');
    const fileOffsets = loadFile();
    if (!fileOffsets.length) throw usageError(`--from-file ${flags.fromFile} lists no offsets`);
    const selections = mergeSelections(fileOffsets.map((o) => ({ topic: o.topic, partitions: [o.partition] })));
    return { mode: { kind: 'file', offsets: fileOffsets }, scope: { kind: 'topics', topics: selections }, describe: `offsets from ${flags.fromFile}` };
  }
  if (topics.length && flags.allTopics) throw usageError('--topic and --all-topics cannot be used together');
  if (!topics.length && !flags.allTopics) throw usageError('say which partitions to reset: --topic T (repeatable, T:0,3 for some partitions) or --all-topics');
  const scope: ResetScope = flags.allTopics ? { kind: 'all-topics' } : { kind: 'topics', topics: mergeSelections(topics.map(parseTopicSelection)) };
  return { scope, ...modeFrom(given[0]!, flags, now) };
}

function modeFrom(flag: (typeof modeFlags)[number], flags: ResetFlags, now: number): { mode: ResetMode; describe: string } {
  switch (flag) {
    case '--time': {
      const timestamp = parseTimeArg(flags.time!, '--time', now);
      return { mode: { kind: 'time', timestamp }, describe: `to the first message at or after ${new Date(timestamp).toISOString()}` };
    }
    case '--by-duration': {
      const timestamp = now - parseDurationMs(flags.byDuration!, '--by-duration');
      return { mode: { kind: 'time', timestamp }, describe: `back ${flags.byDuration} (to ${new Date(timestamp).toISOString()})` };
    }
    case '--to-earliest': return { mode: { kind: 'earliest' }, describe: 'to the earliest offset' };
    case '--to-latest': return { mode: { kind: 'latest' }, describe: 'to the log end offset' };
    case '--to-offset': {
      const offset = wholeNumber(flags.toOffset!, '--to-offset', false);
      return { mode: { kind: 'offset', offset }, describe: `to offset ${offset}` };
    }
    case '--shift-by': {
      const by = wholeNumber(flags.shiftBy!, '--shift-by', true);
      return { mode: { kind: 'shift', by }, describe: `shifted by ${by > 0 ? '+' : ''}${by}` };
    }
    case '--from-file': throw new Error('unreachable: handled above');
  }
}

function wholeNumber(value: string, flag: string, signed: boolean): number {
  const pattern = signed ? /^[+-]?\d+$/ : /^\d+$/;
  const n = Number(value.trim());
  if (!pattern.test(value.trim()) || !Number.isSafeInteger(n)) {
    throw usageError(`${flag} "${value}" is not ${signed ? 'a whole number (+N forward, -N back)' : 'an offset (a whole number ≥ 0)'}`);
  }
  return n;
}
