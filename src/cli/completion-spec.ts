import { Command, type Option } from 'commander';
import type { CommandSpec, OptionSpec } from './completion.js';
import type { CommandEntry, CommandModule, NameKind } from './types.js';

/** Option values that are names on the cluster or in the config, by long flag, whichever command has them. */
const namedValues: Record<string, NameKind> = { '--topic': 'topic', '--to': 'topic', '--group': 'group', '--context': 'context' };

/** The command tree for completion: names and summaries; a leaf's flags are read when it is loaded. */
export function treeSpec(name: string, entries: CommandEntry[]): CommandSpec {
  return { name, description: '', children: entries.filter((e) => !e.hidden).map(entrySpec) };
}

function entrySpec(entry: CommandEntry): CommandSpec {
  return { name: entry.name, aliases: entry.aliases ?? [], description: entry.summary, children: (entry.children ?? []).filter((e) => !e.hidden).map(entrySpec) };
}

export function optionSpecs(options: readonly Option[]): OptionSpec[] {
  return options.filter((o) => !o.hidden).map((o) => ({
    flags: [o.short, o.long].filter((f): f is string => Boolean(f)),
    description: o.description,
    key: o.attributeName(),
    takesValue: o.required || o.optional,
    values: valuesOf(o),
  }));
}

function valuesOf(option: Option): OptionSpec['values'] {
  if (option.argChoices) return [...option.argChoices];
  if (option.long && namedValues[option.long]) return namedValues[option.long];
  if (option.long === '--dir') return 'dir';
  return /<(file|path)>/.test(option.flags) ? 'file' : undefined;
}

/**
 * Fills in the flags and operands of the leaf at `path` (names after the root) by configuring its
 * module on a scratch command: the module declares them, so completion never drifts from --help.
 */
export async function loadLeaf(root: CommandSpec, entries: CommandEntry[], path: string[]): Promise<void> {
  let entry: CommandEntry | undefined;
  let spec = root;
  for (const name of path) {
    entry = (entry?.children ?? entries).find((e) => e.name === name);
    spec = spec.children.find((c) => c.name === name)!;
  }
  if (!entry?.load || spec.options) return;
  const module = (await entry.load()).default as CommandModule<unknown>;
  const scratch = new Command(entry.name);
  module.configure(scratch);
  spec.options = optionSpecs(scratch.options);
  const argument = scratch.registeredArguments[0];
  if (argument) spec.operands = { values: argument.argChoices ? [...argument.argChoices] : module.operands, variadic: argument.variadic };
}
