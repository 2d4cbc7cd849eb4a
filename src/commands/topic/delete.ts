import { unlessStopped } from '../../cli/execute.js';
import { itemResultsExitCode, itemResultsView } from '../../output/results.js';
import { defineCommand, examples } from '../../cli/types.js';
import { CliError, usageError, notFoundError } from '../../errors.js';
import { resolveUnitScope, scopeUnits, type UnitFlags, unitOptions } from '../../cli/unit-flags.js';
import { physicalTopicName } from '../../kafka/ldc/naming.js';
import { globToRegExp, isGlob } from '../../kafka/admin/name-filter.js';
import { fetchTopicMetadata, lookupTopics } from '../../kafka/admin/topics.js';
import { deleteTopics } from '../../kafka/admin/topic-writes.js';

interface Options extends UnitFlags {
  yes: boolean;
  ifExists: boolean;
}

export default defineCommand<Options>({
  handlesInterrupt: true,
  changes: true,
  operands: 'topic',
  configure(command) {
    command
      .argument('<names...>', "topic names or globs ('orders-*')")
      .option('-y, --yes', 'do not ask for confirmation (needed when not on a terminal)', false)
      .option('--if-exists', 'succeed when a named topic does not exist', false);
    unitOptions(command, 'many').addHelpText('after', examples(
      ['sofakafka topic delete orders', 'asks first on a terminal'],
      ["sofakafka topic delete 'tmp-*' --yes", 'every topic matching a glob, in a script'],
      ['sofakafka topic delete T1 --ns ANT --cells CELL1,CELL2 --yes', 'ANT.CELL1.T1 and ANT.CELL2.T1'],
    ));
  },
  async run(ctx, given, options) {
    const scope = await resolveUnitScope(ctx, options, 'many');
    // With a unit, names and globs are logical: each cell's prefix goes in front (globs escape the dots).
    const patterns = scope ? scopeUnits(scope).flatMap((unit) => given.map((name) => physicalTopicName(unit, name))) : given;
    const client = await ctx.kafka();
    // Named topics are asked for by name, so a topic the user may not see is a refusal, not "missing".
    const globs = patterns.filter(isGlob);
    const nothing = 'nothing was deleted';
    const named = await unlessStopped(ctx.signal, lookupTopics(client, [...new Set(patterns.filter((p) => !isGlob(p)))]), nothing);
    const visible = globs.length ? await unlessStopped(ctx.signal, fetchTopicMetadata(client, undefined), nothing) : [];
    const selected = new Set<string>();
    const missing = named.missing;
    const globMatches = visible.filter((t) => !t.internal && globs.some((glob) => globToRegExp(glob).test(t.name)));
    for (const match of [...named.found, ...globMatches]) {
      if (match.internal) throw usageError(`"${match.name}" is an internal topic; sofakafka does not delete it`);
      selected.add(match.name);
    }
    if (missing.length && !options.ifExists) throw notFoundError(`no topic named ${missing.map((m) => `"${m}"`).join(', ')}; nothing was deleted`, '`sofakafka topic list` shows what exists, or pass --if-exists');
    const names = [...selected].sort();
    if (!names.length) {
      ctx.out.info('no topic matches; nothing to delete');
      await ctx.out.print({ data: [], blocks: [] });
      return;
    }
    ctx.out.info(`${names.length} topic${names.length > 1 ? 's' : ''} to delete: ${names.join(', ')}`);
    await ctx.out.confirm(`Delete ${names.length} topic${names.length > 1 ? 's' : ''} and all their messages?`, { yes: options.yes, action: 'delete topics' });
    // One DeleteTopics request for all of them: Ctrl-C before it deletes nothing, after it all.
    if (ctx.signal.aborted) throw new CliError('interrupted', `interrupted: ${nothing}`);
    const results = await deleteTopics(client, names);
    const deleted = results.filter((r) => r.status === 'deleted').length;
    if (ctx.signal.aborted) ctx.out.warn(`Ctrl-C came while deleting: the request completed, ${deleted} of ${names.length} topic${names.length > 1 ? 's' : ''} deleted`);
    await ctx.out.print(itemResultsView(results, 'topic', ctx.out));
    return itemResultsExitCode(results, (status) => status === 'deleted');
  },
});
