import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { apiRoutes } from './api/index.js';
import type { ApiContext } from './api/context.js';
import type { ConsoleAuth } from './auth.js';
import { ApiFailure } from './http-errors.js';

export interface ServerOptions {
  auth: ConsoleAuth;
  api: ApiContext;
  /** PEM certificate and key: HTTPS (required to listen beyond loopback unless --insecure-listen). */
  tls?: { cert: string; key: string };
}

const MAX_BODY = 1024 * 1024;
const contentTypes: Record<string, string> = { '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.svg': 'image/svg+xml' };

/** The front end's files (bundle/console/), beside the built server chunk, or in the repository's bundle/ when run from source. */
function assetsDir(): string {
  const candidates = [new URL('./console/', import.meta.url), new URL('../../bundle/console/', import.meta.url)].map((url) => fileURLToPath(url));
  return candidates.find((dir) => existsSync(join(dir, 'app.js'))) ?? candidates[0]!;
}

/**
 * The console's HTTP server: the page and its assets, the JSON API, and the door to both. Every
 * request needs the session cookie, except opening the URL with the start token, which sets it.
 */
export function createConsoleServer(options: ServerOptions): Server {
  const assets = assetsDir();
  const handle = (request: IncomingMessage, response: ServerResponse) => {
    void route(request, response, options, assets).catch((error: unknown) => sendJson(response, ApiFailure.from(error).status, ApiFailure.from(error).toJSON()));
  };
  return options.tls ? createHttpsServer({ cert: options.tls.cert, key: options.tls.key }, handle) : createHttpServer(handle);
}

async function route(request: IncomingMessage, response: ServerResponse, options: ServerOptions, assets: string): Promise<void> {
  setSecurityHeaders(response);
  const url = new URL(request.url ?? '/', 'http://console.invalid');
  // Browsers ask for it on their own; there is none, and asking needs no session.
  if (url.pathname === '/favicon.ico') return void response.writeHead(204).end();
  const token = url.searchParams.get('token');
  if (request.method === 'GET' && url.pathname === '/' && token !== null) {
    const session = options.auth.exchange(token);
    if (!session) return sendText(response, 401, 'This console link was already used or is wrong. Start `sofakafka console` again for a new one.');
    // The token leaves the address bar (and the history) at once.
    response.writeHead(303, { 'Set-Cookie': options.auth.cookieHeader(session, Boolean(options.tls)), Location: '/' });
    response.end();
    return;
  }
  if (!options.auth.session(request)) {
    return url.pathname.startsWith('/api/')
      ? sendJson(response, 401, { error: { message: 'no console session: open the URL with the token that `sofakafka console` printed', kind: 'authentication', exitCode: 4 } })
      : sendText(response, 401, 'No console session. Open the URL with the token that `sofakafka console` printed.');
  }
  if (url.pathname.startsWith('/api/')) return api(request, response, url, options.api);
  if (request.method !== 'GET') return sendText(response, 405, 'method not allowed');
  if (url.pathname === '/') return sendHtml(response);
  const file = /^\/assets\/(app\.js|app\.css)$/.exec(url.pathname)?.[1];
  if (!file) return sendText(response, 404, 'not found');
  const body = await readFile(join(assets, file));
  response.writeHead(200, { 'Content-Type': contentTypes[extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'no-cache' });
  response.end(body);
}

async function api(request: IncomingMessage, response: ServerResponse, url: URL, context: ApiContext): Promise<void> {
  // A form posted from another site cannot send JSON with this header without CORS, which the console never grants.
  if (request.method !== 'GET' && request.headers['content-type']?.split(';')[0] !== 'application/json') {
    return sendJson(response, 415, { error: { message: 'send JSON (Content-Type: application/json)', kind: 'usage', exitCode: 2 } });
  }
  for (const candidate of apiRoutes) {
    if (candidate.method !== request.method) continue;
    const match = candidate.pattern.exec(url.pathname);
    if (!match) continue;
    const body = request.method === 'GET' ? {} : await readJson(request);
    const params = match.slice(1).map((part) => decodeURIComponent(part));
    const result = await candidate.handler({ params, query: url.searchParams, body }, context);
    return sendJson(response, 200, result ?? null);
  }
  sendJson(response, 404, { error: { message: `no API ${request.method} ${url.pathname}`, kind: 'notFound', exitCode: 3 } });
}

async function readJson(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new ApiFailure(413, 'the request body is larger than 1 MB', { kind: 'usage', exitCode: 2 });
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text.trim()) return {};
  try {
    const parsed = JSON.parse(text) as unknown;
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // falls through to the refusal below
  }
  throw new ApiFailure(400, 'the request body is not a JSON object', { kind: 'usage', exitCode: 2 });
}

function setSecurityHeaders(response: ServerResponse): void {
  // Everything the page needs comes from this server: no CDN, no inline script, no framing.
  response.setHeader('Content-Security-Policy', "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
  response.setHeader('X-Content-Type-Options', 'nosniff');
  response.setHeader('Referrer-Policy', 'no-referrer');
  response.setHeader('Cache-Control', 'no-store');
}

function sendHtml(response: ServerResponse): void {
  response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
  response.end(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark"><title>sofakafka console</title>
<link rel="stylesheet" href="/assets/app.css"></head>
<body><div id="app"></div><script type="module" src="/assets/app.js"></script></body></html>
`);
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  if (response.headersSent) return void response.end();
  response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify(body));
}

function sendText(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
  response.end(`${text}\n`);
}
