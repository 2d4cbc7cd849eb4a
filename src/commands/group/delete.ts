import { groupArgument, resolveGroups } from '../../cli/group-arg.js';
import { defineCommand, examples } from '../../cli/types.js';
import { groupIn, resolveUnit, type UnitFlags, unitOptions } from '../../cli/unit-flags.js';
import { deleteGroups } from '../../kafka/groups/delete.js';
import { itemResultsExitCode, itemResultsView } from '../../output/results.js';

export default defineCommand<UnitFlags & { yes: boolean; group?: string[] }>({
  changes: true,
  operands: 'group',
  configure(command) {
    unitOptions(groupArgument(command, 'consumer groups to delete (they must have no active members; logical with --ns/--cell)', { many: true }))
      .option('-y, --yes', 'do not ask for confirmation (needed when not on a terminal)', false)
      .addHelpText('after', examples(
        ['sofakafka group delete old-billing', 'asks first on a terminal; removes the group and its committed offsets'],
        ['sofakafka group delete tmp-1 tmp-2 --yes -o json', 'in a script'],
        ['sofakafka group delete G1 --ns ANT --cell CELL1 --yes', 'the physical group ANT.CELL1.G1'],
      ));
  },
  async run(ctx, groups, options) {
    const unit = await resolveUnit(ctx, options);
    const names = resolveGroups(groups, options.group).map((group) => groupIn(unit, group));
    await ctx.out.confirm(`Delete ${names.length} group${names.length > 1 ? 's' : ''} (${names.join(', ')}) and their committed offsets?`, { yes: options.yes, action: 'delete groups' });
    const results = await deleteGroups(await ctx.kafka(), names);
    await ctx.out.print(itemResultsView(results, 'group', ctx.out));
    return itemResultsExitCode(results, (status) => status === 'deleted');
  },
});
