import { defineCommand, examples } from '../../../cli/types.js';
import { addRule } from '../../../kafka/router/rule-store.js';
import { buildRule, type RuleInput } from '../../../kafka/router/rules.js';
import { changeRow, rulesTable } from './view.js';

type Options = RuleInput & { disabled: boolean };

export default defineCommand<Options>({
  changes: true,
  configure(command) {
    command
      .requiredOption('--ns <namespace>', 'the namespace (InstanceId), e.g. ANT')
      .option('-t, --topic <topic>', 'the logical topic to copy (physical NS.FROM.TOPIC → NS.TO.TOPIC)')
      .option('--prefix <prefix>', 'every logical topic starting with this, instead of --topic')
      .requiredOption('--from <cell>', 'the cell whose messages are copied')
      .requiredOption('--to <cell>', 'the cell that receives the copies')
      .option('--when <header=value>', 'copy only messages with this header value, e.g. __UNIT.TARGET_R=CELL2')
      .option('--disabled', 'add the rule switched off (`router rule enable ID` later)', false)
      .addHelpText('after', examples(
        ['sofakafka router rule add --ns ANT --topic T1 --from CELL1 --to CELL2 --when __UNIT.TARGET_R=CELL2', "the whitepaper's example: CELL1's bills meant for CELL2"],
        ['sofakafka router rule add --ns ANT --prefix orders- --from CELL1 --to CELL2', 'every orders-* topic'],
      ));
  },
  async run(ctx, _args, options) {
    // Input is checked before connecting: a bad rule never reaches the cluster.
    buildRule(options, 'r-00000000', 'User:check', new Date());
    const rule = await addRule(await ctx.kafka(), options);
    ctx.out.success(`rule ${rule.id} added${rule.enabled ? '' : ' (disabled)'}`);
    await ctx.out.print({ data: [changeRow(rule, 'added')], blocks: [rulesTable([rule])] });
  },
});
