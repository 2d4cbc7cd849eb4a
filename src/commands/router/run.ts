import { parseDurationMs } from '../../cli/duration.js';
import { defineCommand, examples } from '../../cli/types.js';
import { usageError } from '../../errors.js';
import { validateUnitPart } from '../../kafka/ldc/naming.js';
import { defaultRouterGroup } from '../../kafka/router/status.js';
import { runRouter, type RouterStats } from '../../kafka/router/worker.js';

interface Options {
  ns: string;
  group?: string;
  poll: string;
  sessionTimeout: string;
}

export default defineCommand<Options>({
  // A worker that hears nothing from the cluster for --timeout exits 6 (run it under a supervisor,
  // or pass --timeout 0 to wait for ever); while the cluster answers it runs until stopped.
  timeout: 'each-wait',
  handlesInterrupt: true,
  configure(command) {
    command
      .requiredOption('--ns <namespace>', 'apply the enabled rules of this namespace')
      .option('-g, --group <group>', 'the consumer group the workers share (default: sofakafka-router.NS)')
      .option('--poll <duration>', 'how often rules and topics are read again', '2s')
      .option('--session-timeout <duration>', 'how soon the other workers take over from one that died', '10s')
      .addHelpText('after', examples(
        ['sofakafka router run --ns ANT', 'copy by the rules of ANT until Ctrl-C or SIGTERM'],
        ['sofakafka router run --ns ANT --group routers-eu', 'run more of these to share the partitions'],
      ));
  },
  async run(ctx, _args, options) {
    validateUnitPart(options.ns, 'namespace');
    if (options.group === '') throw usageError('--group cannot be empty');
    const pollMs = parseDurationMs(options.poll, '--poll');
    const sessionTimeoutMs = parseDurationMs(options.sessionTimeout, '--session-timeout');
    if (sessionTimeoutMs < 6000) throw usageError('--session-timeout must be at least 6s (the broker\'s group.min.session.timeout.ms)');
    const line = ctx.out.progressLine();
    const log = (text: string) => {
      line.clear();
      ctx.out.info(`${new Date().toISOString()} ${text}`);
    };
    const stats = await runRouter(await ctx.kafka(), {
      ns: options.ns,
      groupId: options.group ?? defaultRouterGroup(options.ns),
      signal: ctx.signal,
      pollMs,
      sessionTimeoutMs,
      log,
      onProgress: (current) => line.update(() => progressText(current)),
      onAlive: () => ctx.progress(),
    });
    line.clear();
    if (ctx.out.machineReadable) await ctx.out.print({ data: stats, blocks: [] });
  },
});

function progressText(stats: RouterStats): string {
  return `routing: ${stats.copied.toLocaleString('en-US')} copied of ${stats.read.toLocaleString('en-US')} read, ${stats.transactions.toLocaleString('en-US')} transactions, ${stats.partitions.length} partitions${stats.failures ? `, ${stats.failures} aborted` : ''}`;
}
