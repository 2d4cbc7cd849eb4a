import { defineCommand, examples } from '../../cli/types.js';
import { resolveUnit, topicIn, type UnitFlags, unitOptions } from '../../cli/unit-flags.js';
import { collect, parseKeyValues, validateTopicName } from '../../cli/parse.js';
import { usageError } from '../../errors.js';
import { alterTopicConfigs, describeTopicConfigs, fetchTopicMetadata } from '../../kafka/admin/topics.js';
import { table } from '../../output/view.js';
import { assertKnownTopicConfigs } from '../../kafka/admin/topic-config-names.js';

interface Options extends UnitFlags {
  config?: string[];
  deleteConfig?: string[];
  dryRun: boolean;
}

export default defineCommand<Options>({
  changes: true,
  operands: 'topic',
  configure(command) {
    unitOptions(command)
      .argument('<name>', 'topic to change')
      .option('-c, --config <key=value>', 'set a config, repeatable', collect)
      .option('-d, --delete-config <key>', 'return a config to its default, repeatable', collect)
      .option('--dry-run', 'let the cluster validate, change nothing', false)
      .addHelpText('after', examples(
        ['sofakafka topic alter orders -c retention.ms=86400000', 'keep one day; other configs untouched'],
        ['sofakafka topic alter orders -d retention.ms', 'back to the default'],
      ));
  },
  async run(ctx, [logical], options) {
    validateTopicName(logical!);
    const name = topicIn(await resolveUnit(ctx, options), logical!);
    const set = parseKeyValues(options.config, '--config', 'retention.ms=86400000');
    const remove = options.deleteConfig ?? [];
    if (!Object.keys(set).length && !remove.length) throw usageError('nothing to change', 'pass --config KEY=VALUE or --delete-config KEY');
    assertKnownTopicConfigs([...Object.keys(set), ...remove]);
    const both = remove.filter((key) => key in set);
    if (both.length) throw usageError(`${both.join(', ')} is both set and deleted`);
    const client = await ctx.kafka();
    await fetchTopicMetadata(client, [name]);
    await alterTopicConfigs(client, name, set, remove, { validateOnly: options.dryRun });
    if (!options.dryRun) ctx.out.success(`altered topic "${name}"`);
    const configs = (await describeTopicConfigs(client, [name])).get(name)!.filter((c) => !c.isDefault);
    await ctx.out.print({
      data: { name, dryRun: options.dryRun, set, deleted: remove, configs },
      blocks: [table([
        { header: 'config', value: (c) => c.name, tone: (c) => (c.name in set ? 'accent' : undefined) },
        { header: 'value', value: (c) => (c.sensitive ? '(sensitive)' : c.value), shrink: 'wrap' },
        { header: 'source', value: (c) => c.source, tone: () => 'dim' },
      ], configs, { title: options.dryRun ? 'Configs (unchanged: dry run)' : 'Configs now', empty: '(all configs at their defaults)' })],
    });
  },
});
