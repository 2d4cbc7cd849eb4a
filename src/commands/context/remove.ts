import { defineCommand, examples } from '../../cli/types.js';
import { loadConfig, updateConfig } from '../../config/contexts.js';
import { notFoundError } from '../../errors.js';

export default defineCommand<{ yes: boolean }>({
  operands: 'context',
  configure(command) {
    command
      .argument('<name>', 'context to remove')
      .option('-y, --yes', 'do not ask', false)
      .addHelpText('after', examples(['sofakafka context remove old-dev --yes', 'forget a context']));
  },
  async run(ctx, [name], options) {
    const config = await loadConfig(ctx.configPath);
    if (!config.contexts[name!]) throw notFoundError(`no context named "${name}"`);
    await ctx.out.confirm(`Remove context "${name}"?`, { yes: options.yes, action: `remove context "${name}"` });
    await updateConfig(ctx.configPath, (latest) => {
      delete latest.contexts[name!];
      if (latest.currentContext === name) delete latest.currentContext;
    });
    ctx.out.success(`removed context "${name}"`);
  },
});
