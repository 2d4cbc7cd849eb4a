import type { Command } from 'commander';
import { collect } from '../../cli/parse.js';
import type { AclBinding } from '../../kafka/security/acl-bindings.js';
import { table } from '../../output/view.js';

/** --topic/--group/--cluster/--transactional-id and --pattern, shared by add, list and remove. */
export function addResourceOptions(command: Command, patternHelp: string): Command {
  return command
    .option('-t, --topic <name>', 'a topic (repeatable; * for every topic)', collect)
    .option('-g, --group <name>', 'a consumer group (repeatable; * for every group)', collect)
    .option('--cluster', 'the cluster itself', false)
    .option('--transactional-id <id>', 'a transactional id (repeatable)', collect)
    .option('--pattern <type>', patternHelp);
}

export function aclTable(bindings: AclBinding[], empty: string) {
  return table([
    { header: 'principal', value: (b: AclBinding) => b.principal },
    { header: 'permission', value: (b) => b.permission, tone: (b) => (b.permission === 'Deny' ? 'bad' : 'good') },
    { header: 'operation', value: (b) => b.operation },
    { header: 'resource', value: (b) => b.resourceType },
    { header: 'name', value: (b) => b.resourceName },
    { header: 'pattern', value: (b) => b.patternType, tone: (b) => (b.patternType === 'Prefixed' ? 'accent' : undefined) },
    { header: 'host', value: (b) => b.host },
  ], bindings, { empty });
}
