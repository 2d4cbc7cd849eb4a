import { defineCommand, examples } from '../../cli/types.js';
import { loadConfig } from '../../config/contexts.js';
import { table } from '../../output/view.js';

export default defineCommand({
  configure(command) {
    command.addHelpText('after', examples(['sofakafka context list', 'all saved contexts; * marks the current one']));
  },
  async run(ctx) {
    const config = await loadConfig(ctx.configPath);
    const rows = Object.entries(config.contexts).map(([name, entry]) => ({
      name,
      current: name === config.currentContext,
      bootstrapServers: entry.bootstrapServers,
      saslMechanism: entry.sasl?.mechanism ?? null,
      username: entry.sasl?.username ?? null,
      tls: Boolean(entry.tls?.enabled),
    }));
    await ctx.out.print({
      data: rows,
      blocks: [table(
        [
          { header: '', value: (r) => (r.current ? '*' : ' ') },
          { header: 'name', value: (r) => r.name, tone: (r) => (r.current ? 'accent' : undefined) },
          { header: 'bootstrap', value: (r) => r.bootstrapServers.join(','), shrink: 'wrap' },
          { header: 'user', value: (r) => r.username },
          { header: 'mechanism', value: (r) => r.saslMechanism },
          { header: 'tls', value: (r) => (r.tls ? 'yes' : 'no') },
        ],
        rows,
        { empty: 'no contexts yet: `sofakafka local up` or `sofakafka context add NAME -b HOST:PORT`' },
      )],
    });
  },
});
