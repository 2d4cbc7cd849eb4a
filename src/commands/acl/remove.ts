import { defineCommand, examples } from '../../cli/types.js';
import { notFoundError, usageError } from '../../errors.js';
import { deleteAcls, describeAcls } from '../../kafka/security/acls.js';
import { addResourceOptions, aclTable } from './shared.js';
import { queriesFromFlags, type QueryOptions } from './query.js';

interface Options extends QueryOptions {
  yes: boolean;
  ifExists: boolean;
}

export default defineCommand<Options>({
  changes: true,
  configure(command) {
    command
      .option('--principal <principal>', 'bindings of this principal, User:NAME')
      .option('--operation <op>', 'bindings for this operation')
      .option('--permission <allow|deny>', 'only allow or only deny bindings')
      .option('--host <host>', 'bindings for this host')
      .option('-y, --yes', 'do not ask for confirmation (needed when not on a terminal)', false)
      .option('--if-exists', 'succeed when nothing matches', false);
    addResourceOptions(command, 'any (default), literal or prefixed')
      .addHelpText('after', examples(
        ['sofakafka acl remove --principal User:app-orders --topic orders', 'shows the matching bindings, then asks'],
        ['sofakafka acl remove --principal User:intern --yes', 'every binding of one user, in a script'],
      ));
  },
  async run(ctx, _args, options) {
    const named = options.principal ?? options.topic ?? options.group ?? options.transactionalId ?? (options.cluster || undefined);
    if (named === undefined) throw usageError('name a --principal or a resource to remove bindings for', 'to see every binding first: `sofakafka acl list`');
    if (options.pattern && /^match$/i.test(options.pattern)) throw usageError('acl remove takes --pattern any, literal or prefixed', 'match would sweep in wildcard bindings that govern other resources too');
    const client = await ctx.kafka();
    const matched = await describeAcls(client, queriesFromFlags(options, 'Any'));
    if (!matched.length) {
      if (options.ifExists) {
        ctx.out.info('no ACL binding matches; nothing removed');
        await ctx.out.print({ data: [], blocks: [] });
        return;
      }
      throw notFoundError('no ACL binding matches; nothing was removed', '`sofakafka acl list` shows the bindings, or pass --if-exists');
    }
    // People see what will go before they answer; scripts get the removed bindings as data afterwards.
    if (!ctx.out.machineReadable) await ctx.out.print({ data: matched, blocks: [aclTable(matched, '')] });
    await ctx.out.confirm(`Remove these ${matched.length} ACL binding${matched.length > 1 ? 's' : ''}?`, { yes: options.yes, action: 'remove ACL bindings' });
    const removed = await deleteAcls(client, matched);
    ctx.out.success(`removed ${removed} ACL binding${removed === 1 ? '' : 's'}`);
    if (ctx.out.machineReadable) await ctx.out.print({ data: matched, blocks: [] });
  },
});
