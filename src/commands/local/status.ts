import { defineCommand, examples } from '../../cli/types.js';
import { formatDuration } from '../../cli/duration.js';
import { status } from '../../local/cluster.js';
import { defaultDataDir } from '../../local/options.js';
import { fields, table } from '../../output/view.js';

export default defineCommand<{ dir?: string }>({
  configure(command) {
    command
      .option('--dir <path>', 'data folder of the cluster (default: $XDG_DATA_HOME/sofakafka/local)')
      .addHelpText('after', examples(['sofakafka local status', 'is it up, and where'], ['sofakafka local status -o json | jq .nodes', 'pids and ports for scripts']));
  },
  async run(ctx, _args, options) {
    const result = await status(options.dir ?? defaultDataDir(ctx.io.env));
    await ctx.out.print({
      data: result,
      blocks: [
        fields([
          ['State', result.state],
          ['Kafka', result.kafkaVersion],
          ['Cluster id', result.clusterId],
          ['Bootstrap', result.bootstrapServers.join(',')],
          ...(result.caFile ? [['TLS CA', result.caFile] as [string, unknown]] : []),
          ...(result.plain ? [['PLAIN', 'on: admin may also log in with SASL/PLAIN'] as [string, unknown]] : []),
          ['Data', result.dataDir],
          ['Uptime', result.uptimeSeconds === null ? null : formatDuration(result.uptimeSeconds * 1000)],
        ]),
        table(
          [
            { header: 'node', value: (n) => n.id },
            { header: 'state', value: (n) => (n.running ? 'running' : 'stopped'), tone: (n) => (n.running ? 'good' : 'bad') },
            { header: 'pid', value: (n) => n.pid },
            { header: 'client port', value: (n) => n.clientPort },
            { header: 'controller port', value: (n) => n.controllerPort },
            ...(result.caFile ? [{ header: 'tls port', value: (n: (typeof result.nodes)[number]) => n.tlsPort }] : []),
            { header: 'rack', value: (n) => n.rack },
          ],
          result.nodes,
          { empty: 'no local cluster here; start one with `sofakafka local up`' },
        ),
      ],
    });
    // Like `systemctl status`: non-zero unless everything runs, so scripts can wait on it.
    return result.state === 'running' ? 0 : 8;
  },
});
