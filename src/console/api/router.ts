import { change, type Route, read } from './context.js';

export const routerRoutes: Route[] = [
  { method: 'GET', pattern: /^\/api\/router\/rules$/, handler: (_request, context) => read(context, ['router', 'rule', 'list']) },
  { method: 'GET', pattern: /^\/api\/router\/status$/, handler: ({ query }, context) => read(context, ['router', 'status', '--ns', query.get('ns') ?? '']) },
  {
    method: 'POST', pattern: /^\/api\/router\/rules\/([^/]+)\/(enable|disable)$/,
    handler: ({ params }, context) => change(context, ['router', 'rule', params[1]!, '--', params[0]!]),
  },
];
