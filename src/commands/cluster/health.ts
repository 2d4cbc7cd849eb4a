import { defineCommand, examples } from '../../cli/types.js';
import { ExitCode } from '../../errors.js';
import { clusterHealth, type PartitionProblem } from '../../kafka/admin/cluster.js';
import { probeDeadlineMs } from '../../kafka/broker-probe.js';
import { fields, table } from '../../output/view.js';

export default defineCommand({
  configure(command) {
    command.addHelpText('after', examples(
      ['sofakafka cluster health', 'exit 0 when healthy, 8 when not'],
      ['sofakafka cluster health -o json || alert.sh', 'from cron'],
    ));
  },
  async run(ctx) {
    const health = await clusterHealth(await ctx.kafka(), probeDeadlineMs(ctx.timeoutMs));
    const problems = (label: string, list: PartitionProblem[]) =>
      table([
        { header: 'topic', value: (p: PartitionProblem) => p.topic },
        { header: 'partition', value: (p) => p.partition, align: 'right' },
        { header: 'leader', value: (p) => p.leader ?? 'none', tone: (p) => (p.leader === null ? 'bad' : undefined) },
        { header: 'replicas', value: (p) => p.replicas },
        { header: 'isr', value: (p) => p.isr, tone: () => 'warn' },
      ], list, { title: label });
    await ctx.out.print({
      data: health,
      blocks: [
        fields([
          ['Status', health.healthy ? 'healthy' : 'UNHEALTHY'],
          ['Brokers online', health.brokersOnline],
          ['Brokers down', health.brokersDown],
          ...(health.brokersNotAnswering.length ? [['Not answering', health.brokersNotAnswering] as [string, unknown]] : []),
          ['Checked', `${health.topicsChecked} topics, ${health.partitionsChecked} partitions`],
        ]),
        ...(health.offline.length ? [problems('Offline partitions', health.offline)] : []),
        ...(health.underReplicated.length ? [problems('Under-replicated partitions', health.underReplicated)] : []),
        ...(health.underMinIsr.length ? [problems('Under min ISR', health.underMinIsr)] : []),
      ],
    });
    return health.healthy ? ExitCode.ok : ExitCode.partial;
  },
});
