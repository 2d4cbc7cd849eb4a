import { defineCommand, examples } from '../../cli/types.js';
import { collect } from '../../cli/parse.js';
import { notFoundError } from '../../errors.js';
import { DEFAULT_ITERATIONS } from '../../kafka/security/scram.js';
import { describeUser, setUserPassword } from '../../kafka/security/users.js';
import { parseIterations, parseMechanisms, userView } from './mechanisms.js';
import { addNewPasswordOptions, type NewPasswordOptions, readNewPassword, validateUserName } from './new-password.js';

interface Options extends NewPasswordOptions {
  mechanism?: string[];
  iterations?: string;
}

export default defineCommand<Options>({
  changes: true,
  operands: 'user',
  configure(command) {
    command
      .argument('<name>', 'an existing user')
      .option('-m, --mechanism <mechanism>', 'only these mechanisms, repeatable (default: every mechanism the user has)', collect)
      .option('--iterations <n>', 'PBKDF2 iterations (default: what each credential has now)');
    addNewPasswordOptions(command).addHelpText('after', examples(
      ['sofakafka user passwd app-orders', 'asks for the new password twice'],
      ['sofakafka user passwd app-orders --new-password-file new.txt', 'in a script'],
    ));
  },
  async run(ctx, [nameArg], options) {
    const name = validateUserName(nameArg!);
    const onlyMechanisms = parseMechanisms(options.mechanism);
    const iterations = parseIterations(options.iterations);
    const given = options.newPasswordFile || options.passwordStdin ? await readNewPassword(ctx, name, options) : undefined;
    const client = await ctx.kafka();
    const existing = await describeUser(client, name);
    if (!existing) throw notFoundError(`no user named "${name}"; nothing was changed`, '`sofakafka user list` shows the users, `sofakafka user create` makes one');
    const current = new Map(existing.credentials.map((c) => [c.mechanism, c.iterations]));
    const mechanisms = onlyMechanisms ?? existing.credentials.flatMap((c) => (c.mechanism === 'unknown' ? [] : [c.mechanism]));
    const credentials = mechanisms.map((mechanism) => ({ mechanism, iterations: iterations ?? current.get(mechanism) ?? DEFAULT_ITERATIONS }));
    const password = given ?? (await readNewPassword(ctx, name, options));
    await ctx.out.spin(`changing the password of ${name}`, () => setUserPassword(client, name, password, credentials));
    const untouched = existing.credentials.filter((c) => !mechanisms.includes(c.mechanism as never));
    await ctx.out.print(userView({ name, credentials: [...credentials, ...untouched].sort((a, b) => a.mechanism.localeCompare(b.mechanism)) }, 'password changed'));
  },
});
