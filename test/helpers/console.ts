import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { binPath, clusterEnv } from './cli.js';

export interface RunningConsole {
  child: ChildProcess;
  /** The URL `sofakafka console` printed, with its one-time token. */
  url: string;
  /** http://127.0.0.1:PORT, without the token. */
  base: string;
  stderr(): string;
  /** Ctrl-C, then the exit code. */
  stop(): Promise<number | null>;
}

/** Starts the built `sofakafka console` and waits for the URL it prints. */
export async function startConsole(args: string[] = [], env: NodeJS.ProcessEnv = clusterEnv()): Promise<RunningConsole> {
  const child = spawn(process.execPath, [binPath, 'console', '--port', '0', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr!.on('data', (chunk) => (err += chunk));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk) => {
      out += chunk;
      const line = /^(https?:\/\/\S+\?token=\S+)$/m.exec(out)?.[1];
      if (line) resolve(line);
    });
    child.once('exit', (code) => reject(new Error(`console exited (${code}) before printing its URL:\n${err}`)));
  });
  let exit: Promise<number | null> | undefined;
  return {
    child,
    url,
    base: url.slice(0, url.indexOf('/?token=')),
    stderr: () => err,
    stop() {
      exit ??= child.exitCode !== null ? Promise.resolve(child.exitCode) : (child.kill('SIGINT'), once(child, 'exit').then(([code]) => code as number | null));
      return exit;
    },
  };
}

/** Opens the console's URL and returns the session cookie it sets. */
export async function login(running: RunningConsole): Promise<string> {
  const response = await fetch(running.url, { redirect: 'manual' });
  const cookie = response.headers.get('set-cookie');
  if (response.status !== 303 || !cookie) throw new Error(`login failed: ${response.status}`);
  return cookie.split(';')[0]!;
}

/** Calls the console's API with a session cookie; returns the status and the parsed body. */
export interface ApiBody {
  error?: { message: string; hint?: string; exitCode: number; kind: string };
  data?: unknown;
  [key: string]: unknown;
}

export async function callApi<T = ApiBody>(running: RunningConsole, cookie: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const response = await fetch(`${running.base}${path}`, {
    method,
    headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as T };
}
