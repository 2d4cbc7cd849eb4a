import { defineCommand, examples } from '../../../cli/types.js';
import { validateRuleId } from '../../../kafka/router/rules.js';
import { readRuleState } from '../../../kafka/router/rule-store.js';
import { notFoundError } from '../../../errors.js';
import { historyTable } from './view.js';

export default defineCommand({
  configure(command) {
    command
      .argument('[id]', 'one rule\'s changes (default: every change)')
      .addHelpText('after', examples(
        ['sofakafka router rule history', 'who changed which rule, and when'],
        ['sofakafka router rule history r-1a2b3c4d -o json', 'one rule, removed or not'],
      ));
  },
  async run(ctx, [id]) {
    if (id !== undefined) validateRuleId(id);
    const { history } = await readRuleState(await ctx.kafka());
    const shown = history.filter((c) => id === undefined || c.id === id);
    if (id !== undefined && !shown.length) throw notFoundError(`no router rule "${id}" was ever added`, '`sofakafka router rule history` shows every change');
    await ctx.out.print({ data: shown, blocks: [historyTable(shown)] });
  },
});
