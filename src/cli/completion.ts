import type { NameKind } from './types.js';

/**
 * Shell completion as a pure function: the words on the line (and the one being typed) against the
 * command tree, to what can come next. Names from the cluster or the config are asked for, not
 * fetched: the caller fetches them, bounded, and only when they are the answer.
 */

export interface OptionSpec {
  /** As typed: `-t`, `--topic`. */
  flags: string[];
  description: string;
  /** commander's attribute name (`bootstrapServer` for --bootstrap-server): how connection flags are read back. */
  key: string;
  takesValue: boolean;
  values?: NameKind | 'file' | 'dir' | string[] | undefined;
}

export interface CommandSpec {
  name: string;
  /** Other names it answers to (`rm`, `ls`): followed on the line, never offered. */
  aliases?: string[];
  description: string;
  children: CommandSpec[];
  /** A leaf's own flags; undefined until its module has been loaded. */
  options?: OptionSpec[] | undefined;
  operands?: { values: NameKind | string[] | undefined; variadic: boolean } | undefined;
}

export interface Candidate {
  value: string;
  description?: string | undefined;
}

export type Completion =
  | { kind: 'candidates'; candidates: Candidate[] }
  /** Names of this kind starting with `prefix`, each written after `lead` (`--topic=`), leaving out those already on the line. */
  | { kind: 'names'; names: NameKind; prefix: string; lead: string; exclude: string[] }
  | { kind: 'files' | 'dirs' };

interface Walk {
  path: CommandSpec[];
  operands: string[];
  /** Option values seen on the line, by attribute name: --context and -b pick the cluster names come from. */
  flags: Record<string, string | true>;
  /** The option whose value is the word being completed. */
  pending?: OptionSpec | undefined;
  afterDoubleDash: boolean;
}

const noCandidates: Completion = { kind: 'candidates', candidates: [] };

/** The command the words name so far: its module must be loaded before `complete` can offer its flags. */
export function commandAt(root: CommandSpec, globals: OptionSpec[], words: string[]): CommandSpec[] {
  return walk(root, globals, words.slice(0, -1)).path;
}

/** `words` are those after the program name; the last is the one being completed (empty right after a space). */
export function complete(root: CommandSpec, globals: OptionSpec[], words: string[]): { completion: Completion; flags: Walk['flags'] } {
  const line = walk(root, globals, words.slice(0, -1));
  return { completion: completionFor(line, globals, words[words.length - 1] ?? ''), flags: line.flags };
}

function walk(root: CommandSpec, globals: OptionSpec[], words: string[]): Walk {
  const line: Walk = { path: [root], operands: [], flags: {}, afterDoubleDash: false };
  for (const word of words) {
    const command = line.path[line.path.length - 1]!;
    if (line.pending) {
      // bash splits `--topic=orders` into three words.
      if (word === '=') continue;
      line.flags[line.pending.key] = word;
      line.pending = undefined;
    } else if (line.afterDoubleDash) {
      line.operands.push(word);
    } else if (word === '--') {
      line.afterDoubleDash = true;
    } else if (word.startsWith('-') && word !== '-') {
      readOption(line, optionsOf(command, globals), word);
    } else {
      const child = command.children.find((c) => c.name === word || c.aliases?.includes(word));
      if (child && line.operands.length === 0) line.path.push(child);
      else line.operands.push(word);
    }
  }
  return line;
}

function readOption(line: Walk, options: OptionSpec[], word: string): void {
  const [flag, attached] = splitAttached(word);
  const option = options.find((o) => o.flags.includes(flag));
  if (!option) return;
  if (!option.takesValue) line.flags[option.key] = true;
  else if (attached !== undefined) line.flags[option.key] = attached;
  else line.pending = option;
}

/** `--topic=orders` and `-torders` carry their value; `-t` and `--topic` wait for the next word. */
function splitAttached(word: string): [flag: string, value: string | undefined] {
  if (word.startsWith('--')) {
    const equals = word.indexOf('=');
    return equals < 0 ? [word, undefined] : [word.slice(0, equals), word.slice(equals + 1)];
  }
  return word.length > 2 ? [word.slice(0, 2), word.slice(2)] : [word, undefined];
}

function completionFor(line: Walk, globals: OptionSpec[], current: string): Completion {
  const command = line.path[line.path.length - 1]!;
  if (line.pending) return valuesOf(line.pending, current === '=' ? '' : current, '', line);
  if (!line.afterDoubleDash && current.startsWith('--') && current.includes('=')) {
    const [flag, prefix] = splitAttached(current);
    const option = optionsOf(command, globals).find((o) => o.flags.includes(flag));
    return option?.takesValue ? valuesOf(option, prefix ?? '', `${flag}=`, line) : noCandidates;
  }
  if (!line.afterDoubleDash && current.startsWith('-')) {
    const offered = optionsOf(command, globals).filter((o) => command === line.path[0] || o.key !== 'version');
    return candidates(offered.flatMap((o) => o.flags.filter((f) => f.startsWith('--') || o.flags.length === 1).map((f) => ({ value: f, description: o.description }))), current);
  }
  if (command.children.length && line.operands.length === 0) {
    return candidates(command.children.map((c) => ({ value: c.name, description: c.description })), current);
  }
  const operands = command.operands;
  if (!operands || (!operands.variadic && line.operands.length > 0)) return noCandidates;
  return valuesOf({ flags: [], description: '', key: '', takesValue: true, values: operands.values }, current, '', line);
}

function valuesOf(option: OptionSpec, prefix: string, lead: string, line: Walk): Completion {
  const values = option.values;
  if (values === undefined) return noCandidates;
  if (Array.isArray(values)) return candidates(values.map((value) => ({ value: lead + value })), lead + prefix);
  if (values === 'file' || values === 'dir') return lead ? noCandidates : { kind: values === 'file' ? 'files' : 'dirs' };
  return { kind: 'names', names: values, prefix, lead, exclude: lead ? [] : line.operands };
}

function candidates(all: Candidate[], prefix: string): Completion {
  return { kind: 'candidates', candidates: all.filter((c) => c.value.startsWith(prefix)) };
}

/** A leaf's flags and the global ones, and --help everywhere. */
function optionsOf(command: CommandSpec, globals: OptionSpec[]): OptionSpec[] {
  return [...(command.options ?? []), ...globals, helpOption];
}

const helpOption: OptionSpec = { flags: ['-h', '--help'], description: 'display help for command', key: 'help', takesValue: false };

/** The lines `__complete` prints: `value` or `value<TAB>description`; `:files`/`:dirs` asks the shell to complete paths. */
export function completionLines(completion: Completion, names: string[] = []): string[] {
  switch (completion.kind) {
    case 'files':
    case 'dirs':
      return [`:${completion.kind}`];
    case 'candidates':
      return completion.candidates.map((c) => (c.description ? `${c.value}\t${oneLine(c.description)}` : c.value));
    case 'names':
      return names.filter((n) => n.startsWith(completion.prefix) && !completion.exclude.includes(n)).map((n) => completion.lead + n);
  }
}

const oneLine = (text: string) => text.replace(/\s+/g, ' ');
