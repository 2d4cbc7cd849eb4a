import { oneOf } from '../../cli/aliases.js';
import { unlessStopped } from '../../cli/execute.js';
import { readInputFileSync, writeOutputFile } from '../../cli/files.js';
import { Option } from 'commander';
import { groupArgument, resolveGroup } from '../../cli/group-arg.js';
import { collect } from '../../cli/parse.js';
import { CliError } from '../../errors.js';
import { type CommandContext, defineCommand, examples } from '../../cli/types.js';
import { applyReset, assertNoActiveMembers, startReset } from '../../kafka/groups/reset-apply.js';
import { exportDocument, type FileOffset, planReset, planTotals, type PlannedPartition } from '../../kafka/groups/reset-plan.js';
import { parseOffsetsFile } from './reset-input.js';
import { fields, table } from '../../output/view.js';
import { resetRequest, type ResetFlags } from './reset-options.js';
import { groupIn, resolveUnit, topicIn, type UnitFlags, unitOptions } from '../../cli/unit-flags.js';
import type { Unit } from '../../kafka/ldc/naming.js';

type Flags = Omit<ResetFlags, 'group'> & UnitFlags & { group?: string; since?: string; toDatetime?: string };

export default defineCommand<Flags>({
  handlesInterrupt: true,
  changes: 'when-sent',
  configure(command) {
    unitOptions(groupArgument(command, 'the consumer group to move (logical with --ns/--cell; --from-file topics stay as written)'))
      .option('-t, --topic <topic>', 'a topic, or TOPIC:0,3,5 for some partitions (repeatable)', collect)
      .option('--all-topics', 'every topic the group has committed offsets for', false)
      .option('--time <time>', 'the first message at or after this time: ISO-8601 (no zone = local time), epoch ms, or -2h / "2h ago"')
      .option('--since <time>', 'the same as --time, as msg consume and msg query spell it')
      .addOption(new Option('--to-datetime <time>', 'the same as --time, as kafka-consumer-groups spells it').hideHelp())
      .option('--to-earliest', 'the earliest retained message', false)
      .option('--to-latest', 'the log end (skip everything not yet read)', false)
      .option('--to-offset <n>', 'this offset on every selected partition')
      .option('--shift-by <n>', 'move the committed offset by ±N')
      .option('--by-duration <duration>', 'the first message since this long ago (2h, 3d)')
      .option('--from-file <file>', 'the offsets in a file written by --export (restores them), or topic,partition,offset CSV')
      .option('--execute', 'apply the plan (without it nothing changes)', false)
      .option('--export <file>', 'write the plan and the current offsets, which --from-file puts back')
      .option('--new-group', 'allow a group that does not exist yet: the reset creates its offsets', false)
      .addHelpText('after', examples(
        ['sofakafka offset reset --group billing --topic orders --time 2026-11-20T08:00:00Z', 'dry run: the plan per partition, nothing changes'],
        ['sofakafka offset reset --group billing --topic orders --time "2h ago" --export before.json --execute', 're-consume the last two hours, keeping a way back'],
        ['sofakafka offset reset --group billing --from-file before.json --execute', 'put the exported offsets back'],
        ['sofakafka offset reset --group billing --topic orders:0,1 --shift-by -100 --execute', 'two partitions, 100 messages back'],
        ['sofakafka offset reset -g G1 -t T1 --ns ANT --cell CELL1 --to-earliest --execute', 'group ANT.CELL1.G1 on ANT.CELL1.T1'],
      ));
  },
  async run(ctx, [positional], given) {
    const flags = resetFlags(positional, given, await resolveUnit(ctx, given));
    let file: ReturnType<typeof readOffsetsFile> | undefined;
    const request = resetRequest(flags, () => (file = readOffsetsFile(flags.fromFile!)).offsets, Date.now());
    if (file?.group && file.group !== flags.group) ctx.out.warn(`${flags.fromFile} was exported from group "${file.group}"; applying it to "${flags.group}"`);

    const client = await ctx.kafka();
    const unchanged = 'nothing was changed';
    const start = await unlessStopped(ctx.signal, ctx.out.spin('reading the group and the logs', () => startReset(client, flags.group, request.scope, request.mode, { newGroup: flags.newGroup })), unchanged);
    const plan = planReset(start.positions, request.mode);
    for (const p of plan.filter((row) => row.clamped)) {
      ctx.out.warn(`${p.topic}:${p.partition}: target outside the log, moved to the ${p.clamped === 'earliest' ? `earliest offset ${p.earliestOffset}` : `log end offset ${p.logEndOffset}`}`);
    }
    if (flags.execute) assertNoActiveMembers(start.overview);
    else if (start.overview.members.length) ctx.out.warn(`group "${flags.group}" has ${start.overview.members.length} active member(s); --execute will refuse until they stop`);

    const exportPath = flags.export ?? (flags.execute ? await unlessStopped(ctx.signal, offerExport(ctx, flags.group), unchanged) : undefined);
    if (exportPath) {
      await writeOutputFile(exportPath, `${JSON.stringify(exportDocument(flags.group, plan, new Date()), null, 2)}\n`, '--export', '; nothing was changed');
      ctx.out.info(`wrote the plan and the previous offsets to ${exportPath} (restore with --from-file ${exportPath} --execute)`);
    }
    // One OffsetCommit request moves every partition at once. Ctrl-C before it changes nothing;
    // once it is sent, it is seen through, so the group ends all old or all new and we say which.
    if (flags.execute && ctx.signal.aborted) throw new CliError('interrupted', `interrupted: ${unchanged}`);
    if (flags.execute) ctx.sendingChange();
    if (flags.execute) await ctx.out.spin('committing', () => applyReset(client, start, plan));
    if (flags.execute && ctx.signal.aborted) ctx.out.warn('Ctrl-C came while committing: the commit completed, so every partition below has its new offset');

    const totals = planTotals(plan);
    if (flags.execute) ctx.out.success(`group "${flags.group}": ${totals.changed} of ${totals.partitions} partition offsets changed`);
    else ctx.out.info('dry run: nothing changed; add --execute to apply');
    await ctx.out.print({
      data: { group: flags.group, mode: request.describe, executed: flags.execute, totals, partitions: plan },
      blocks: [
        fields([['Group', flags.group], ['Reset', request.describe], ['Executed', flags.execute ? 'yes' : 'no (dry run)'], ['Reconsumed', totals.reconsumed], ['Skipped', totals.skipped]]),
        table([
          { header: 'topic', value: (p: PlannedPartition) => p.topic },
          { header: 'partition', value: (p) => p.partition, align: 'right' },
          { header: 'current', value: (p) => p.currentOffset ?? '-', align: 'right' },
          { header: 'new', value: (p) => p.newOffset ?? '(none)', align: 'right', tone: (p) => (p.newOffset !== p.currentOffset ? 'accent' : undefined) },
          { header: 'earliest', value: (p) => p.earliestOffset, align: 'right', tone: () => 'dim' },
          { header: 'log end', value: (p) => p.logEndOffset, align: 'right', tone: () => 'dim' },
          { header: 'change', value: changeText, tone: (p) => (p.skipped ? 'warn' : undefined) },
        ], plan, { empty: '(no partitions selected)' }),
      ],
    });
  },
});

