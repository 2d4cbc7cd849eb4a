import { defineCommand, examples } from '../../cli/types.js';
import { validateTopicName } from '../../cli/parse.js';
import { describeTopics, type TopicDetails } from '../../kafka/admin/topic-details.js';
import { type Block, fields, table } from '../../output/view.js';

export default defineCommand<{ allConfigs: boolean }>({
  operands: 'topic',
  configure(command) {
    command
      .argument('<names...>', 'topics to describe')
      .option('--all-configs', 'show every config, not only those that differ from the default', false)
      .addHelpText('after', examples(
        ['sofakafka topic describe orders', 'configs, leaders, replicas, ISR and offsets per partition'],
        ["sofakafka topic describe orders -o json | jq '.partitions[] | select(.isr != .replicas)'", 'partitions missing replicas'],
      ));
  },
  async run(ctx, names, options) {
    names.forEach(validateTopicName);
    const topics = await describeTopics(await ctx.kafka(), [...new Set(names)], options);
    await ctx.out.print({ data: topics, blocks: topics.flatMap(topicBlocks) });
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
