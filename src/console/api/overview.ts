import { clusterHealth, describeClusterInfo } from '../../kafka/admin/cluster.js';
import { listGroupIds } from '../../kafka/groups/list.js';
import { listUnits } from '../../kafka/ldc/units.js';
import type { Route } from './context.js';
import { topicRows } from './topics.js';

export const overviewRoutes: Route[] = [
  {
    // The page refreshes itself every few seconds; the cache makes that one set of requests however many tabs are open.
    method: 'GET', pattern: /^\/api\/overview$/, handler: (_request, context) => context.cache.get('overview', async () => {
      const client = await context.kafka();
      const [cluster, health, topics, groups] = await Promise.all([
        describeClusterInfo(client), clusterHealth(client), topicRows(context), context.cache.get('group-ids', () => listGroupIds(client)),
      ]);
      const visible = topics.filter((t) => !t.internal);
      return {
        cluster, health,
        totals: { brokers: cluster.brokers.length, topics: visible.length, partitions: visible.reduce((sum, t) => sum + t.partitions, 0), groups: groups.length },
      };
    }),
  },
  { method: 'GET', pattern: /^\/api\/units$/, handler: async (_request, context) => listUnits(await context.kafka()) },
];
