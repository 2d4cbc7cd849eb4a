import { defineCommand, examples } from '../../cli/types.js';
import { usageError } from '../../errors.js';
import { runConsume } from '../../kafka/perf/consume.js';
import { plainProduce, runProduce } from '../../kafka/perf/produce.js';
import { withPerfTopic } from '../../kafka/perf/topic.js';
import { figure } from '../../output/perf-lines.js';
import { parseRunFlags, type RunFlags, runOptions } from './flags.js';
import { fields, intervalSink, perfCommand, printTotals, runExitCode, topicFields } from './report.js';

interface Options extends RunFlags {
  group?: string;
  broadcast: boolean;
}

const defaults = { partitions: 6 };

export default defineCommand<Options>({
  ...perfCommand,
  configure(command) {
    runOptions(command, defaults)
      .option('-g, --group <group>', 'read as a member of this consumer group (from its committed offsets, else the earliest)')
      .option('--broadcast', 'read every partition on its own, without a group (the default)', false)
      .addHelpText('after', examples(
        ['sofakafka perf consume --create-topic --count 100000', 'writes 100,000 records of 1 KB to a throwaway topic, then times reading them'],
        ['sofakafka perf consume -t orders --yes --duration 30s', 'reads an existing topic from the start for up to 30 s (nothing is committed)'],
        ['sofakafka perf consume -t bench --yes -g perf-readers --count 50000', 'as a member of group perf-readers'],
      ));
  },
  async run(ctx, _args, options) {
    const settings = parseRunFlags(options, defaults);
    if (options.group !== undefined && options.broadcast) throw usageError('choose --group (as a group member) or --broadcast, not both');
    if (options.group === '') throw usageError('--group cannot be empty');
    if (options.createTopic && settings.bounds.count === undefined) throw usageError('a throwaway topic starts empty: perf consume writes --count records to it first, so give --count');
    const client = await ctx.kafka();
    const sink = intervalSink(ctx, 'read');
    const { topic, deleted, result } = await withPerfTopic(client, settings.topicSpec, async (perfTopic) => {
      // An empty topic is filled first with --count records (untimed), so there is something of the run's own to read.
      let written = 0;
      if (perfTopic.recordsBefore === 0) {
        if (settings.bounds.count === undefined) throw usageError(`topic "${perfTopic.name}" is empty: perf consume writes --count records to it first, so give --count`);
        const fill = await runProduce(client, {
          ...plainProduce, topic: perfTopic.name, partitionCount: perfTopic.partitions.length, size: settings.size, bounds: { count: settings.bounds.count },
          intervalMs: 2 ** 30, signal: ctx.signal, onInterval: () => undefined, onProgress: () => ctx.progress(),
        });
        if (fill.error) throw fill.error;
        written = fill.records;
      }
      const consumed = await runConsume(client, {
        topic: perfTopic.name, partitions: perfTopic.partitions, bounds: settings.bounds, intervalMs: settings.intervalMs, signal: ctx.signal,
        ...(options.group !== undefined ? { groupId: options.group } : {}),
        onInterval: sink.onInterval, onProgress: () => ctx.progress(),
      });
      return { written, ...consumed };
    });
    const data = {
      topic: topic.name, topicCreated: topic.created, topicDeleted: deleted, group: options.group ?? null,
      settings: { size: settings.size, count: settings.bounds.count ?? null, durationMs: settings.bounds.durationMs ?? null },
      ...result,
    };
    await printTotals(ctx, data, [fields([
      ...topicFields(topic, deleted),
      ...(result.written ? [['written first (untimed)', `${result.written.toLocaleString('en-US')} records`] as [string, string]] : []),
      ['records read', `${result.records.toLocaleString('en-US')} in ${result.fetches} fetches (stopped by ${result.stoppedBy})`],
      ['throughput', `${figure(result.recordsPerSecond)} records/s, ${figure(result.mbPerSecond, 2)} MB/s in ${figure(result.elapsedMs / 1000, 2)} s`],
    ])], sink.intervals);
    return runExitCode(ctx, result.stoppedBy, result.records, null);
  },
});
