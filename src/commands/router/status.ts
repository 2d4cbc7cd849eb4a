import { defineCommand, examples } from '../../cli/types.js';
import { usageError } from '../../errors.js';
import { validateUnitPart } from '../../kafka/ldc/naming.js';
import { defaultRouterGroup, type PartitionStatus, type RouterStatus, type RuleStatus, routerStatus, type WorkerStatus } from '../../kafka/router/status.js';
import { type Block, fields, table } from '../../output/view.js';

export default defineCommand<{ ns: string; group?: string }>({
  configure(command) {
    command
      .requiredOption('--ns <namespace>', 'the namespace whose rules to show')
      .option('-g, --group <group>', 'the workers\' consumer group (default: sofakafka-router.NS)')
      .addHelpText('after', examples(
        ['sofakafka router status --ns ANT', 'per rule: copied, lag, and who works on which partition'],
        ["sofakafka router status --ns ANT -o json | jq '.rules[] | {id, lag}'", 'the lag of each rule'],
      ));
  },
  async run(ctx, _args, options) {
    validateUnitPart(options.ns, 'namespace');
    if (options.group === '') throw usageError('--group cannot be empty');
    const status = await routerStatus(await ctx.kafka(), options.ns, options.group ?? defaultRouterGroup(options.ns));
    await ctx.out.print({ data: status, blocks: statusBlocks(status) });
  },
});

function statusBlocks(status: RouterStatus): Block[] {
  return [
    fields([
      ['Namespace', status.ns],
      ['Group', `${status.group} (${status.groupState})`],
      ['Workers', status.workers.length],
      ['Lag measured to', 'the last stable offset (what a read_committed router can read)'],
    ]),
    table([
      { header: 'rule', value: (r: RuleStatus) => r.id },
      { header: 'route', value: (r) => r.route },
      { header: 'enabled', value: (r) => (r.enabled ? 'yes' : 'no'), tone: (r) => (r.enabled ? undefined : 'warn') },
      { header: 'copied', value: (r) => r.copied, align: 'right' },
      { header: 'lag', value: (r) => r.lag, align: 'right', tone: (r) => (r.lag ? 'warn' : undefined) },
      { header: 'waiting', value: (r) => r.waiting.join('; ') || '-' },
    ], status.rules, { title: 'Rules', empty: `(no rules for ${status.ns})` }),
    table([
      { header: 'source', value: (p: PartitionStatus & { rule: string }) => `${p.topic}:${p.partition}` },
      { header: 'rule', value: (p) => p.rule },
      { header: 'committed', value: (p) => p.committedOffset ?? '-', align: 'right' },
      { header: 'last stable', value: (p) => p.lastStableOffset, align: 'right' },
      { header: 'lag', value: (p) => p.lag, align: 'right', tone: (p) => (p.lag ? 'warn' : undefined) },
      { header: 'copied', value: (p) => p.copied, align: 'right' },
      { header: 'worker', value: (p) => p.worker ?? '-' },
    ], status.rules.flatMap((r) => r.partitions.map((p) => ({ ...p, rule: r.id }))), { title: 'Partitions', empty: '(no source partitions yet)' }),
    table([
      { header: 'worker', value: (w: WorkerStatus) => w.clientId },
      { header: 'host', value: (w) => w.host },
      { header: 'partitions', value: (w) => w.partitions.join(' ') || '-' },
    ], status.workers, { title: 'Workers', empty: '(no worker running)' }),
  ];
}
