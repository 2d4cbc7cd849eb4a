import { defineCommand, examples } from '../../cli/types.js';
import { resolveUnit, topicIn, type UnitFlags, unitOptions } from '../../cli/unit-flags.js';
import { parseCount, validateTopicName } from '../../cli/parse.js';
import { usageError } from '../../errors.js';
import { fetchTopicMetadata } from '../../kafka/admin/topics.js';
import { addPartitions } from '../../kafka/admin/topic-writes.js';
import { fields } from '../../output/view.js';

interface Options extends UnitFlags {
  partitions?: string;
  add?: string;
  dryRun: boolean;
}

export default defineCommand<Options>({
  changes: true,
  operands: 'topic',
  configure(command) {
    unitOptions(command)
      .argument('<name>', 'topic to grow')
      .option('-p, --partitions <n>', 'the new total number of partitions')
      .option('-a, --add <n>', 'how many partitions to add')
      .option('--dry-run', 'let the cluster validate, change nothing', false)
      .addHelpText('after', examples(
        ['sofakafka topic add-partitions orders --partitions 24', 'grow to 24 in total'],
        ['sofakafka topic add-partitions orders --add 6', 'six more'],
      ) + '\nNote: keys hash over the partition count, so growing a keyed topic moves keys to new partitions.\n');
  },
  async run(ctx, [logical], options) {
    validateTopicName(logical!);
    const name = topicIn(await resolveUnit(ctx, options), logical!);
    if ((options.partitions === undefined) === (options.add === undefined)) throw usageError('pass exactly one of --partitions N (total) or --add N');
    const client = await ctx.kafka();
    const [topic] = await fetchTopicMetadata(client, [name]);
    const current = topic!.partitions.length;
    const target = options.partitions !== undefined ? parseCount(options.partitions, '--partitions') : current + parseCount(options.add, '--add');
    if (target <= current) throw usageError(`"${name}" already has ${current} partitions; partitions can only grow`, `ask for more than ${current}`);
    await addPartitions(client, name, target, { validateOnly: options.dryRun });
    const [after] = options.dryRun ? [topic!] : await fetchTopicMetadata(client, [name]);
    if (!options.dryRun) ctx.out.success(`"${name}" now has ${after!.partitions.length} partitions`);
    await ctx.out.print({
      data: { name, previousPartitions: current, partitions: options.dryRun ? target : after!.partitions.length, dryRun: options.dryRun },
      blocks: [fields([['Topic', name], ['Partitions', `${current} → ${target}${options.dryRun ? ' (dry run)' : ''}`]])],
    });
  },
});
