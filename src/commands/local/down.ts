import { oneOf } from '../../cli/aliases.js';
import { Option } from 'commander';
import { defineCommand, examples } from '../../cli/types.js';
import { down, stopNode } from '../../local/cluster.js';
import { defaultDataDir } from '../../local/options.js';
import { usageError } from '../../errors.js';
import { fields } from '../../output/view.js';

interface Options {
  dir?: string;
  purge: boolean;
  node?: string;
  broker?: string;
  yes: boolean;
}

export default defineCommand<Options>({
  timeout: 'own',
  configure(command) {
    command
      .option('--dir <path>', 'data folder of the cluster (default: $XDG_DATA_HOME/sofakafka/local)')
      .option('--purge', 'also delete its data (topics, users, ACLs)', false)
      .option('--node <id>', 'stop only this node (a failover drill); `local up` starts it again')
      .addOption(new Option('--broker <id>', 'the same as --node').hideHelp())
      .option('-y, --yes', 'do not ask before --purge', false)
      .addHelpText('after', examples(
        ['sofakafka local down', 'stop every broker, keep the data for the next `local up`'],
        ['sofakafka local down --purge --yes', 'stop and delete everything'],
        ['sofakafka local down --node 2', 'stop node 2 of a 3-broker cluster'],
      ));
  },
  async run(ctx, _args, options) {
    const dataDir = options.dir ?? defaultDataDir(ctx.io.env);
    const nodeFlag = oneOf([['--node', options.node], ['--broker', options.broker]])?.value;
    if (nodeFlag !== undefined) {
      if (options.purge) throw usageError('--purge and --node do not go together', 'stop one node, or purge the whole cluster');
      const id = Number(nodeFlag);
      if (!Number.isInteger(id) || id < 1) throw usageError(`--node "${nodeFlag}" is not a node id`);
      await stopNode(dataDir, id);
      ctx.out.success(`stopped node ${id}`);
      return;
    }
    if (options.purge) await ctx.out.confirm(`Stop the local cluster and delete ${dataDir}?`, { yes: options.yes, action: 'purge the local cluster' });
    const result = await ctx.out.spin('stopping the local cluster', () => down(dataDir, { purge: options.purge }));
    if (!result.wasRunning) ctx.out.info(`no local cluster was running in ${dataDir}`);
    await ctx.out.print({
      data: { stopped: result.stopped, purged: result.purged, dataDir },
      blocks: [fields([['Stopped', `${result.stopped} process${result.stopped === 1 ? '' : 'es'}`], ['Data', result.purged ? `${dataDir} (deleted)` : `${dataDir} (kept)`]])],
    });
  },
});
