import { groupArgument, resolveGroup } from '../../cli/group-arg.js';
import { defineCommand, examples } from '../../cli/types.js';
import { groupIn, resolveUnit, unitFields, type UnitFlags, unitOptions } from '../../cli/unit-flags.js';
import { describeGroup, type GroupDetails } from '../../kafka/groups/lag.js';
import { type Block, fields, table } from '../../output/view.js';

export default defineCommand<UnitFlags & { group?: string }>({
  operands: 'group',
  configure(command) {
    unitOptions(groupArgument(command, 'the consumer group (logical with --ns/--cell)'))
      .addHelpText('after', examples(
        ['sofakafka group describe billing', 'members, and per partition the committed offset, log end offset and lag'],
        ["sofakafka group describe billing -o json | jq '.totalLag'", 'the backlog as a number'],
        ['sofakafka group describe G1 --ns ANT --cell CELL1', 'the physical group ANT.CELL1.G1'],
      ));
  },
  async run(ctx, [positional], options) {
    const group = resolveGroup(positional, options.group);
    const unit = await resolveUnit(ctx, options);
    const details = await describeGroup(await ctx.kafka(), groupIn(unit, group));
    await ctx.out.print({ data: unit ? { ...details, ...unitFields(unit, group) } : details, blocks: groupBlocks(details) });
  },
});

function groupBlocks(group: GroupDetails): Block[] {
  return [
    fields([
      ['Group', group.group],
      ['State', group.state],
      ['Protocol', [group.protocolType, group.protocol].filter(Boolean).join(' / ') || '-'],
      ['Coordinator', group.coordinator],
      ['Members', group.members.length],
      ['Total lag', group.totalLag],
      ['Lag measured to', 'the high watermark (log end offset, read_uncommitted), as kafka-consumer-groups does'],
    ]),
    table([
      { header: 'client id', value: (m) => m.clientId },
      { header: 'host', value: (m) => m.host },
      { header: 'member id', value: (m) => m.memberId, tone: () => 'dim', shrink: 'truncate' },
      { header: 'assigned', value: (m) => m.assignment.map((a) => `${a.topic}:${a.partitions.join(',')}`).join(' ') || '-', shrink: 'wrap' },
    ], group.members, { title: 'Members', empty: '(no active members)' }),
    table([
      { header: 'topic', value: (p) => p.topic },
      { header: 'partition', value: (p) => p.partition, align: 'right' },
      { header: 'committed', value: (p) => p.committedOffset ?? '-', align: 'right' },
      { header: 'log end', value: (p) => p.logEndOffset ?? '-', align: 'right' },
      { header: 'lag', value: (p) => p.lag ?? '-', align: 'right', tone: (p) => (p.lag ? 'warn' : undefined) },
      { header: 'client id', value: (p) => p.clientId ?? '-' },
    ], group.partitions, { title: 'Partitions', empty: '(no committed offsets or assignments)' }),
  ];
}
