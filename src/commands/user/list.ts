import { defineCommand, examples } from '../../cli/types.js';
import { nameFilter } from '../../kafka/admin/name-filter.js';
import { describeUsers } from '../../kafka/security/users.js';
import { usersTable } from './mechanisms.js';

export default defineCommand({
  configure(command) {
    command
      .argument('[filter]', 'a glob (app-*) or text the name contains')
      .addHelpText('after', examples(
        ['sofakafka user list', 'every SCRAM user with its mechanisms and iterations'],
        ["sofakafka user list -o json | jq -r '.[].name'", 'names for a script'],
      ));
  },
  async run(ctx, [filter]) {
    const matches = nameFilter(filter);
    const users = (await describeUsers(await ctx.kafka())).filter((u) => matches(u.name));
    await ctx.out.print({ data: users, blocks: [usersTable(users, filter ? `no user matches "${filter}"` : 'no SCRAM users yet: `sofakafka user create NAME`')] });
  },
});
