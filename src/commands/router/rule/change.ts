import { defineCommand, examples } from '../../../cli/types.js';
import { changeExistingRule } from '../../../kafka/router/rule-store.js';
import type { RuleAction } from '../../../kafka/router/rules.js';
import { changeRow, rulesTable } from './view.js';

const past = { remove: 'removed', enable: 'enabled', disable: 'disabled' } as const;

/** `router rule remove|enable|disable ID`: one change, recorded with who made it. */
export function ruleChangeCommand(action: Exclude<RuleAction, 'add'>, what: string) {
  return defineCommand({
    changes: true,
    configure(command) {
      command
        .argument('<id>', 'the rule id (`router rule list` shows them)')
        .addHelpText('after', examples([`sofakafka router rule ${action} r-1a2b3c4d`, what]));
    },
    async run(ctx, [id]) {
      const { rule, change } = await changeExistingRule(await ctx.kafka(), id!, action);
      if (change) ctx.out.success(`rule ${rule.id} ${past[action]}`);
      else ctx.out.info(`rule ${rule.id} was already ${past[action]}; nothing changed`);
      await ctx.out.print({ data: [changeRow(rule, change ? past[action] : `${past[action]} (unchanged)`)], blocks: [rulesTable([rule])] });
    },
  });
}
