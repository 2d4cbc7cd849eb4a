import { Command, Option } from 'commander';
import { describe, expect, it } from 'vitest';
import { commandAt, complete, completionLines, type Completion } from '../../src/cli/completion.js';
import { loadLeaf, optionSpecs, treeSpec } from '../../src/cli/completion-spec.js';
import { commandTree } from '../../src/commands/index.js';

// A few of the root program's flags, declared the way src/main.ts declares them.
const globals = optionSpecs(new Command('sofakafka')
  .version('1.0.0', '-V, --version')
  .addOption(new Option('-o, --output <format>', 'output format').choices(['table', 'json', 'yaml', 'ndjson']))
  .option('--context <name>', 'use this saved context')
  .option('-b, --bootstrap-server <hosts>', 'HOST:PORT list')
  .option('--password-file <file>', 'the SASL password')
  .option('--debug', 'show stacks').options);

/** What the shell would be offered for `sofakafka <words>`, with the command's module loaded as __complete does. */
async function offered(...words: string[]): Promise<Completion> {
  const root = treeSpec('sofakafka', commandTree);
  await loadLeaf(root, commandTree, commandAt(root, globals, words).slice(1).map((c) => c.name));
  return complete(root, globals, words).completion;
}

const values = (completion: Completion) => (completion.kind === 'candidates' ? completion.candidates.map((c) => c.value) : completion);

describe('completing commands', () => {
  it('offers every noun at the start, but not the hidden __complete', async () => {
    const nouns = values(await offered(''));
    expect(nouns).toEqual(['local', 'context', 'cluster', 'topic', 'user', 'acl', 'msg', 'group', 'offset', 'unit', 'router', 'perf', 'console', 'completion']);
    expect(values(await offered('to'))).toEqual(['topic']);
  });

  it('offers a noun\'s verbs with their summaries, past global flags and their values', async () => {
    expect(values(await offered('topic', 'd'))).toEqual(['describe', 'delete']);
    expect(values(await offered('--context', 'prod', '-o', 'json', 'topic', 'add'))).toEqual(['add-partitions']);
    const verbs = await offered('group', '');
    expect(verbs.kind === 'candidates' && verbs.candidates[0]).toEqual({ value: 'list', description: 'Every group with state, members, topics and total lag' });
  });

  it('offers nothing after an unknown word or where a leaf takes no names', async () => {
    expect(values(await offered('topc', ''))).toEqual([]);
    expect(values(await offered('topic', 'create', ''))).toEqual([]);
  });
});

describe('completing flags', () => {
  it('offers the command\'s own flags, then the global ones and --help, long forms only', async () => {
    const flags = values(await offered('topic', 'create', '--'));
    expect(flags).toEqual(expect.arrayContaining(['--partitions', '--replication-factor', '--config', '--if-not-exists', '--dry-run', '--output', '--context', '--help']));
    expect(flags).not.toContain('-p');
    expect(flags).not.toContain('--version');
    expect(values(await offered('topic', 'create', '--re'))).toEqual(['--replication-factor']);
    expect(values(await offered('--ve'))).toEqual(['--version']);
  });

  it('offers fixed choices, files and folders as flag values', async () => {
    expect(values(await offered('topic', 'list', '-o', ''))).toEqual(['table', 'json', 'yaml', 'ndjson']);
    expect(values(await offered('msg', 'send', '--mode', 's'))).toEqual(['sync']);
    expect(await offered('msg', 'send', '--file', '')).toEqual({ kind: 'files' });
    expect(await offered('--password-file', '')).toEqual({ kind: 'files' });
    expect(await offered('local', 'up', '--dir', '')).toEqual({ kind: 'dirs' });
    expect(values(await offered('topic', 'create', '--partitions', ''))).toEqual([]);
  });
});

describe('completing names from the cluster and the config', () => {
  const names = (kind: string, prefix = '', extra: object = {}) => ({ kind: 'names', names: kind, prefix, lead: '', exclude: [], ...extra });

  it('asks for topics after --topic/-t/--to and as the operand of topic describe/alter/delete/add-partitions', async () => {
    expect(await offered('msg', 'query', '--topic', 'or')).toEqual(names('topic', 'or'));
    expect(await offered('msg', 'send', '-t', '')).toEqual(names('topic'));
    expect(await offered('msg', 'resend', '--to', '')).toEqual(names('topic'));
    for (const verb of ['describe', 'alter', 'delete', 'add-partitions']) expect(await offered('topic', verb, '')).toEqual(names('topic'));
  });

  it('follows an alias (topic rm, context delete) as its command, and offers only the canonical verbs', async () => {
    expect(await offered('topic', 'rm', '')).toEqual(names('topic'));
    expect(await offered('context', 'delete', '')).toEqual(names('context'));
    expect(values(await offered('topic', 'r'))).toEqual([]);
  });

  it('leaves out names already on the line, and offers no second name where one is taken', async () => {
    expect(await offered('topic', 'delete', 'a', 'b', '')).toEqual(names('topic', '', { exclude: ['a', 'b'] }));
    expect(values(await offered('topic', 'alter', 'orders', ''))).toEqual([]);
  });

  it('asks for groups, users and contexts where they are the value', async () => {
    expect(await offered('offset', 'show', '-g', 'bi')).toEqual(names('group', 'bi'));
    expect(await offered('group', 'describe', '')).toEqual(names('group'));
    for (const verb of ['describe', 'delete', 'passwd']) expect(await offered('user', verb, '')).toEqual(names('user'));
    expect(await offered('--context', '')).toEqual(names('context'));
    for (const verb of ['use', 'show', 'remove']) expect(await offered('context', verb, 'lo')).toEqual(names('context', 'lo'));
    expect(values(await offered('completion', ''))).toEqual(['bash', 'zsh', 'fish']);
  });

  it('reads --topic=VALUE as zsh passes it and as bash splits it', async () => {
    expect(await offered('msg', 'query', '--topic=or')).toEqual(names('topic', 'or', { lead: '--topic=' }));
    expect(await offered('msg', 'query', '--topic', '=', 'or')).toEqual(names('topic', 'or'));
    expect(await offered('msg', 'query', '--topic', '=')).toEqual(names('topic'));
  });

  it('keeps the connection flags on the line, so names come from the cluster the line names', () => {
    const root = treeSpec('sofakafka', commandTree);
    const { flags } = complete(root, globals, ['--context', 'prod', '-b', 'h:9092', '--debug', 'topic', 'describe', '']);
    expect(flags).toEqual({ context: 'prod', bootstrapServer: 'h:9092', debug: true });
  });

  it('prints names with their lead, filtered by the prefix; candidates with their descriptions', () => {
    expect(completionLines({ kind: 'names', names: 'topic', prefix: 'or', lead: '--topic=', exclude: ['orders-b'] }, ['orders-a', 'orders-b', 'payments'])).toEqual(['--topic=orders-a']);
    expect(completionLines({ kind: 'candidates', candidates: [{ value: 'list', description: 'List\n topics' }, { value: 'x' }] })).toEqual(['list\tList topics', 'x']);
    expect(completionLines({ kind: 'files' })).toEqual([':files']);
  });
});
