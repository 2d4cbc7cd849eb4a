import { defineCommand, examples } from '../../cli/types.js';
import { updateConfig } from '../../config/contexts.js';
import { notFoundError } from '../../errors.js';

export default defineCommand({
  operands: 'context',
  configure(command) {
    command.argument('<name>', 'context to make current').addHelpText('after', examples(['sofakafka context use prod', 'later commands talk to prod']));
  },
  async run(ctx, [name]) {
    await updateConfig(ctx.configPath, (config) => {
      if (!config.contexts[name!]) throw notFoundError(`no context named "${name}"`, `known: ${Object.keys(config.contexts).join(', ') || 'none'}`);
      config.currentContext = name!;
    });
    ctx.out.success(`current context is now "${name}"`);
  },
});
