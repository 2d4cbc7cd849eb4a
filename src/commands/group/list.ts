import { defineCommand, examples } from '../../cli/types.js';
import { listGroupSummaries } from '../../kafka/groups/list.js';
import { nameFilter } from '../../kafka/admin/name-filter.js';
import { canDescribeCluster } from '../../kafka/admin/cluster.js';
import { callerPrincipal } from '../../kafka/security/access-denied.js';
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
    const client = await ctx.kafka();
    const groups = await ctx.out.spin('reading groups', async () => listGroupSummaries(client, nameFilter(filter)));
    // ListGroups shows only the groups the caller may Describe: say so when that may be why it is empty.
    const hidden = !groups.length && !filter && (await canDescribeCluster(client)) === false;
    if (hidden) ctx.out.warn(`no groups are visible to ${callerPrincipal(client)}: ACLs may hide the groups it cannot Describe`);
    await ctx.out.print({
      data: groups,
      blocks: [table([
        { header: 'group', value: (g) => g.group },
        { header: 'state', value: (g) => g.state, tone: (g) => (g.state === 'Stable' ? 'good' : g.state === 'Empty' ? 'dim' : 'warn') },
        { header: 'members', value: (g) => g.members, align: 'right' },
        { header: 'topics', value: (g) => g.topics.join(', '), shrink: 'wrap' },
        { header: 'lag', value: (g) => g.totalLag ?? '-', align: 'right', tone: (g) => (g.totalLag ? 'warn' : undefined) },
      ], groups, { empty: filter ? `no group matches "${filter}"` : hidden ? '(no visible groups)' : 'no consumer groups yet' })],
    });
  },
});
