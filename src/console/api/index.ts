import type { Route } from './context.js';
import { groupRoutes } from './groups.js';
import { messageRoutes } from './messages.js';
import { overviewRoutes } from './overview.js';
import { routerRoutes } from './router.js';
import { securityRoutes } from './security.js';
import { topicRoutes } from './topics.js';

export const apiRoutes: Route[] = [
  ...overviewRoutes, ...topicRoutes, ...groupRoutes, ...messageRoutes, ...securityRoutes, ...routerRoutes,
  { method: 'GET', pattern: /^\/api\/audit$/, handler: async (_request, context) => (await context.auditLog()).reverse() },
  { method: 'GET', pattern: /^\/api\/session$/, handler: async (_request, context) => ({ who: context.who }) },
];
