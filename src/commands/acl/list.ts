import { defineCommand, examples } from '../../cli/types.js';
import { describeAcls } from '../../kafka/security/acls.js';
import { addResourceOptions, aclTable } from './shared.js';
import { queriesFromFlags, type QueryOptions } from './query.js';

export default defineCommand<QueryOptions>({
  configure(command) {
    command
      .option('--principal <principal>', 'only bindings for this principal, User:NAME')
      .option('--operation <op>', 'only bindings for this operation')
      .option('--permission <allow|deny>', 'only allow or only deny bindings');
    addResourceOptions(command, 'any (default: literal and prefixed bindings on exactly that name), literal, prefixed, or match (every binding that applies to the named resource, wildcards and prefixes included)')
      .addHelpText('after', examples(
        ['sofakafka acl list', 'every binding in the cluster'],
        ['sofakafka acl list --principal User:app-orders', "one user's bindings"],
        ['sofakafka acl list --topic orders-eu --pattern match', 'everything that governs access to orders-eu'],
        ["sofakafka acl list -o json | jq '.[] | select(.permission == \"Deny\")'", 'deny bindings, for a script'],
      ));
  },
  async run(ctx, _args, options) {
    const queries = queriesFromFlags(options, 'Any');
    const bindings = await describeAcls(await ctx.kafka(), queries);
    await ctx.out.print({ data: bindings, blocks: [aclTable(bindings, 'no ACL bindings match')] });
  },
});