function changeText(p: PlannedPartition): string {
  if (p.currentOffset === null) return p.newOffset === null ? '-' : 'new';
  if (p.newOffset === null) return 'remove offset';
  if (p.reconsumed) return `${p.reconsumed} again`;
  if (p.skipped) return `${p.skipped} skipped`;
  return 'unchanged';
}

/** With a unit, the group and --topic names are logical (an export file already holds physical names). */
function resetFlags(positional: string | undefined, given: Flags, unit: Unit | undefined): ResetFlags {
  const { since, toDatetime, ...rest } = given;
  const time = oneOf([['--time', given.time], ['--since', since], ['--to-datetime', toDatetime]])?.value;
  const topic = unit && rest.topic?.map((selection) => {
    const colon = selection.lastIndexOf(':');
    return colon < 0 ? topicIn(unit, selection) : `${topicIn(unit, selection.slice(0, colon))}${selection.slice(colon)}`;
  });
  return { ...rest, ...(topic ? { topic } : {}), group: groupIn(unit, resolveGroup(positional, given.group)), time };
}

function readOffsetsFile(path: string): { group: string | null; offsets: FileOffset[] } {
  return parseOffsetsFile(readInputFileSync(path, '--from-file'), path);
}

/** On a terminal, --execute without --export offers to keep the current offsets first. */
async function offerExport(ctx: CommandContext, group: string): Promise<string | undefined> {
  if (!ctx.out.interactive) return undefined;
  const suggested = `${group}-offsets-${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
  const answer = await ctx.out.ask('Save the current offsets first, to restore with --from-file? File (empty: no):', suggested);
  return answer.trim() || undefined;
}
