import { defineCommand, examples } from '../../cli/types.js';
import { collect } from '../../cli/parse.js';
import { CliError } from '../../errors.js';
import { DEFAULT_ITERATIONS, MAX_ITERATIONS, MIN_ITERATIONS } from '../../kafka/security/scram.js';
import { describeUser, setUserPassword } from '../../kafka/security/users.js';
import { parseIterations, parseMechanisms, userView } from './mechanisms.js';
import { addNewPasswordOptions, type NewPasswordOptions, readNewPassword, validateUserName } from './new-password.js';

interface Options extends NewPasswordOptions {
  mechanism?: string[];
  iterations?: string;
  ifNotExists: boolean;
}

export default defineCommand<Options>({
  changes: true,
  configure(command) {
    command
      .argument('<name>', 'the user name (its principal is User:NAME)')
      .option('-m, --mechanism <mechanism>', 'SCRAM-SHA-256 or SCRAM-SHA-512, repeatable (default: SCRAM-SHA-512)', collect)
      .option('--iterations <n>', `PBKDF2 iterations, ${MIN_ITERATIONS}-${MAX_ITERATIONS} (default: ${DEFAULT_ITERATIONS})`)
      .option('--if-not-exists', 'succeed, changing nothing, when the user already exists', false);
    addNewPasswordOptions(command).addHelpText('after', examples(
      ['sofakafka user create app-orders', 'asks for the password twice on a terminal'],
      ['sofakafka user create app-orders -m SCRAM-SHA-256 -m SCRAM-SHA-512 --new-password-file pw.txt', 'both mechanisms, password from a file'],
      ['vault read -field=pw secret/app | sofakafka user create app-orders --password-stdin --if-not-exists', 'from a pipe, idempotent'],
    )).addHelpText('after', 'The user logs in with SCRAM. PLAIN (`local up --with-plain`) has no user store in Kafka: it takes the local admin alone.\n');
  },
  async run(ctx, [nameArg], options) {
    const name = validateUserName(nameArg!);
    const mechanisms = parseMechanisms(options.mechanism) ?? ['SCRAM-SHA-512'];
    const iterations = parseIterations(options.iterations) ?? DEFAULT_ITERATIONS;
    // Read a piped or filed password before connecting, so bad input fails before anything else.
    const given = options.newPasswordFile || options.passwordStdin ? await readNewPassword(ctx, name, options) : undefined;
    const client = await ctx.kafka();
    const existing = await describeUser(client, name);
    if (existing) {
      if (options.ifNotExists) {
        await ctx.out.print(userView(existing, 'exists (unchanged)'));
        return;
      }
      throw new CliError('rejected', `user "${name}" already exists; nothing was changed`, { hint: 'pass --if-not-exists to accept that, or use `sofakafka user passwd` to change its password' });
    }
    const password = given ?? (await readNewPassword(ctx, name, options));
    const credentials = mechanisms.map((mechanism) => ({ mechanism, iterations }));
    await ctx.out.spin(`creating user ${name}`, () => setUserPassword(client, name, password, credentials, { undoNew: true }));
    await ctx.out.print(userView({ name, credentials }, 'created'));
  },
});
