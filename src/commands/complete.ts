import type { Command } from 'commander';
import { commandAt, complete, completionLines } from '../cli/completion.js';
import { loadLeaf, optionSpecs, treeSpec } from '../cli/completion-spec.js';
import { type CommandContext, defineCommand, type NameKind } from '../cli/types.js';
import type { ConnectionFlags } from '../config/connection.js';
import { commandTree } from './index.js';

/** A Tab that takes longer than this offers nothing rather than keep the shell waiting. */
export const COMPLETION_BOUND_MS = 2000;

// The program this command hangs from, for the global flags: captured when it is configured.
let program: Command | undefined;

/**
 * `sofakafka __complete -- WORDS...`: what the shell scripts of `completion` call on Tab. Prints one
 * candidate a line (`value<TAB>description`), or `:files`/`:dirs`. Never prompts, never writes to
 * stderr, and exits 0 with nothing printed on any failure or after COMPLETION_BOUND_MS.
 */
export default defineCommand({
  timeout: 'own',
  configure(command) {
    program = command.parent ?? undefined;
    command.argument('[words...]', 'the words after the program name; the last is the one being completed');
  },
  async run(ctx, words) {
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), COMPLETION_BOUND_MS);
    try {
      const lines = await Promise.race([
        candidateLines(ctx, words.length ? words : [''], deadline.signal),
        new Promise<string[]>((resolve) => deadline.signal.addEventListener('abort', () => resolve([]))),
      ]);
      if (lines.length) ctx.out.writeRaw(`${lines.join('\n')}\n`);
    } catch {
      // A completion that fails offers nothing: the shell shows no candidates, and no error.
    } finally {
      clearTimeout(timer);
    }
  },
});

async function candidateLines(ctx: CommandContext, words: string[], deadline: AbortSignal): Promise<string[]> {
  const root = treeSpec('sofakafka', commandTree);
  const globals = optionSpecs(program?.options ?? []);
  await loadLeaf(root, commandTree, commandAt(root, globals, words).slice(1).map((c) => c.name));
  const { completion, flags } = complete(root, globals, words);
  if (completion.kind !== 'names') return completionLines(completion);
  const names = await namesOf(ctx, completion.names, flags as ConnectionFlags, deadline);
  // Internal topics (__consumer_offsets) only when asked for by their leading underscore.
  return completionLines(completion, names.filter((name) => !name.startsWith('__') || completion.prefix.startsWith('_')));
}

/** Topic, group and user names from the cluster the line points at (its --context, -b...); contexts from the config file. */
async function namesOf(ctx: CommandContext, kind: NameKind, flags: ConnectionFlags, deadline: AbortSignal): Promise<string[]> {
  if (kind === 'context') {
    const { loadConfig } = await import('../config/contexts.js');
    return Object.keys((await loadConfig(ctx.configPath)).contexts).sort();
  }
  const [{ resolveConnection }, { KafkaClient }] = await Promise.all([import('../config/connection.js'), import('../kafka/client.js')]);
  const connection = await resolveConnection({
    configPath: ctx.configPath,
    env: ctx.io.env,
    flags,
    promptSecret: () => Promise.reject(new Error('completion never asks for a password')),
  });
  // Each step (connect, authenticate, each request) gets half the bound and no second try, so a
  // cluster that hangs lets the process end soon after the deadline too.
  const client = await KafkaClient.connect(connection, { timeoutMs: COMPLETION_BOUND_MS / 2, retries: 0, log: () => undefined, clientId: 'sofakafka-completion' });
  // Past the deadline, drop the connection so nothing keeps the process alive.
  deadline.addEventListener('abort', () => void client.close());
  try {
    switch (kind) {
      case 'topic': {
        const { fetchTopicMetadata } = await import('../kafka/admin/topics.js');
        return (await fetchTopicMetadata(client, undefined)).map((t) => t.name);
      }
      case 'group': {
        const { listGroupIds } = await import('../kafka/groups/list.js');
        return listGroupIds(client);
      }
      case 'user': {
        const { describeUsers } = await import('../kafka/security/users.js');
        return (await describeUsers(client)).map((u) => u.name);
      }
    }
  } finally {
    await client.close();
  }
}
