import type { Command } from 'commander';
import { usageError } from '../errors.js';
import { collect } from './parse.js';

/**
 * The group is given the same way in every `group` and `offset` command: as the first argument
 * (`group describe billing`) or with -g/--group (`offset reset -g billing`), as Kafka's tools take it.
 */
export function groupArgument(command: Command, description: string, options: { many?: boolean } = {}): Command {
  return options.many
    ? command.argument('[groups...]', description).option('-g, --group <group>', `${description} (repeatable; same as the arguments)`, collect)
    : command.argument('[group]', description).option('-g, --group <group>', `${description} (same as the argument)`);
}

export function resolveGroup(positional: string | undefined, flag: string | undefined): string {
  if (positional !== undefined && flag !== undefined && positional !== flag) {
    throw usageError(`two groups given: "${positional}" and --group "${flag}"`, 'name the group once');
  }
  const group = positional ?? flag;
  if (group === undefined) throw usageError('which group? name it as an argument or with --group', 'see `sofakafka group list`');
  if (group === '') throw usageError('a group name cannot be empty');
  return group;
}

export function resolveGroups(positional: string[], flag: string[] | undefined): string[] {
  const groups = [...new Set([...positional, ...(flag ?? [])])];
  if (!groups.length) throw usageError('which groups? name them as arguments or with --group', 'see `sofakafka group list`');
  if (groups.includes('')) throw usageError('a group name cannot be empty');
  return groups;
}
