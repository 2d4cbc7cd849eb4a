import { itemResultsView } from '../../output/results.js';
import { defineCommand, examples } from '../../cli/types.js';
import { notFoundError, usageError } from '../../errors.js';
import { deleteUsers, describeUsers } from '../../kafka/security/users.js';
import { validateUserName } from './new-password.js';

interface Options {
  yes: boolean;
  ifExists: boolean;
}

export default defineCommand<Options>({
  changes: true,
  operands: 'user',
  configure(command) {
    command
      .argument('<names...>', 'users to delete')
      .option('-y, --yes', 'do not ask for confirmation (needed when not on a terminal)', false)
      .option('--if-exists', 'succeed when a named user does not exist', false)
      .addHelpText('after', examples(
        ['sofakafka user delete app-orders', 'asks first on a terminal'],
        ['sofakafka user delete app-orders app-billing --yes', 'in a script'],
      ));
  },
  async run(ctx, names, options) {
    names.forEach(validateUserName);
    if (new Set(names).size !== names.length) throw usageError('a user is named twice');
    const client = await ctx.kafka();
    const users = await describeUsers(client, names);
    const missing = names.filter((n) => !users.some((u) => u.name === n));
    if (missing.length && !options.ifExists) throw notFoundError(`no user named ${missing.map((m) => `"${m}"`).join(', ')}; nothing was deleted`, '`sofakafka user list` shows the users, or pass --if-exists');
    if (users.length) {
      ctx.out.info(`${users.length} user${users.length > 1 ? 's' : ''} to delete: ${users.map((u) => u.name).join(', ')} (their ACLs stay: \`sofakafka acl remove --principal User:NAME\`)`);
      await ctx.out.confirm(`Delete ${users.length} user${users.length > 1 ? 's' : ''}? They can no longer log in.`, { yes: options.yes, action: 'delete users' });
      await deleteUsers(client, users);
    }
    const rows = [...users.map((u) => ({ name: u.name, status: 'deleted' })), ...missing.map((name) => ({ name, status: 'absent (unchanged)' }))];
    await ctx.out.print(itemResultsView(rows, 'user', ctx.out));
  },
});
