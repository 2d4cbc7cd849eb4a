import { describeUsers } from '../../kafka/security/users.js';
import { blankless, change, list, optional, type Route, read, repeated, text } from './context.js';

/** The ACL filter flags `acl list` and `acl remove` share, from a query string or a form. */
function aclFilter(get: (name: string) => string | undefined, getAll: (name: string) => string[]): string[] {
  return [
    ...optional('--principal', blankless(get('principal'))), ...optional('--operation', blankless(get('operation'))), ...optional('--permission', blankless(get('permission'))),
    ...optional('--host', blankless(get('host'))), ...optional('--pattern', blankless(get('pattern'))),
    ...repeated('--topic', getAll('topic').filter((v) => v !== '')), ...repeated('--group', getAll('group').filter((v) => v !== '')),
    ...(get('cluster') === 'true' ? ['--cluster'] : []),
  ];
}

const bodyGetters = (body: Record<string, unknown>) => ({ get: (name: string) => text(body, name), getAll: (name: string) => list(body, name) });

export const securityRoutes: Route[] = [
  { method: 'GET', pattern: /^\/api\/users$/, handler: async (_request, context) => describeUsers(await context.kafka()) },
  {
    // The password goes to the command on stdin, as `--password-stdin`: never in a URL, an argument or the audit log.
    method: 'POST', pattern: /^\/api\/users$/, handler: ({ body }, context) => change(context, [
      'user', 'create', ...repeated('--mechanism', list(body, 'mechanisms')), '--password-stdin', '--', text(body, 'name') ?? '',
    ], { stdin: text(body, 'password') ?? '' }),
  },
  {
    method: 'POST', pattern: /^\/api\/users\/([^/]+)\/password$/, handler: ({ params, body }, context) =>
      change(context, ['user', 'passwd', '--password-stdin', '--', params[0]!], { stdin: text(body, 'password') ?? '' }),
  },
  { method: 'DELETE', pattern: /^\/api\/users\/([^/]+)$/, handler: ({ params }, context) => change(context, ['user', 'delete', '--yes', '--', params[0]!]) },
  { method: 'GET', pattern: /^\/api\/acls$/, handler: ({ query }, context) => read(context, ['acl', 'list', ...aclFilter((n) => query.get(n) ?? undefined, (n) => query.getAll(n))]) },
  {
    // --producer / --consumer are the CLI's shortcuts: the operations a producer or a consumer needs.
    method: 'POST', pattern: /^\/api\/acls$/, handler: ({ body }, context) => {
      const principal = text(body, 'principal') ?? '';
      const permission = text(body, 'permission') === 'deny' ? '--deny' : '--allow';
      const shortcut = text(body, 'shortcut');
      return change(context, [
        'acl', 'add', ...(principal === '' ? [] : [permission, principal]), ...(shortcut === 'producer' ? ['--producer'] : shortcut === 'consumer' ? ['--consumer'] : []),
        ...repeated('--operation', list(body, 'operations').filter((v) => v !== '')), ...optional('--host', blankless(text(body, 'host'))),
        ...optional('--pattern', blankless(text(body, 'pattern'))), ...repeated('--topic', list(body, 'topic').filter((v) => v !== '')),
        ...repeated('--group', list(body, 'group').filter((v) => v !== '')), ...(body.cluster === true ? ['--cluster'] : []),
      ]);
    },
  },
  {
    // Preview: what `acl list` finds with remove's filter (both send the same queries); then remove exactly that filter.
    method: 'POST', pattern: /^\/api\/acls\/remove$/, handler: ({ body }, context) => {
      const { get, getAll } = bodyGetters(body);
      const filter = aclFilter(get, getAll);
      return body.execute === true ? change(context, ['acl', 'remove', '--yes', ...filter]) : read(context, ['acl', 'list', ...filter]);
    },
  },
];
