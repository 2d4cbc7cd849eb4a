import { Option } from 'commander';
import { parseDurationMs } from '../../cli/duration.js';
import { parseCount } from '../../cli/parse.js';
import { defineCommand, examples } from '../../cli/types.js';
import { usageError } from '../../errors.js';
import { compressions, type Compression, type SendMode, sendModes } from '../../kafka/messages/producer.js';
import { runProduce } from '../../kafka/perf/produce.js';
import { withPerfTopic } from '../../kafka/perf/topic.js';
import { figure } from '../../output/perf-lines.js';
import { type AcksFlag, acksOption, acksValue, parseRunFlags, type RunFlags, runOptions } from './flags.js';
import { fields, intervalSink, latencyFields, perfCommand, printTotals, runExitCode, topicFields } from './report.js';

interface Options extends RunFlags {
  rate: string;
  acks?: AcksFlag;
  mode: SendMode;
  keys: string;
  compression: Compression;
  batchSize: string;
  linger: string;
  producers: string;
  inFlight: string;
}

const defaults = { partitions: 6 };

export default defineCommand<Options>({
  ...perfCommand,
  configure(command) {
    runOptions(command, defaults)
      .option('--rate <records/s>', 'records per second; 0: as fast as the cluster takes them', '0')
      .addOption(acksOption())
      .addOption(new Option('--mode <mode>', 'as msg send: sync (one record per request, one at a time), async (pipelined), oneway (acks=0)').choices([...sendModes]).default('async'))
      .option('--keys <k>', 'keyed records, spread over this many keys (0: no keys)', '0')
      .addOption(new Option('--compression <codec>', 'compress batches').choices([...compressions]).default('none'))
      .option('--batch-size <n>', 'records per produce request', '500')
      .option('--linger <duration>', 'with --rate: how long a request waits for more records', '0ms')
      .option('--producers <p>', 'producers side by side in this process', '1')
      .option('--in-flight <n>', 'requests in flight per producer (each on its own partitions)', '5')
      .addHelpText('after', examples(
        ['sofakafka perf produce --create-topic --count 100000', '100,000 records of 1 KB, acks=all, on a throwaway topic'],
        ['sofakafka perf produce -t bench --duration 1m --rate 5000 --acks 1', 'a steady 5,000 records/s for a minute, leader acks only'],
        ['sofakafka perf produce --create-topic --count 50000 --mode oneway -o json | jq .recordsPerSecond', 'unconfirmed sends, the result as JSON'],
      ));
  },
  async run(ctx, _args, options) {
    const settings = parseRunFlags(options, defaults);
    const rate = parseCount(options.rate, '--rate', { min: 0 });
    if (options.mode === 'oneway' && options.acks !== undefined && options.acks !== '0') throw usageError(`--mode oneway sends with acks=0: it cannot be used with --acks ${options.acks}`);
    const acks = acksValue(options.acks ?? (options.mode === 'oneway' ? '0' : 'all'));
    const keys = parseCount(options.keys, '--keys', { min: 0, max: 10_000_000 });
    const batchSize = parseCount(options.batchSize, '--batch-size', { max: 100_000 });
    const lingerMs = parseDurationMs(options.linger, '--linger', 'ms');
    const producers = parseCount(options.producers, '--producers', { max: 64 });
    const inFlight = parseCount(options.inFlight, '--in-flight', { max: 100 });

    const client = await ctx.kafka();
    const sink = intervalSink(ctx, 'sent');
    const { topic, deleted, result } = await withPerfTopic(client, settings.topicSpec, (perfTopic) => runProduce(client, {
      topic: perfTopic.name, partitionCount: perfTopic.partitions.length, size: settings.size, bounds: settings.bounds, rate, acks,
      sync: options.mode === 'sync', keys, compression: options.compression, batchSize, lingerMs, producers, inFlight,
      intervalMs: settings.intervalMs, signal: ctx.signal, onInterval: sink.onInterval, onProgress: () => ctx.progress(),
    }));
    const { error, ...totals } = result;
    const data = {
      topic: topic.name, topicCreated: topic.created, topicDeleted: deleted,
      settings: { size: settings.size, acks: acks === -1 ? 'all' : String(acks), mode: options.mode, compression: options.compression, batchSize, lingerMs, producers, inFlight, keys, rate, count: settings.bounds.count ?? null, durationMs: settings.bounds.durationMs ?? null },
      ...totals, error: error?.message ?? null,
    };
    await printTotals(ctx, data, [fields([
      ...topicFields(topic, deleted),
      ['records sent', `${result.records.toLocaleString('en-US')} (${result.errors} errors, stopped by ${result.stoppedBy})`],
      ...(result.stored !== null ? [['stored (acks=0, end offsets)', result.stored.toLocaleString('en-US')] as [string, string]] : []),
      ['throughput', `${figure(result.recordsPerSecond)} records/s, ${figure(result.mbPerSecond, 2)} MB/s in ${figure(result.elapsedMs / 1000, 2)} s`],
      ...latencyFields(result.latencyMs),
    ])], sink.intervals);
    if (result.stored !== null && result.stored < result.records) ctx.out.warn(`acks=0: ${result.records - result.stored} of ${result.records} records handed to the connection were not stored (nothing confirms them)`);
    return runExitCode(ctx, result.stoppedBy, result.records, error);
  },
});
