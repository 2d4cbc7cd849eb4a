import { blankless, change, list, optional, type Route, read, text } from './context.js';

/** The message locator every message page uses: topic, partition and offset, or a msg id. */
function locator(source: { get(name: string): string | undefined }): string[] {
  return [...optional('--topic', source.get('topic')), ...optional('--partition', source.get('partition')), ...optional('--offset', source.get('offset')), ...optional('--msg-id', source.get('msgId'))];
}

const fromQuery = (query: URLSearchParams) => ({ get: (name: string) => blankless(query.get(name) ?? undefined) });
const fromBody = (body: Record<string, unknown>) => ({ get: (name: string) => blankless(text(body, name)) });

export const messageRoutes: Route[] = [
  {
    // `msg query`'s filters, as typed: the CLI parses times, offsets and headers and refuses what it would refuse.
    method: 'GET', pattern: /^\/api\/messages$/, handler: ({ query }, context) => {
      const get = fromQuery(query).get;
      return read(context, ['msg', 'query', ...optional('--topic', query.get('topic') ?? ''), ...optional('--partition', get('partition')), ...optional('--offset', get('offset')),
        ...optional('--since', get('since')), ...optional('--until', get('until')), ...optional('--key', get('key')), ...optional('--msg-id', get('msgId')),
        ...optional('--grep', get('grep')), ...query.getAll('header').filter((h) => h !== '').flatMap((h) => ['--header', h]), '--count', get('count') ?? '500']);
    },
  },
  { method: 'GET', pattern: /^\/api\/messages\/trace$/, handler: ({ query }, context) => read(context, ['msg', 'trace', ...locator(fromQuery(query))]) },
  {
    method: 'POST', pattern: /^\/api\/messages$/, handler: ({ body }, context) => change(context, [
      'msg', 'send', '--mode', 'sync', '--topic', text(body, 'topic') ?? '', ...optional('--key', blankless(text(body, 'key'))),
      ...list(body, 'headers').filter((h) => h !== '').flatMap((h) => ['--header', h]), '--', text(body, 'value') ?? '',
    ]),
  },
  {
    method: 'POST', pattern: /^\/api\/messages\/resend$/, handler: ({ body }, context) => change(context, [
      'msg', 'resend', ...locator(fromBody(body)), ...optional('--to', blankless(text(body, 'to'))), '--yes',
    ]),
  },
];
