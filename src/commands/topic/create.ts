import { type CommandContext, defineCommand, examples } from '../../cli/types.js';
import { collect, parseCount, parseKeyValues, validateTopicName } from '../../cli/parse.js';
import { resolveUnitScope, scopeUnits, topicIn, unitFields, type UnitFlags, unitOptions } from '../../cli/unit-flags.js';
import { ExitCode, usageError } from '../../errors.js';
import { fetchTopicMetadata } from '../../kafka/admin/topics.js';
import { createTopics } from '../../kafka/admin/topic-writes.js';
import type { KafkaClient } from '../../kafka/client.js';
import { assertKnownTopicConfigs } from '../../kafka/admin/topic-config-names.js';
import { itemResultsView, itemResultsExitCode } from '../../output/results.js';

interface Options extends UnitFlags {
  partitions: string;
  replicationFactor?: string;
  config?: string[];
  ifNotExists: boolean;
  dryRun: boolean;
  internalName: boolean;
}

export default defineCommand<Options>({
  changes: 'when-sent',
  configure(command) {
    command
      .argument('<names...>', 'topics to create (logical names with --ns/--cell)')
      .option('-p, --partitions <n>', 'number of partitions', '1')
      .option('-r, --replication-factor <n>', 'copies of each partition (default: 3, or the broker count if fewer; a broker that is down still counts)')
      .option('-c, --config <key=value>', 'topic config, repeatable (retention.ms defaults to 3 days)', collect)
      .option('--if-not-exists', 'succeed when a topic already exists', false)
      .option('--internal-name', 'allow a name starting with "__" (Kafka\'s own topics use them)', false)
      .option('--dry-run', 'let the cluster validate, create nothing', false);
    unitOptions(command, 'many').addHelpText('after', examples(
      ['sofakafka topic create orders --partitions 12 --replication-factor 3', 'a topic with 3-day retention'],
      ['sofakafka topic create audit -c retention.ms=604800000 -c cleanup.policy=compact', 'with configs'],
      ['sofakafka topic create orders --if-not-exists', 'idempotent, for scripts'],
      ['sofakafka topic create T1 --ns ANT --cells CELL1,CELL2 -p 6', 'ANT.CELL1.T1 and ANT.CELL2.T1, alike: a key lands on the same partition number in every cell'],
    ));
  },
  async run(ctx, names, options) {
    names.forEach(validateTopicName);
    if (new Set(names).size !== names.length) throw usageError('a topic is named twice');
    // `topic create __consumer_offsets` on a fresh cluster would make Kafka's offsets topic with our defaults.
    const reserved = names.find((name) => name.startsWith('__'));
    if (reserved && !options.internalName) throw usageError(`"${reserved}" starts with "__", which Kafka keeps for its internal topics`, 'choose another name, or pass --internal-name if you really mean it');
    const scope = await resolveUnitScope(ctx, options, 'many');
    const units = scope ? scopeUnits(scope) : [undefined];
    const targets = units.flatMap((unit) => names.map((name) => ({ name: topicIn(unit, name), unit: unit && unitFields(unit, name) })));
    const partitions = parseCount(options.partitions, '--partitions', { max: 1_000_000 });
    const explicitFactor = options.replicationFactor === undefined ? undefined : parseCount(options.replicationFactor, '--replication-factor', { max: 32767 });
    const configs = parseKeyValues(options.config, '--config', 'retention.ms=86400000');
    assertKnownTopicConfigs(Object.keys(configs));
    const client = await ctx.kafka();
    ctx.sendingChange();
    const created = await ctx.out.spin(`creating ${targets.length} topic${targets.length > 1 ? 's' : ''}`, () =>
      createTopics(client, targets.map(({ name }) => ({ name, partitions, configs, ...(explicitFactor === undefined ? {} : { replicationFactor: explicitFactor }) })), { validateOnly: options.dryRun }),
    );
    const results = created.map((result, i) => ({ ...result, ...targets[i]!.unit }));
    for (const result of results) {
      if (result.status === 'exists' && options.ifNotExists) {
        result.status = 'exists (unchanged)';
        delete result.error;
      }
    }
    if (scope) await warnOnUnequalCells(ctx, client, results.filter((r) => r.status.startsWith('exists')).map((r) => r.name), partitions);
    const accepted = (status: string) => status === 'created' || status === 'valid' || (options.ifNotExists && status.startsWith('exists'));
    await ctx.out.print(itemResultsView(results, 'topic', ctx.out));
    const code = itemResultsExitCode(results, accepted);
    if (code !== ExitCode.ok && results.some((r) => r.status === 'exists') && !options.ifNotExists) ctx.out.info('hint: pass --if-not-exists to accept topics that already exist');
    return code;
  },
});

/** A cell's topic that already existed with another partition count breaks "same key, same partition number". */
async function warnOnUnequalCells(ctx: CommandContext, client: KafkaClient, existing: string[], partitions: number): Promise<void> {
  if (!existing.length) return;
  for (const topic of await fetchTopicMetadata(client, existing)) {
    if (topic.partitions.length !== partitions) ctx.out.warn(`${topic.name} already has ${topic.partitions.length} partitions, not ${partitions}: a key maps to other partition numbers there (\`topic add-partitions\` can grow it)`);
  }
}
