import { nameFilter } from '../../kafka/admin/name-filter.js';
import { listGroupIds, listGroupSummaries } from '../../kafka/groups/list.js';
import { describeGroup } from '../../kafka/groups/lag.js';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { change, list, type Route, read, text } from './context.js';

/** How a reset moves the offsets: the CLI's flags, one of them. */
const resetModes: Record<string, (value: string) => string[]> = {
  earliest: () => ['--to-earliest'],
  latest: () => ['--to-latest'],
  time: (value) => ['--time', value],
  offset: (value) => ['--to-offset', value],
  shift: (value) => ['--shift-by', value],
  duration: (value) => ['--by-duration', value],
};

export const groupRoutes: Route[] = [
  {
    // ListGroups (kept a few seconds) gives the names; only the page's groups are described and measured.
    method: 'GET', pattern: /^\/api\/groups$/, handler: async ({ query }, context) => {
      const matches = nameFilter(query.get('filter') ?? undefined);
      const ids = (await context.cache.get('group-ids', async () => listGroupIds(await context.kafka()))).filter(matches);
      const offset = Math.max(0, Number(query.get('offset') ?? 0) || 0);
      const limit = Math.min(200, Math.max(1, Number(query.get('limit') ?? 50) || 50));
      const shown = new Set(ids.slice(offset, offset + limit));
      const items = shown.size ? await context.cache.get(`groups:${[...shown].join('\n')}`, async () => listGroupSummaries(await context.kafka(), (id) => shown.has(id))) : [];
      return { total: ids.length, offset, limit, items };
    },
  },
  { method: 'GET', pattern: /^\/api\/groups\/([^/]+)$/, handler: async ({ params }, context) => describeGroup(await context.kafka(), params[0]!) },
  { method: 'GET', pattern: /^\/api\/groups\/([^/]+)\/lag-curve$/, handler: ({ params }, context) => context.samplers.curve(params[0]!) },
  {
    // Without `execute` a dry run: the plan, and the export document the CLI's --export would write.
    method: 'POST', pattern: /^\/api\/groups\/([^/]+)\/reset$/, handler: async ({ params, body }, context) => {
      const mode = resetModes[text(body, 'mode') ?? ''];
      const argv = ['offset', 'reset', '--group', params[0]!, ...(list(body, 'topics').length ? list(body, 'topics').flatMap((t) => ['--topic', t]) : ['--all-topics']),
        ...(mode ? mode(text(body, 'value') ?? '') : [])];
      if (body.execute === true) return change(context, [...argv, '--execute']);
      return withExport(async (file) => ({ ...(await read(context, [...argv, '--export', file])) as object, export: JSON.parse(await readFile(file, 'utf8')) as unknown }));
    },
  },
];

async function withExport<T>(work: (file: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'sofakafka-console-'));
  try {
    return await work(join(dir, 'plan.json'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

