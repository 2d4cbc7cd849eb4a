import { defineCommand, examples } from '../../cli/types.js';
import { listGroupSummaries } from '../../kafka/groups/list.js';
import { nameFilter } from '../../kafka/admin/name-filter.js';
import { table } from '../../output/view.js';

export default defineCommand({
  configure(command) {
    command
      .argument('[filter]', 'a glob (billing-*) or text the group name contains')
      .addHelpText('after', examples(
        ['sofakafka group list', 'every group: state, members, topics and total lag (against the high watermark)'],
        ["sofakafka group list -o json | jq -r '.[] | select(.totalLag > 1000) | .group'", 'groups with a backlog'],
      ));
  },
  async run(ctx, [filter]) {
    const groups = await ctx.out.spin('reading groups', async () => listGroupSummaries(await ctx.kafka(), nameFilter(filter)));
    await ctx.out.print({
      data: groups,
      blocks: [table([
        { header: 'group', value: (g) => g.group },
        { header: 'state', value: (g) => g.state, tone: (g) => (g.state === 'Stable' ? 'good' : g.state === 'Empty' ? 'dim' : 'warn') },
        { header: 'members', value: (g) => g.members, align: 'right' },
        { header: 'topics', value: (g) => g.topics.join(', '), shrink: 'wrap' },
        { header: 'lag', value: (g) => g.totalLag ?? '-', align: 'right', tone: (g) => (g.totalLag ? 'warn' : undefined) },
      ], groups, { empty: filter ? `no group matches "${filter}"` : 'no consumer groups yet' })],
    });
  },
});
