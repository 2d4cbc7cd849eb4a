import { groupArgument, resolveGroups } from '../../cli/group-arg.js';
import { defineCommand, examples } from '../../cli/types.js';
import { deleteGroups } from '../../kafka/groups/delete.js';
import { itemResultsExitCode, itemResultsView } from '../../output/results.js';

export default defineCommand<{ yes: boolean; group?: string[] }>({
  changes: true,
  operands: 'group',
  configure(command) {
    groupArgument(command, 'consumer groups to delete (they must have no active members)', { many: true })
      .option('-y, --yes', 'do not ask for confirmation (needed when not on a terminal)', false)
      .addHelpText('after', examples(
        ['sofakafka group delete old-billing', 'asks first on a terminal; removes the group and its committed offsets'],
        ['sofakafka group delete tmp-1 tmp-2 --yes -o json', 'in a script'],
      ));
  },
  async run(ctx, groups, options) {
    const names = resolveGroups(groups, options.group);
    await ctx.out.confirm(`Delete ${names.length} group${names.length > 1 ? 's' : ''} (${names.join(', ')}) and their committed offsets?`, { yes: options.yes, action: 'delete groups' });
    const results = await deleteGroups(await ctx.kafka(), names);
    await ctx.out.print(itemResultsView(results, 'group', ctx.out));
    return itemResultsExitCode(results, (status) => status === 'deleted');
  },
});
