import { defineCommand, examples } from '../../cli/types.js';
import { validateTopicName } from '../../cli/parse.js';
import { resolveUnitScope, scopeUnits, topicIn, unitFields, type UnitFlags, unitOptions } from '../../cli/unit-flags.js';
import { describeTopics, type TopicDetails } from '../../kafka/admin/topic-details.js';
import { type Block, fields, table } from '../../output/view.js';

export default defineCommand<UnitFlags & { allConfigs: boolean }>({
  operands: 'topic',
  configure(command) {
    command
      .argument('<names...>', 'topics to describe')
      .option('--all-configs', 'show every config, not only those that differ from the default', false);
    unitOptions(command, 'many').addHelpText('after', examples(
      ['sofakafka topic describe orders', 'configs, leaders, replicas, ISR and offsets per partition'],
      ["sofakafka topic describe orders -o json | jq '.partitions[] | select(.isr != .replicas)'", 'partitions missing replicas'],
      ['sofakafka topic describe T1 --ns ANT --cells CELL1,CELL2', 'one logical topic in two cells'],
    ));
  },
  async run(ctx, names, options) {
    names.forEach(validateTopicName);
    const scope = await resolveUnitScope(ctx, options, 'many');
    const wanted = (scope ? scopeUnits(scope) : [undefined]).flatMap((unit) => [...new Set(names)].map((name) => ({ name: topicIn(unit, name), unit: unit && unitFields(unit, name) })));
    const topics = await describeTopics(await ctx.kafka(), wanted.map((w) => w.name), options);
    const data = topics.map((topic, i) => ({ ...topic, ...wanted[i]!.unit }));
    await ctx.out.print({ data, blocks: topics.flatMap(topicBlocks) });
  },
});

function topicBlocks(topic: TopicDetails): Block[] {
  return [
    fields([
      ['Topic', topic.name],
      ['Partitions', topic.partitionCount],
      ['Replication', topic.replicationFactor],
      ['Messages', topic.messages],
    ]),
    table([
      { header: 'config', value: (c) => c.name },
      { header: 'value', value: (c) => (c.sensitive ? '(sensitive)' : c.value), shrink: 'wrap' },
      { header: 'source', value: (c) => c.source, tone: () => 'dim' },
    ], topic.configs, { empty: '(all configs at their defaults)' }),
    table([
      { header: 'partition', value: (p) => p.partition, align: 'right' },
      { header: 'leader', value: (p) => p.leader ?? 'none', tone: (p) => (p.leader === null ? 'bad' : undefined) },
      { header: 'replicas', value: (p) => p.replicas },
      { header: 'isr', value: (p) => p.isr, tone: (p) => (p.isr.length < p.replicas.length ? 'warn' : undefined) },
      { header: 'earliest', value: (p) => p.earliestOffset, align: 'right' },
      { header: 'latest', value: (p) => p.latestOffset, align: 'right' },
      { header: 'messages', value: (p) => p.messages, align: 'right' },
    ], topic.partitions),
  ];
}
