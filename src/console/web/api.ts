/** The console's JSON API, as the pages call it. A failure carries the CLI's one line and hint. */
export class ApiError extends Error {
  constructor(message: string, readonly status: number, readonly hint?: string) {
    super(message);
  }
}

export async function api<T>(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, given?: unknown): Promise<T> {
  // Every change is JSON, even one without fields: the server refuses anything else (see server.ts).
  const body = method === 'GET' ? undefined : given ?? {};
  const response = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const payload = (await response.json().catch(() => null)) as { error?: { message: string; hint?: string } } | null;
  if (!response.ok) throw new ApiError(payload?.error?.message ?? `${response.status} ${response.statusText}`, response.status, payload?.error?.hint);
  return payload as T;
}

/** A query string from a form's fields, leaving out the empty ones. */
export function queryString(fields: Record<string, string | string[] | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(fields)) {
    for (const item of Array.isArray(value) ? value : [value]) if (item !== undefined && item !== '') params.append(key, item);
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** What a change returns: the CLI command's JSON and its warnings. */
export interface Changed<T = unknown> {
  data: T;
  warnings: string[];
}
