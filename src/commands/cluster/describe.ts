import { defineCommand, examples } from '../../cli/types.js';
import { describeClusterInfo } from '../../kafka/admin/cluster.js';
import { fields, table } from '../../output/view.js';

export default defineCommand({
  configure(command) {
    command.addHelpText('after', examples(['sofakafka cluster describe', 'id, active controller, brokers and racks'], ['sofakafka cluster describe -o json | jq .controller', 'who is the controller']));
  },
  async run(ctx) {
    const info = await describeClusterInfo(await ctx.kafka());
    const controller = info.brokers.find((b) => b.isController) ?? null;
    const data = {
      clusterId: info.clusterId,
      controller: controller ? { id: controller.id, host: controller.host, port: controller.port, rack: controller.rack } : info.controllerId === null ? null : { id: info.controllerId, host: null, port: null, rack: null },
      brokers: info.brokers,
    };
    await ctx.out.print({
      data,
      blocks: [
        fields([['Cluster id', info.clusterId], ['Controller', info.controllerId], ['Brokers', info.brokers.length]]),
        table([
          { header: 'id', value: (b) => b.id },
          { header: 'address', value: (b) => `${b.host}:${b.port}` },
          { header: 'rack', value: (b) => b.rack },
          { header: 'controller', value: (b) => (b.isController ? 'yes' : ''), tone: () => 'accent' },
        ], info.brokers),
      ],
    });
  },
});
