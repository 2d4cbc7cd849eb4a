import { Option } from 'commander';
import { defineCommand, examples } from '../../cli/types.js';
import { runE2e } from '../../kafka/perf/e2e.js';
import { withPerfTopic } from '../../kafka/perf/topic.js';
import { figure } from '../../output/perf-lines.js';
import { type AcksFlag, acksValue, parseRunFlags, type RunFlags, runOptions } from './flags.js';
import { fields, intervalSink, latencyFields, perfCommand, printTotals, runExitCode, topicFields } from './report.js';

interface Options extends RunFlags {
  acks: AcksFlag;
}

const defaults = { partitions: 1 };

export default defineCommand<Options>({
  ...perfCommand,
  configure(command) {
    runOptions(command, defaults)
      // As Kafka's EndToEndLatency: a record read back must have been confirmed, so no acks=0.
      .addOption(new Option('--acks <acks>', 'all: every in-sync replica; 1: the leader').choices(['all', '1']).default('all'))
      .addHelpText('after', examples(
        ['sofakafka perf e2e --create-topic --count 1000', '1,000 round trips: send, confirmed by every in-sync replica, read back'],
        ['sofakafka perf e2e -t latency --duration 1m --acks 1 -o json | jq .latencyMs.p99', 'the p99 over a minute, leader acks only'],
      ));
  },
  async run(ctx, _args, options) {
    const settings = parseRunFlags(options, defaults);
    const acks = acksValue(options.acks);
    const client = await ctx.kafka();
    const sink = intervalSink(ctx, 'round trips');
    const { topic, deleted, result } = await withPerfTopic(client, settings.topicSpec, (perfTopic) => runE2e(client, {
      topic: perfTopic.name, partition: perfTopic.partitions[0]!, size: settings.size, acks, bounds: settings.bounds,
      intervalMs: settings.intervalMs, signal: ctx.signal, onInterval: sink.onInterval, onProgress: () => ctx.progress(),
    }));
    const data = {
      topic: topic.name, topicCreated: topic.created, topicDeleted: deleted, partition: 0,
      settings: { size: settings.size, acks: options.acks, count: settings.bounds.count ?? null, durationMs: settings.bounds.durationMs ?? null },
      ...result,
    };
    await printTotals(ctx, data, [fields([
      ...topicFields(topic, deleted),
      ['round trips', `${result.records.toLocaleString('en-US')} in ${figure(result.elapsedMs / 1000, 2)} s (stopped by ${result.stoppedBy})`],
      ...latencyFields(result.latencyMs, 'end-to-end'),
    ])], sink.intervals);
    return runExitCode(ctx, result.stoppedBy, result.records, null);
  },
});
