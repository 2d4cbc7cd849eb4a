import { defineCommand, examples } from '../../cli/types.js';
import { nameFilter } from '../../kafka/admin/name-filter.js';
import { fetchTopicMetadata } from '../../kafka/admin/topics.js';
import { canDescribeCluster } from '../../kafka/admin/cluster.js';
import { callerPrincipal } from '../../kafka/security/access-denied.js';
import { table } from '../../output/view.js';

export default defineCommand<{ internal: boolean }>({
  configure(command) {
    command
      .argument('[filter]', 'a glob (orders-*) or text the name contains')
      .option('-i, --internal', 'include internal topics such as __consumer_offsets', false)
      .addHelpText('after', examples(
        ['sofakafka topic list', 'every topic with partitions and replication factor'],
        ["sofakafka topic list 'orders-*' -o json | jq -r '.[].name'", 'names for a script'],
      ));
  },
  async run(ctx, [filter], options) {
    const matches = nameFilter(filter);
    const client = await ctx.kafka();
    const all = await fetchTopicMetadata(client, undefined);
    const topics = all.filter((t) => (options.internal || !t.internal) && matches(t.name));
    // An empty answer may be ACLs, not an empty cluster: Kafka lists only what the caller may Describe.
    const hidden = !all.length && (await canDescribeCluster(client)) === false;
    if (hidden) ctx.out.warn(`no topics are visible to ${callerPrincipal(client)}: ACLs may hide the topics it cannot Describe`);
    const rows = topics.map((t) => ({
      name: t.name,
      partitions: t.partitions.length,
      replicationFactor: t.partitions[0]?.replicas.length ?? 0,
      internal: t.internal,
    }));
    await ctx.out.print({
      data: rows,
      blocks: [table([
        { header: 'name', value: (r) => r.name, tone: (r) => (r.internal ? 'dim' : undefined) },
        { header: 'partitions', value: (r) => r.partitions, align: 'right' },
        { header: 'replicas', value: (r) => r.replicationFactor, align: 'right' },
      ], rows, { empty: filter ? `no topic matches "${filter}"` : hidden ? '(no visible topics)' : 'no topics yet: `sofakafka topic create NAME`' })],
    });
  },
});
