import { defineCommand, examples } from '../../cli/types.js';
import { collect } from '../../cli/parse.js';
import { type AclPermission, grantBindings } from '../../kafka/security/acl-bindings.js';
import { parseOperations, resourcesFromFlags, type ResourceFlags } from './flags.js';
import { createAcls } from '../../kafka/security/acls.js';
import { addResourceOptions, aclTable } from './shared.js';

interface Options extends ResourceFlags {
  allow?: string[];
  deny?: string[];
  host: string;
  operation?: string[];
  producer: boolean;
  consumer: boolean;
  idempotent: boolean;
}

export default defineCommand<Options>({
  changes: true,
  configure(command) {
    command
      .option('--allow <principal>', 'allow this principal, User:NAME (repeatable)', collect)
      .option('--deny <principal>', 'deny this principal, User:NAME (repeatable)', collect)
      .option('--host <host>', 'the client host the binding applies to', '*')
      .option('--operation <op>', 'Read, Write, Create, Delete, Alter, Describe, ClusterAction, DescribeConfigs, AlterConfigs, IdempotentWrite or All (repeatable, or comma-separated)', collect)
      .option('--producer', 'what a producer needs: Write, Describe, Create on the topics (Write, Describe on --transactional-id)', false)
      .option('--consumer', 'what a consumer needs: Read, Describe on the topics and Read on --group', false)
      .option('--idempotent', 'with --producer: IdempotentWrite on the cluster too (Kafka < 2.8 brokers need it)', false);
    addResourceOptions(command, 'literal (default) or prefixed: the names are prefixes').addHelpText('after', examples(
      ['sofakafka acl add --allow User:app-orders --operation Write --topic orders', 'one operation on one topic'],
      ['sofakafka acl add --allow User:app-orders --producer --topic orders- --pattern prefixed', 'a producer on every topic starting with orders-'],
      ['sofakafka acl add --allow User:billing --consumer --topic orders --group billing', 'a consumer in group billing'],
      ['sofakafka acl add --deny User:intern --operation All --topic payments', 'deny always wins over allow'],
    ));
  },
  async run(ctx, _args, options) {
    const principals = [
      ...(options.allow ?? []).map((principal) => ({ principal, permission: 'Allow' as AclPermission })),
      ...(options.deny ?? []).map((principal) => ({ principal, permission: 'Deny' as AclPermission })),
    ];
    const bindings = grantBindings({
      principals,
      host: options.host,
      operations: parseOperations(options.operation),
      resources: resourcesFromFlags(options),
      producer: options.producer,
      consumer: options.consumer,
      idempotent: options.idempotent,
    });
    await ctx.out.spin(`adding ${bindings.length} ACL binding${bindings.length > 1 ? 's' : ''}`, async () => createAcls(await ctx.kafka(), bindings));
    ctx.out.success(`added ${bindings.length} ACL binding${bindings.length > 1 ? 's' : ''}`);
    await ctx.out.print({ data: bindings, blocks: [aclTable(bindings, '')] });
  },
});
