import type { CommandEntry } from '../../src/cli/types.js';
import { commandTree } from '../../src/commands/index.js';

/** Every runnable command of the tree, at any depth (`router rule add`), with its path of names. */
export function leafCommands(entries: CommandEntry[] = commandTree, path: string[] = []): Array<{ argv: string[]; entry: CommandEntry }> {
  return entries.flatMap((entry) => (entry.children ? leafCommands(entry.children, [...path, entry.name]) : [{ argv: [...path, entry.name], entry }]));
}
