import { type Command, Option } from 'commander';
import { parseDurationMs } from '../../cli/duration.js';
import { parseCount, validateTopicName } from '../../cli/parse.js';
import { usageError } from '../../errors.js';
import type { PerfTopicSpec } from '../../kafka/perf/topic.js';
import type { RunBounds } from '../../kafka/perf/schedule.js';

/** Flags every perf command shares: where it runs, how long, how often it reports. */
export interface RunFlags {
  topic?: string;
  createTopic: boolean;
  partitions?: string;
  replicationFactor?: string;
  count?: string;
  duration?: string;
  size: string;
  interval: string;
  yes: boolean;
}

export interface RunSettings {
  topicSpec: PerfTopicSpec;
  bounds: RunBounds;
  size: number;
  intervalMs: number;
}

/** The largest record a perf run makes: below Kafka's default message.max.bytes (1 MB) with room for the batch header. */
const MAX_SIZE = 1_000_000;

export function runOptions(command: Command, defaults: { partitions: number; duration?: string; fixedSize?: boolean }): Command {
  command
    .option('-t, --topic <topic>', 'an existing topic (refused if it holds records this run did not write, unless --yes)')
    .option('--create-topic', 'run on a throwaway topic, created now and deleted afterwards', false)
    .option('--partitions <n>', `partitions of the throwaway topic (default ${defaults.partitions})`)
    .option('-r, --replication-factor <n>', 'replication factor of the throwaway topic (default: 3, or the number of brokers if fewer)')
    .option('-n, --count <n>', 'stop after this many records')
    .option('--duration <duration>', `stop after this long (30s, 2m)${defaults.duration ? ` (default ${defaults.duration} without --count)` : ''}`)
    .option('--interval <duration>', 'how often a line of figures is reported while running', '5s')
    .option('-y, --yes', 'run against a topic that already holds records', false);
  return defaults.fixedSize ? command : command.option('--size <bytes>', 'record value size in bytes', '1024');
}

/** Checks the shared flags; every mistake here is a usage error before anything is sent. */
export function parseRunFlags(options: RunFlags, defaults: { partitions: number; duration?: string }): RunSettings {
  if (options.topic !== undefined && options.createTopic) throw usageError('give --topic T or --create-topic, not both');
  if (options.topic === undefined && !options.createTopic) throw usageError('say where to run: --topic T (an existing topic) or --create-topic (a throwaway one)');
  if (options.topic !== undefined) {
    validateTopicName(options.topic);
    if (options.partitions !== undefined || options.replicationFactor !== undefined) throw usageError('--partitions and --replication-factor shape a throwaway topic: they need --create-topic');
  }
  const duration = options.duration ?? (options.count === undefined ? defaults.duration : undefined);
  if (options.count === undefined && duration === undefined) throw usageError('a perf run needs a bound: --count N or --duration D (or both: whichever comes first)');
  const durationMs = duration === undefined ? undefined : parseDurationMs(duration, '--duration');
  if (durationMs === 0) throw usageError('--duration must be longer than 0');
  const intervalMs = parseDurationMs(options.interval, '--interval');
  if (intervalMs < 100) throw usageError('--interval must be at least 100ms');
  const replicationFactor = options.replicationFactor === undefined ? undefined : parseCount(options.replicationFactor, '--replication-factor', { max: 32767 });
  return {
    topicSpec: {
      ...(options.topic !== undefined ? { topic: options.topic } : {}),
      partitions: options.partitions === undefined ? defaults.partitions : parseCount(options.partitions, '--partitions', { max: 10_000 }),
      ...(replicationFactor !== undefined ? { replicationFactor } : {}),
      yes: options.yes,
    },
    bounds: {
      ...(options.count !== undefined ? { count: parseCount(options.count, '--count') } : {}),
      ...(durationMs !== undefined ? { durationMs } : {}),
    },
    size: parseCount(options.size, '--size', { max: MAX_SIZE }),
    intervalMs,
  };
}

export const acksChoices = ['all', '1', '0'] as const;
export type AcksFlag = (typeof acksChoices)[number];
export const acksOption = () => new Option('--acks <acks>', 'all: every in-sync replica; 1: the leader; 0: unconfirmed (default: all, 0 for --mode oneway)').choices([...acksChoices]);
export const acksValue = (acks: AcksFlag) => (acks === 'all' ? -1 : acks === '1' ? 1 : 0) as -1 | 0 | 1;
