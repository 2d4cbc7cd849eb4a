import { oneOf } from '../../cli/aliases.js';
import { Option } from 'commander';
import { collect, MAX_PARTITION, parseCount, validateTopicName } from '../../cli/parse.js';
import { defineCommand, examples } from '../../cli/types.js';
import { usageError } from '../../errors.js';
import type { FoundMessage } from '../../kafka/messages/message.js';
import { byPartitionOffset, byTime, planQuery, type QuerySpec, runQuery } from '../../kafka/messages/query.js';
import { checkTimeRange, parseHeaderFilters, parseOffsetSpec } from './query-flags.js';
import { parseTimeArg } from '../../cli/time.js';
import { messagesTable, progressReporter, statsLine } from './found-view.js';
import { parseSubscription, resolveUnit, subscriptionOption, topicIn, type UnitFlags, unitOptions } from '../../cli/unit-flags.js';
import { subscriptionFilter, type Unit } from '../../kafka/ldc/naming.js';

interface Options extends UnitFlags {
  subscription?: string;
  topic: string;
  partition?: string;
  offset?: string;
  since?: string;
  until?: string;
  key?: string;
  allPartitions: boolean;
  header?: string[];
  msgId?: string;
  grep?: string;
  count?: string;
  limit?: string;
  sort?: 'offset' | 'time';
}

/** Table and JSON hold results in memory, so they stop at this many unless --count says otherwise. */
const BUFFERED_LIMIT = 1000;

export default defineCommand<Options>({
  timeout: 'each-wait',
  configure(command) {
    command
      .requiredOption('-t, --topic <topic>', 'topic to search')
      .option('-p, --partition <n>', 'only this partition')
      .option('--offset <n|from..to>', 'one message (with --partition or --key) or an inclusive offset range')
      .option('--since <time>', 'messages at or after: ISO-8601, epoch ms, or a duration ago (2h)')
      .option('--until <time>', 'messages at or before (same forms as --since)')
      .option('-k, --key <key>', 'messages with this key; reads only the partition the key hashes to')
      .option('--all-partitions', 'with --key: search every partition (topics written with another partitioner)', false)
      .option('-H, --header <name=value>', 'messages carrying this header (NAME alone: any value), repeatable', collect)
      .option('--msg-id <id>', 'the message with this sofakafka.msg.id header')
      .option('--grep <text>', 'messages whose value contains this text')
      .option('-n, --count <n>', `stop after this many matches (table/json default ${BUFFERED_LIMIT}; ndjson unlimited)`)
      .addOption(new Option('--limit <n>', 'the same as --count').hideHelp())
      .addOption(new Option('--sort <order>', 'offset: by partition then offset; time: by timestamp (ndjson streams unsorted unless given)').choices(['offset', 'time']));
    subscriptionOption(unitOptions(command)).addHelpText('after', examples(
        ['sofakafka msg query -t orders --key user-42 --since 2h', 'a key\'s messages of the last two hours (one partition read)'],
        ['sofakafka msg query -t orders -p 3 --offset 1200', 'one message'],
        ['sofakafka msg query -t orders --since 2026-11-20T08:00:00Z --until 2026-11-20T09:00:00Z -o ndjson', 'a time window, streamed'],
        ['sofakafka msg query -t orders --header region=eu --grep refund -o ndjson | jq .value', 'filter by header and text'],
        ['sofakafka msg query -t T1 --ns ANT --cell CELL1 --subscription local --since 1h', 'ANT.CELL1.T1, messages sent from CELL1'],
      ));
  },
  async run(ctx, _args, options) {
    validateTopicName(options.topic);
    const unit = await resolveUnit(ctx, options);
    const spec = querySpec(options, ctx.out.format === 'ndjson', unit);
    const client = await ctx.kafka();
    const plan = await planQuery(client, spec);
    const streaming = ctx.out.format === 'ndjson' && options.sort === undefined;
    const buffered: FoundMessage[] = [];
    const progress = progressReporter(ctx.out);
    const stats = await runQuery(client, spec, plan, (found) => {
      if (!streaming) {
        buffered.push(...found);
        return;
      }
      progress.clear();
      ctx.out.writeRecords(found);
      // Bounded memory when the reader is faster than the pipe: wait for stdout to drain.
      if (ctx.io.stdout.writableNeedDrain) return new Promise<void>((resolve) => ctx.io.stdout.once('drain', () => resolve()));
    }, (s) => {
      ctx.progress();
      progress.update(s);
    });
    progress.clear();
    buffered.sort(options.sort === 'time' ? byTime : byPartitionOffset);
    if (plan.keyPartition !== null) ctx.out.info(`key "${spec.key}" hashes to partition ${plan.keyPartition} of ${plan.partitionCount}`);
    if (!streaming && ctx.out.format === 'ndjson') ctx.out.writeRecords(buffered);
    else if (!streaming) {
      await ctx.out.print({
        data: { topic: spec.topic, messages: buffered, stats: { ...stats, keyPartition: plan.keyPartition, partitionCount: plan.partitionCount } },
        blocks: [messagesTable(buffered)],
      });
    }
    ctx.out.info(statsLine(stats, plan.partitionCount));
    if (stats.limitReached && options.count === undefined && options.limit === undefined) ctx.out.warn(`stopped at ${spec.limit} matches: raise --count, or stream everything with -o ndjson`);
  },
});

function querySpec(options: Options, streaming: boolean, unit: Unit | undefined): QuerySpec {
  const subscription = parseSubscription(options.subscription, unit);
  const now = Date.now();
  const since = options.since === undefined ? undefined : parseTimeArg(options.since, '--since', now);
  const until = options.until === undefined ? undefined : parseTimeArg(options.until, '--until', now);
  checkTimeRange(since, until);
  if (options.allPartitions && options.key === undefined) throw usageError('--all-partitions only makes sense with --key', 'without --key every partition is searched anyway');
  if (options.msgId === '') throw usageError('--msg-id cannot be empty');
  const given = oneOf([['--count', options.count], ['--limit', options.limit]]);
  const limit = given === undefined ? (streaming ? undefined : BUFFERED_LIMIT) : parseCount(given.value, given.flag);
  return {
    topic: topicIn(unit, options.topic),
    // A subscription is one more header filter: the zone's header must name the current cell.
    headers: [...parseHeaderFilters(options.header), ...(subscription ? [subscriptionFilter(subscription, unit!.cell)] : [])],
    allPartitions: options.allPartitions,
    ...(options.partition === undefined ? {} : { partition: parseCount(options.partition, '--partition', { min: 0, max: MAX_PARTITION }) }),
    ...(options.offset === undefined ? {} : { offsets: parseOffsetSpec(options.offset) }),
    ...(since === undefined ? {} : { since }),
    ...(until === undefined ? {} : { until }),
    ...(options.key === undefined ? {} : { key: options.key }),
    ...(options.msgId === undefined ? {} : { msgId: options.msgId }),
    ...(options.grep === undefined ? {} : { grep: options.grep }),
    ...(limit === undefined ? {} : { limit }),
  };
}
