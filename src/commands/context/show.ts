import { defineCommand, examples } from '../../cli/types.js';
import { loadConfig } from '../../config/contexts.js';
import { notFoundError, usageError } from '../../errors.js';
import { fields } from '../../output/view.js';

export default defineCommand({
  operands: 'context',
  configure(command) {
    command.argument('[name]', 'context to show (default: the current one)').addHelpText('after', examples(['sofakafka context show local -o yaml', 'one context, password hidden']));
  },
  async run(ctx, [requested]) {
    const config = await loadConfig(ctx.configPath);
    const name = requested ?? config.currentContext;
    if (!name) throw usageError('there is no current context', 'name one, or pick one with `sofakafka context use NAME`');
    const entry = config.contexts[name];
    if (!entry) throw notFoundError(`no context named "${name}"`, `known: ${Object.keys(config.contexts).join(', ') || 'none'}`);
    const password = entry.sasl?.passwordFile ? `from ${entry.sasl.passwordFile}` : entry.sasl?.password ? '(stored, hidden)' : null;
    const data = {
      name,
      current: name === config.currentContext,
      bootstrapServers: entry.bootstrapServers,
      sasl: entry.sasl ? { mechanism: entry.sasl.mechanism, username: entry.sasl.username, password } : null,
      tls: entry.tls ?? null,
      rack: entry.rack ?? null,
      ns: entry.ns ?? null,
      cell: entry.cell ?? null,
    };
    await ctx.out.print({
      data,
      blocks: [fields([
        ['Name', `${name}${data.current ? ' (current)' : ''}`],
        ['Bootstrap', entry.bootstrapServers.join(',')],
        ['SASL', entry.sasl ? `${entry.sasl.mechanism} as ${entry.sasl.username}` : 'none'],
        ['Password', password],
        ['TLS', entry.tls?.enabled ? `yes${entry.tls.caFile ? `, CA ${entry.tls.caFile}` : ''}` : 'no'],
        ['Rack', entry.rack],
        ['Unit', entry.ns || entry.cell ? `${entry.ns ?? '(no ns)'}/${entry.cell ?? '(no cell)'}` : undefined],
      ])],
    });
  },
});
