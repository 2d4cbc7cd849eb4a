import { groupArgument, resolveGroup } from '../../cli/group-arg.js';
import { collect, validateTopicName } from '../../cli/parse.js';
import { defineCommand, examples } from '../../cli/types.js';
import { groupIn, resolveUnit, topicIn, unitFields, type UnitFlags, unitOptions } from '../../cli/unit-flags.js';
import { describeGroup } from '../../kafka/groups/lag.js';
import { table } from '../../output/view.js';

interface Options extends UnitFlags {
  group?: string;
  topic?: string[];
}

export default defineCommand<Options>({
  configure(command) {
    unitOptions(groupArgument(command, 'the consumer group (logical with --ns/--cell)'))
      .option('-t, --topic <topic>', 'only this topic, every partition, committed or not (repeatable)', collect)
      .addHelpText('after', examples(
        ['sofakafka offset show --group billing', 'every committed offset of the group, with log end offset and lag'],
        ['sofakafka offset show --group billing --topic orders -o json', 'one topic; partitions never committed show committedOffset null'],
        ['sofakafka offset show -g G1 -t T1 --ns ANT --cell CELL1', 'group ANT.CELL1.G1 on topic ANT.CELL1.T1'],
      ));
  },
  async run(ctx, [positional], options) {
    const logicalGroup = resolveGroup(positional, options.group);
    (options.topic ?? []).forEach(validateTopicName);
    const unit = await resolveUnit(ctx, options);
    const group = groupIn(unit, logicalGroup);
    const topics = [...new Set((options.topic ?? []).map((topic) => topicIn(unit, topic)))];
    const details = await describeGroup(await ctx.kafka(), group, { topics });
    const partitions = details.partitions
      .filter((p) => !topics.length || topics.includes(p.topic))
      .map(({ topic, partition, committedOffset, logEndOffset, lag }) => ({ topic, partition, committedOffset, logEndOffset, lag }));
    await ctx.out.print({
      data: { group: details.group, ...(unit ? unitFields(unit, logicalGroup) : {}), state: details.state, lagMeasuredAgainst: details.lagMeasuredAgainst, partitions },
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
