import { oneOf } from '../../cli/aliases.js';
import { open, readFile, stat } from 'node:fs/promises';
import { Option } from 'commander';
import { defineCommand, examples } from '../../cli/types.js';
import { logPath } from '../../local/cluster.js';
import { defaultDataDir } from '../../local/options.js';
import { sleep } from '../../local/processes.js';
import { readState } from '../../local/state.js';
import { CliError, usageError } from '../../errors.js';

interface Options {
  dir?: string;
  node?: string;
  broker?: string;
  tail?: string;
  lines?: string;
  follow: boolean;
}

export default defineCommand<Options>({
  timeout: 'own',
  configure(command) {
    command
      .option('--dir <path>', 'data folder of the cluster')
      .option('--node <id>', 'which node (default: 1)')
      .addOption(new Option('--broker <id>', 'the same as --node').hideHelp())
      .option('--tail <n>', 'how many lines from the end (default: 50)')
      .addOption(new Option('--lines <n>', 'the same as --tail').hideHelp())
      .option('-f, --follow', 'keep printing new lines until Ctrl-C', false)
      .addHelpText('after', examples(['sofakafka local logs --tail 200', 'the last 200 lines of node 1'], ['sofakafka local logs --node 2 -f', 'follow node 2']));
  },
  async run(ctx, _args, options) {
    const dataDir = options.dir ?? defaultDataDir(ctx.io.env);
    const tail = oneOf([['--tail', options.tail], ['--lines', options.lines]])?.value ?? '50';
    const lines = Number(tail);
    if (!/^\d+$/.test(tail.trim()) || !Number.isInteger(lines)) throw usageError(`--tail "${tail}" is not a count`);
    const nodeId = oneOf([['--node', options.node], ['--broker', options.broker]])?.value ?? '1';
    const state = await readState(dataDir);
    if (!state) throw new CliError('notFound', `no local cluster in ${dataDir}`, { hint: 'start one with `sofakafka local up`' });
    const node = state.nodes.find((n) => String(n.id) === nodeId);
    if (!node) throw usageError(`--node ${nodeId}: the local cluster has nodes ${state.nodes.map((n) => n.id).join(', ')}`);
    const path = logPath(node);
    const text = await readFile(path, 'utf8').catch(() => '');
    const all = text.split('\n');
    if (all.at(-1) === '') all.pop();
    ctx.out.writeRaw(all.slice(Math.max(all.length - lines, 0)).map((line) => `${line}\n`).join(''));
    if (!options.follow) return;
    let position = Buffer.byteLength(text);
    for (;;) {
      await sleep(500);
      const size = (await stat(path).catch(() => ({ size: 0 }))).size;
      if (size < position) position = 0; // rolled over
      if (size === position) continue;
      const handle = await open(path, 'r');
      const chunk = Buffer.alloc(size - position);
      await handle.read(chunk, 0, chunk.length, position);
      await handle.close();
      position = size;
      ctx.out.writeRaw(chunk.toString('utf8'));
    }
  },
});
