import { defineCommand, examples } from '../../cli/types.js';
import { notFoundError } from '../../errors.js';
import { describeUser } from '../../kafka/security/users.js';
import { userView } from './mechanisms.js';
import { validateUserName } from './new-password.js';

export default defineCommand({
  operands: 'user',
  configure(command) {
    command
      .argument('<name>', 'the user')
      .addHelpText('after', examples(['sofakafka user describe app-orders -o json', 'mechanisms and iterations (never salts or passwords)']));
  },
  async run(ctx, [nameArg]) {
    const name = validateUserName(nameArg!);
    const user = await describeUser(await ctx.kafka(), name);
    if (!user) throw notFoundError(`no user named "${name}"`, '`sofakafka user list` shows the users');
    await ctx.out.print(userView(user));
  },
});
