import { defineCommand, examples } from '../../cli/types.js';
import { nameInScope, resolveUnitScope, type UnitFlags, unitOptions } from '../../cli/unit-flags.js';
import { nameFilter } from '../../kafka/admin/name-filter.js';
import { fetchTopicMetadata } from '../../kafka/admin/topics.js';
import { canDescribeCluster } from '../../kafka/admin/cluster.js';
import { callerPrincipal } from '../../kafka/security/access-denied.js';
import { table } from '../../output/view.js';

interface Row {
  name: string;
  partitions: number;
  replicationFactor: number;
  internal: boolean;
  ns?: string;
  cell?: string;
  logicalName?: string;
}

export default defineCommand<UnitFlags & { internal: boolean }>({
  configure(command) {
    command
      .argument('[filter]', 'a glob (orders-*) or text the name contains (the logical name with --ns)')
      .option('-i, --internal', 'include internal topics such as __consumer_offsets', false);
    unitOptions(command, 'list').addHelpText('after', examples(
      ['sofakafka topic list', 'every topic with partitions and replication factor'],
      ["sofakafka topic list 'orders-*' -o json | jq -r '.[].name'", 'names for a script'],
      ['sofakafka topic list --ns ANT --all-cells', 'the topics of namespace ANT: logical name, cell, physical name'],
    ));
  },
  async run(ctx, [filter], options) {
    const matches = nameFilter(filter);
    const scope = await resolveUnitScope(ctx, options, 'list');
    const client = await ctx.kafka();
    const all = await fetchTopicMetadata(client, undefined);
    // An empty answer may be ACLs, not an empty cluster: Kafka lists only what the caller may Describe.
    const hidden = !all.length && (await canDescribeCluster(client)) === false;
    if (hidden) ctx.out.warn(`no topics are visible to ${callerPrincipal(client)}: ACLs may hide the topics it cannot Describe`);
    const rows = all.filter((t) => options.internal || !t.internal).flatMap((t): Row[] => {
      const base = { name: t.name, partitions: t.partitions.length, replicationFactor: t.partitions[0]?.replicas.length ?? 0, internal: t.internal };
      if (!scope) return matches(t.name) ? [base] : [];
      const unit = nameInScope(scope, t.name);
      return unit && matches(unit.name) ? [{ ...base, ns: unit.ns, cell: unit.cell, logicalName: unit.name }] : [];
    });
    const where = scope ? ` in ${scope.ns}${scope.cells ? `.${scope.cells[0]}` : ''}` : '';
    const empty = filter ? `no topic${where} matches "${filter}"` : hidden ? '(no visible topics)'
      : scope ? `no topics${where} yet: \`sofakafka topic create NAME --ns ${scope.ns} --cell CELL\`` : 'no topics yet: `sofakafka topic create NAME`';
    await ctx.out.print({
      data: rows,
      blocks: [table([
        ...(scope ? [{ header: 'logical name', value: (r: Row) => r.logicalName }, { header: 'cell', value: (r: Row) => r.cell }] : []),
        { header: scope ? 'physical name' : 'name', value: (r: Row) => r.name, tone: (r) => (r.internal ? 'dim' : undefined) },
        { header: 'partitions', value: (r) => r.partitions, align: 'right' },
        { header: 'replicas', value: (r) => r.replicationFactor, align: 'right' },
      ], rows, { empty })],
    });
  },
});
