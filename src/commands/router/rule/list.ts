import { defineCommand, examples } from '../../../cli/types.js';
import { validateUnitPart } from '../../../kafka/ldc/naming.js';
import { readRuleState } from '../../../kafka/router/rule-store.js';
import { rulesTable } from './view.js';

export default defineCommand<{ ns?: string }>({
  configure(command) {
    command
      .option('--ns <namespace>', 'only this namespace\'s rules')
      .addHelpText('after', examples(
        ['sofakafka router rule list', 'every rule, as every router sees it'],
        ["sofakafka router rule list --ns ANT -o json | jq '.[] | select(.enabled)'", 'enabled rules of ANT'],
      ));
  },
  async run(ctx, _args, options) {
    if (options.ns !== undefined) validateUnitPart(options.ns, 'namespace');
    const { rules } = await readRuleState(await ctx.kafka());
    const shown = rules.filter((r) => options.ns === undefined || r.ns === options.ns);
    await ctx.out.print({ data: shown, blocks: [rulesTable(shown)] });
  },
});
