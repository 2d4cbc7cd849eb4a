import { groupArgument, resolveGroup } from '../../cli/group-arg.js';
import { collect, validateTopicName } from '../../cli/parse.js';
import { defineCommand, examples } from '../../cli/types.js';
import { describeGroup } from '../../kafka/groups/lag.js';
import { table } from '../../output/view.js';

interface Options {
  group?: string;
  topic?: string[];
}

export default defineCommand<Options>({
  configure(command) {
    groupArgument(command, 'the consumer group')
      .option('-t, --topic <topic>', 'only this topic, every partition, committed or not (repeatable)', collect)
      .addHelpText('after', examples(
        ['sofakafka offset show --group billing', 'every committed offset of the group, with log end offset and lag'],
        ['sofakafka offset show --group billing --topic orders -o json', 'one topic; partitions never committed show committedOffset null'],
      ));
  },
  async run(ctx, [positional], options) {
    const group = resolveGroup(positional, options.group);
    const topics = [...new Set(options.topic ?? [])];
    topics.forEach(validateTopicName);
    const details = await describeGroup(await ctx.kafka(), group, { topics });
    const partitions = details.partitions
      .filter((p) => !topics.length || topics.includes(p.topic))
      .map(({ topic, partition, committedOffset, logEndOffset, lag }) => ({ topic, partition, committedOffset, logEndOffset, lag }));
    await ctx.out.print({
      data: { group: details.group, state: details.state, lagMeasuredAgainst: details.lagMeasuredAgainst, partitions },
      blocks: [table([
        { header: 'topic', value: (p) => p.topic },
        { header: 'partition', value: (p) => p.partition, align: 'right' },
        { header: 'committed', value: (p) => p.committedOffset ?? '-', align: 'right' },
        { header: 'log end', value: (p) => p.logEndOffset ?? '-', align: 'right' },
        { header: 'lag', value: (p) => p.lag ?? '-', align: 'right', tone: (p) => (p.lag ? 'warn' : undefined) },
      ], partitions, { title: `Group ${details.group} (${details.state}); lag to the high watermark`, empty: '(no committed offsets)' })],
    });
  },
});
