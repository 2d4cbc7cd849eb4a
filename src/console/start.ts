import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { userInfo } from 'node:os';
import { DEFAULT_TIMEOUT } from '../cli/execute.js';
import type { CommandContext } from '../cli/types.js';
import { Watchdog } from '../cli/watchdog.js';
import { describeClusterInfo } from '../kafka/admin/cluster.js';
import { environmentError } from '../errors.js';
import type { ApiContext } from './api/context.js';
import { LagSamplers } from './api/lag-samplers.js';
import { appendAudit, auditLogPath, readAudit } from './audit.js';
import { ConsoleAuth } from './auth.js';
import { BriefCache } from './cache.js';
import { cliRunner } from './cli-runner.js';
import { createConsoleServer } from './server.js';

export interface ServeOptions {
  port: number;
  host: string;
  open: boolean;
  tls?: { certFile: string; keyFile: string };
}

/** Metadata read for a page is kept this long: paging through 5,000 topics is one Metadata request. */
const CACHE_MS = 5000;

/**
 * Serves the console until Ctrl-C, then closes the server, its connections, the samplers and (in
 * executeCommand) the cluster client: nothing is left running or listening.
 */
export async function serveConsole(ctx: CommandContext, options: ServeOptions): Promise<number> {
  const connection = await ctx.connection();
  const client = await ctx.kafka();
  // The cluster answers before the console opens: an unreachable one is exit 6 now, not a page of errors later.
  const watchdog = new Watchdog(ctx.timeoutMs, ctx.globals.timeout ?? DEFAULT_TIMEOUT, 'none');
  try {
    await Promise.race([describeClusterInfo(client), watchdog.expired]);
  } finally {
    watchdog.stop();
  }
  const tls = options.tls ? { cert: await readFile(options.tls.certFile, 'utf8'), key: await readFile(options.tls.keyFile, 'utf8') } : undefined;
  const auditPath = auditLogPath(ctx.configPath);
  const samplers = new LagSamplers(async () => client);
  const api: ApiContext = {
    kafka: async () => client,
    cli: cliRunner(ctx.globals, ctx.io.env),
    cache: new BriefCache(CACHE_MS),
    samplers,
    who: `${osUser()} as User:${connection.sasl?.username ?? 'ANONYMOUS'}${connection.contextName ? ` (context ${connection.contextName})` : ''}`,
    audit: (entry) => appendAudit(auditPath, entry),
    auditLog: () => readAudit(auditPath),
  };
  const auth = new ConsoleAuth();
  const server = createConsoleServer({ auth, api, ...(tls ? { tls } : {}) });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => reject(environmentError(`cannot serve on ${options.host}:${options.port}: ${error.code ?? error.message}`, 'pick another --port, or --port 0 for any free one')));
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  const url = `${tls ? 'https' : 'http'}://${host}:${port}/?token=${auth.startToken}`;
  ctx.io.stdout.write(`${url}\n`);
  ctx.out.info(`sofakafka console for ${connection.contextName ? `context "${connection.contextName}"` : connection.brokers.join(',')}: open the URL above (it works once); Ctrl-C stops it`);
  ctx.out.info(`changes made in the console are logged to ${auditPath}`);
  if (options.open) openBrowser(url, (message) => ctx.out.warn(message));
  await new Promise<void>((resolve) => {
    if (ctx.signal.aborted) return resolve();
    ctx.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  samplers.close();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  ctx.out.info('console stopped');
  return 0;
}

function openBrowser(url: string, warn: (message: string) => void): void {
  const [command, args] = process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '', url]] : ['xdg-open', [url]];
  const child = spawn(command as string, args as string[], { detached: true, stdio: 'ignore' });
  child.on('error', () => warn(`could not open a browser (${command as string}); open the URL yourself`));
  child.unref();
}

/** The operating-system user for the audit log; a process without a passwd entry still has a uid. */
function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    return `uid ${process.getuid?.() ?? '?'}`;
  }
}
