import { availableParallelism } from 'node:os';
import { parseCount } from '../../cli/parse.js';
import { defineCommand, examples } from '../../cli/types.js';
import { describeClusterInfo } from '../../kafka/admin/cluster.js';
import { plainProduce, runProduce } from '../../kafka/perf/produce.js';
import { withPerfTopic } from '../../kafka/perf/topic.js';
import { whitepaperCase, whitepaperRows } from '../../kafka/perf/whitepaper.js';
import { figure } from '../../output/perf-lines.js';
import { table } from '../../output/view.js';
import { parseRunFlags, type RunFlags, runOptions } from './flags.js';
import { intervalSink, perfCommand, printTotals, runExitCode } from './report.js';

interface Options extends Omit<RunFlags, 'size'> {
  producers: string;
}

/** The whitepaper's case fixes the record size. */
const defaults = { partitions: 6, duration: '30s', fixedSize: true };

interface Row {
  setup: string;
  brokers: number;
  cores: string;
  disk: string;
  tps: number;
  ours: string;
}

export default defineCommand<Options>({
  ...perfCommand,
  configure(command) {
    runOptions(command, defaults)
      .option('--producers <p>', 'producers side by side in this process', '1')
      .addHelpText('after', examples(
        ['sofakafka perf table --create-topic', 'the whitepaper\'s case (1 KB, acks=all) for 30 s on a throwaway topic, beside the whitepaper\'s rows'],
        ['sofakafka perf table --create-topic --count 200000 -o json', 'a fixed number of records, as JSON'],
      ));
  },
  async run(ctx, _args, options) {
    const settings = parseRunFlags({ ...options, size: String(whitepaperCase.size) }, defaults);
    const producers = parseCount(options.producers, '--producers', { max: 64 });
    const client = await ctx.kafka();
    const brokers = (await describeClusterInfo(client)).brokers.length;
    const clientCores = availableParallelism();
    const sink = intervalSink(ctx, 'sent');
    const { topic, deleted, result } = await withPerfTopic(client, settings.topicSpec, (perfTopic) => runProduce(client, {
      ...plainProduce, topic: perfTopic.name, partitionCount: perfTopic.partitions.length, size: whitepaperCase.size, bounds: settings.bounds, acks: whitepaperCase.acks, producers,
      intervalMs: settings.intervalMs, signal: ctx.signal, onInterval: sink.onInterval, onProgress: () => ctx.progress(),
    }));
    const { error, ...measured } = result;
    const replicationFactor = topic.partitions[0]?.replicas.length ?? null;
    const data = {
      case: { size: whitepaperCase.size, acks: 'all' },
      whitepaper: whitepaperRows.map((row) => ({ ...row, ratio: result.recordsPerSecond / row.tps })),
      cluster: { brokers, clientCores, topic: topic.name, topicCreated: topic.created, topicDeleted: deleted, partitions: topic.partitions.length, replicationFactor },
      measured: { ...measured, error: error?.message ?? null },
    };
    const rows: Row[] = [
      ...whitepaperRows.map((row) => ({
        setup: `whitepaper ${row.pod}`, brokers: row.brokers, cores: `${row.coresPerBroker} per broker`, disk: row.disk, tps: row.tps,
        ours: `${figure(result.recordsPerSecond / row.tps, 2)}x`,
      })),
      { setup: 'this cluster', brokers, cores: `client: ${clientCores}`, disk: '-', tps: Math.round(result.recordsPerSecond), ours: `RF ${replicationFactor ?? '-'}, ${topic.partitions.length} partitions` },
    ];
    await printTotals(ctx, data, [table<Row>([
      { header: 'SETUP', value: (r) => r.setup },
      { header: 'BROKERS', value: (r) => r.brokers, align: 'right' },
      { header: 'CORES', value: (r) => r.cores },
      { header: 'DISK', value: (r) => r.disk },
      { header: 'TPS (1 KB, acks=all)', value: (r) => r.tps.toLocaleString('en-US'), align: 'right' },
      { header: 'THIS CLUSTER vs ROW', value: (r) => r.ours },
    ], rows)], sink.intervals);
    return runExitCode(ctx, result.stoppedBy, result.records, error);
  },
});
