import { defineCommand, examples } from '../../cli/types.js';
import { loadConfig, saveConfig } from '../../config/contexts.js';
import { notFoundError } from '../../errors.js';

export default defineCommand({
  configure(command) {
    command.argument('<name>', 'context to make current').addHelpText('after', examples(['sofakafka context use prod', 'later commands talk to prod']));
  },
  async run(ctx, [name]) {
    const config = await loadConfig(ctx.configPath);
    if (!config.contexts[name!]) throw notFoundError(`no context named "${name}"`, `known: ${Object.keys(config.contexts).join(', ') || 'none'}`);
    config.currentContext = name!;
    await saveConfig(ctx.configPath, config);
    ctx.out.success(`current context is now "${name}"`);
  },
});
