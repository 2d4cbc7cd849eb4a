import type { CommandContext } from '../../cli/types.js';
import { ExitCode } from '../../errors.js';
import type { IntervalFigures, LatencySummary } from '../../kafka/perf/stats.js';
import type { StopReason } from '../../kafka/perf/schedule.js';
import type { CliError } from '../../errors.js';
import { figure, intervalLine } from '../../output/perf-lines.js';
import { type Block, fields, type View } from '../../output/view.js';

/**
 * What every perf command is to the machinery: --timeout bounds each wait on the cluster (a run
 * lasts as long as its bound), it writes, and Ctrl-C stops the run and prints the totals so far.
 */
export const perfCommand = { timeout: 'each-wait', changes: true, handlesInterrupt: true } as const;

/**
 * Where interval figures go: with -o ndjson one line each on stdout as they come; with json/yaml
 * into the final document; in a table, a line on a terminal's stderr (talk, like a spinner).
 */
export function intervalSink(ctx: CommandContext, verb: string): { onInterval(figures: IntervalFigures): void; intervals: IntervalFigures[] } {
  const intervals: IntervalFigures[] = [];
  const onTerminal = Boolean(ctx.io.stderr.isTTY);
  return {
    intervals,
    onInterval(figures) {
      if (ctx.out.format === 'ndjson') ctx.out.writeRecords([{ type: 'interval', ...figures }]);
      else if (ctx.out.machineReadable) intervals.push(figures);
      else if (onTerminal) ctx.out.info(intervalLine(figures, verb));
    },
  };
}

/** The totals: one document (json/yaml), the last NDJSON line (type "total"), or fields for people. */
export async function printTotals(ctx: CommandContext, data: Record<string, unknown>, blocks: Block[], intervals: IntervalFigures[]): Promise<void> {
  if (ctx.out.format === 'ndjson') {
    ctx.out.writeRecords([{ type: 'total', ...data }]);
    return;
  }
  const view: View = { data: { ...data, intervals }, blocks };
  await ctx.out.print(view);
}

/** The exit code of a run: an error decides it (partial when some records made it), then Ctrl-C. */
export function runExitCode(ctx: CommandContext, stoppedBy: StopReason, records: number, error: CliError | null): number {
  if (error) {
    if (!records) throw error;
    ctx.out.warn(`stopped by an error after ${records} records: ${error.message}`);
    return ExitCode.partial;
  }
  return stoppedBy === 'interrupted' ? ExitCode.interrupted : ExitCode.ok;
}

export function latencyFields(latency: LatencySummary, label = 'latency'): Array<[string, string]> {
  return [
    [`${label} avg / max`, `${figure(latency.avg, 2)} / ${figure(latency.max, 2)} ms`],
    [`${label} p50 / p95 / p99 / p99.9`, `${figure(latency.p50)} / ${figure(latency.p95)} / ${figure(latency.p99)} / ${figure(latency.p999)} ms`],
  ];
}

export function topicFields(topic: { name: string; created: boolean }, deleted: boolean): Array<[string, string]> {
  return [['topic', `${topic.name}${topic.created ? (deleted ? ' (throwaway: created and deleted)' : ' (throwaway: created, NOT deleted)') : ''}`]];
}

export { fields };
