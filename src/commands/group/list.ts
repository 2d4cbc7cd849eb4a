import { defineCommand, examples } from '../../cli/types.js';
import { type GroupSummary, listGroupSummaries } from '../../kafka/groups/list.js';
import { nameFilter } from '../../kafka/admin/name-filter.js';
import { canDescribeCluster } from '../../kafka/admin/cluster.js';
import { callerPrincipal } from '../../kafka/security/access-denied.js';
import { table } from '../../output/view.js';
import { nameInScope, resolveUnitScope, type UnitFlags, unitOptions } from '../../cli/unit-flags.js';

type Row = GroupSummary & { ns?: string; cell?: string; logicalName?: string };

export default defineCommand<UnitFlags>({
  configure(command) {
    unitOptions(command.argument('[filter]', 'a glob (billing-*) or text the group name contains (the logical name with --ns)'), 'list')
      .addHelpText('after', examples(
        ['sofakafka group list', 'every group: state, members, topics and total lag (against the high watermark)'],
        ["sofakafka group list -o json | jq -r '.[] | select(.totalLag > 1000) | .group'", 'groups with a backlog'],
        ['sofakafka group list --ns ANT --all-cells', 'the groups of namespace ANT, with their logical names and cells'],
      ));
  },
  async run(ctx, [filter], options) {
    const scope = await resolveUnitScope(ctx, options, 'list');
    const matches = nameFilter(filter);
    // With a namespace, only its groups (and the cell's, when one is in effect), matched by logical name.
    const inScope = (name: string) => {
      if (!scope) return matches(name);
      const unit = nameInScope(scope, name);
      return unit !== undefined && matches(unit.name);
    };
    const client = await ctx.kafka();
    const summaries = await ctx.out.spin('reading groups', async () => listGroupSummaries(client, inScope));
    // ListGroups shows only the groups the caller may Describe: say so when that may be why it is empty.
    const hidden = !summaries.length && !filter && !scope && (await canDescribeCluster(client)) === false;
    if (hidden) ctx.out.warn(`no groups are visible to ${callerPrincipal(client)}: ACLs may hide the groups it cannot Describe`);
    const groups: Row[] = summaries.map((g) => {
      const unit = scope && nameInScope(scope, g.group);
      return unit ? { ...g, ns: unit.ns, cell: unit.cell, logicalName: unit.name } : g;
    });
    await ctx.out.print({
      data: groups,
      blocks: [table([
        ...(scope ? [{ header: 'logical name', value: (g: Row) => g.logicalName }, { header: 'cell', value: (g: Row) => g.cell }] : []),
        { header: scope ? 'physical group' : 'group', value: (g: Row) => g.group },
        { header: 'state', value: (g) => g.state, tone: (g) => (g.state === 'Stable' ? 'good' : g.state === 'Empty' ? 'dim' : 'warn') },
        { header: 'members', value: (g) => g.members, align: 'right' },
        { header: 'topics', value: (g) => g.topics.join(', '), shrink: 'wrap' },
        { header: 'lag', value: (g) => g.totalLag ?? '-', align: 'right', tone: (g) => (g.totalLag ? 'warn' : undefined) },
      ], groups, { empty: filter ? `no group matches "${filter}"` : hidden ? '(no visible groups)' : scope ? `no groups in ${scope.ns} yet` : 'no consumer groups yet' })],
    });
  },
});
