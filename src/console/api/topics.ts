import { nameFilter } from '../../kafka/admin/name-filter.js';
import { describeTopics } from '../../kafka/admin/topic-details.js';
import { fetchTopicMetadata } from '../../kafka/admin/topics.js';
import { ApiFailure } from '../http-errors.js';
import { type ApiContext, blankless, change, list, optional, page, repeated, type Route, text } from './context.js';

export interface TopicRow {
  name: string;
  partitions: number;
  replicationFactor: number;
  internal: boolean;
}

/** Every topic's name and shape, from one Metadata request kept a few seconds. */
export function topicRows(context: ApiContext): Promise<TopicRow[]> {
  return context.cache.get('topics', async () =>
    (await fetchTopicMetadata(await context.kafka(), undefined)).map((t) => ({
      name: t.name,
      partitions: t.partitions.length,
      replicationFactor: t.partitions[0]?.replicas.length ?? 0,
      internal: t.internal,
    })),
  );
}

export const topicRoutes: Route[] = [
  {
    method: 'GET', pattern: /^\/api\/topics$/, handler: async ({ query }, context) => {
      const matches = nameFilter(query.get('filter') ?? undefined);
      const internal = query.get('internal') === 'true';
      return page((await topicRows(context)).filter((t) => matches(t.name) && (internal || !t.internal)), query);
    },
  },
  {
    // The CLI's defaults (1 partition, RF 3 or the broker count, 3-day retention) apply to what the form leaves empty.
    method: 'POST', pattern: /^\/api\/topics$/, handler: ({ body }, context) => change(context, [
      'topic', 'create', ...optional('--partitions', blankless(text(body, 'partitions'))), ...optional('--replication-factor', blankless(text(body, 'replicationFactor'))),
      ...repeated('--config', list(body, 'configs')), '--', text(body, 'name') ?? '',
    ]),
  },
  {
    method: 'GET', pattern: /^\/api\/topics\/([^/]+)$/, handler: async ({ params }, context) => {
      const [details] = await describeTopics(await context.kafka(), [params[0]!], { allConfigs: true });
      return details;
    },
  },
  {
    // Only what the page changed: the configs it sets and those it returns to their default.
    method: 'PATCH', pattern: /^\/api\/topics\/([^/]+)\/configs$/, handler: ({ params, body }, context) => change(context, [
      'topic', 'alter', ...repeated('--config', list(body, 'set')), ...repeated('--delete-config', list(body, 'delete')), '--', params[0]!,
    ]),
  },
  {
    method: 'POST', pattern: /^\/api\/topics\/([^/]+)\/partitions$/, handler: ({ params, body }, context) => change(context, [
      'topic', 'add-partitions', '--partitions', text(body, 'partitions') ?? '', '--', params[0]!,
    ]),
  },
  {
    method: 'DELETE', pattern: /^\/api\/topics\/([^/]+)$/, handler: async ({ params, body }, context) => {
      // The page makes the operator type the name; the server holds it to that too.
      if (text(body, 'confirm') !== params[0]) throw new ApiFailure(400, `type the topic's name, "${params[0]}", to confirm; nothing was deleted`, { kind: 'usage', exitCode: 2 });
      return change(context, ['topic', 'delete', '--yes', '--', params[0]!]);
    },
  },
];
