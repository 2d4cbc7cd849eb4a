import { oneOf } from '../../cli/aliases.js';
import { Option } from 'commander';
import { parseTimeArg } from '../../cli/time.js';
import { defineCommand, examples } from '../../cli/types.js';
import { parseDurationMs } from '../../cli/duration.js';
import { parseCount, validateTopicName } from '../../cli/parse.js';
import { ExitCode, usageError } from '../../errors.js';
import { broadcastGroupId, consumeMessages, type StartPosition } from '../../kafka/messages/consumer.js';
import type { Isolation } from '../../kafka/admin/partition-offsets.js';
import { type MessageRecord, type ValueFormat, valueFormats } from '../../kafka/messages/message.js';
import { messageWriter } from '../../output/message-lines.js';
import { parseSubscription, resolveUnit, subscriptionOption, topicIn, type UnitFlags, unitOptions } from '../../cli/unit-flags.js';
import { physicalGroupName } from '../../kafka/ldc/naming.js';

interface Options extends UnitFlags {
  subscription?: string;
  topic: string[];
  group?: string;
  broadcast: boolean;
  from?: string;
  since?: string;
  count?: string;
  idleTimeout?: string;
  isolation: Isolation;
  valueFormat: ValueFormat;
}

export default defineCommand<Options>({
  timeout: 'each-wait',
  handlesInterrupt: true,
  configure(command) {
    command
      .requiredOption('-t, --topic <topic>', 'topic to consume, repeatable', (value: string, previous: string[] = []) => [...previous, value])
      .option('-g, --group <group>', 'clustering: instances of one group share the partitions and resume from its commits')
      .option('--broadcast', 'broadcasting: this instance gets every message (a group of its own, deleted afterwards)', false)
      .option('--from <position>', 'where to start without a committed offset: beginning (earliest), end (latest), or a time')
      .option('--since <time>', 'the same as --from TIME: ISO-8601, epoch ms, or a duration ago (2h), as msg query and offset reset take it')
      .option('-n, --count <n>', 'stop after this many messages')
      .option('--idle-timeout <duration>', 'stop after this long without a message (--timeout bounds each wait on the cluster, not the stream)')
      .addOption(new Option('--isolation <level>', 'read_committed hides aborted and open transactions').choices(['read_committed', 'read_uncommitted']).default('read_committed'))
      .addOption(new Option('--value-format <format>', 'how values are shown: auto is text when UTF-8, base64 otherwise; json embeds JSON values').choices([...valueFormats]).default('auto'));
    subscriptionOption(unitOptions(command)).addHelpText('after', examples(
        ['sofakafka msg consume -t orders --group billing', 'share the partitions with the other members of "billing"'],
        ['sofakafka msg consume -t orders --broadcast --from beginning --count 10 -o ndjson | jq .value', 'every message, as NDJSON'],
        ['sofakafka msg consume -t orders --broadcast --since 2h --idle-timeout 5s', 'the last two hours; stop when idle for 5 s'],
        ['sofakafka msg consume -t T1 -g G1 --ns ANT --cell CELL2 --subscription rzone', 'group ANT.CELL2.G1 on ANT.CELL2.T1, only messages whose __UNIT.TARGET_R is CELL2 (the rest is committed past)'],
      ));
  },
  async run(ctx, _args, options) {
    options.topic.forEach(validateTopicName);
    const unit = await resolveUnit(ctx, options);
    const subscription = parseSubscription(options.subscription, unit);
    const topics = options.topic.map((topic) => topicIn(unit, topic));
    if (options.group !== undefined && options.broadcast) throw usageError('choose --group (clustering) or --broadcast, not both');
    if (options.group === undefined && !options.broadcast) throw usageError('say how to consume: --group G (share partitions with G\'s other members) or --broadcast (get every message)');
    if (options.group === '') throw usageError('--group cannot be empty');
    const start = oneOf([['--from', options.from], ['--since', options.since]]);
    const from = start?.flag === '--since' ? { timestamp: parseTimeArg(start.value, '--since') } : parseStart(start?.value);
    const count = options.count === undefined ? undefined : parseCount(options.count, '--count');
    const idleMs = options.idleTimeout === undefined ? undefined : parseDurationMs(options.idleTimeout, '--idle-timeout');
    const groupId = options.group === undefined ? broadcastGroupId() : unit ? physicalGroupName(unit, options.group) : options.group;

    const client = await ctx.kafka();
    const collected: MessageRecord[] = [];
    {
      const summary = await consumeMessages(client, {
        topics, groupId,
        ...(subscription && unit ? { subscription: { type: subscription, cell: unit.cell } } : {}), broadcast: options.broadcast, from, isolation: options.isolation, valueFormat: options.valueFormat,
        signal: ctx.signal,
        onProgress: () => ctx.progress(),
        onRecords: messageWriter(ctx.out, collected),
        onNote: (note) => ctx.out.warn(note),
        ...(count !== undefined ? { count } : {}),
        ...(idleMs !== undefined ? { idleMs } : {}),
      });
      if (ctx.out.format === 'json' || ctx.out.format === 'yaml') await ctx.out.print({ data: collected, blocks: [] });
      const why = { count: 'reached --count', idle: 'idle timeout', interrupted: 'interrupted' }[summary.stoppedBy];
      const group = options.broadcast ? `broadcast group "${groupId}" ${summary.groupDeleted ? 'deleted' : 'left behind'}` : `group "${groupId}" committed`;
      const left = subscription ? `, ${summary.filteredOut} not for ${unit!.cell} (${subscription}) skipped and committed past` : '';
      ctx.out.info(`consumed ${summary.consumed} message${summary.consumed === 1 ? '' : 's'}${left} (${why}; ${group})`);
      return summary.stoppedBy === 'interrupted' ? ExitCode.interrupted : ExitCode.ok;
    }
  },
});

/** beginning | end | ISO-8601 | epoch ms | a duration ago ("2h"). Defaults: the end for a new group. */
export function parseStart(value: string | undefined, now = Date.now()): StartPosition {
  if (value === undefined || value === 'end' || value === 'latest') return 'end';
  if (value === 'beginning' || value === 'earliest') return 'beginning';
  try {
    return { timestamp: parseTimeArg(value, '--from', now) };
  } catch {
    throw usageError(`--from "${value}" is not a position`, 'use beginning, end, an ISO-8601 time, epoch milliseconds, or a duration ago such as 2h');
  }
}
