import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { inject } from 'vitest';
import type { Io } from '../../src/io.js';
import { run } from '../../src/main.js';
import { runProcess } from './run-process.js';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Where the console tests put their screenshots and figures: docs/console/ with
 * SOFAKAFKA_UPDATE_DOCS=1 (`npm run docs:console`), a scratch folder otherwise, so a test run
 * leaves the working tree as it found it.
 */
export function consoleShotsDir(): string {
  const dir = process.env.SOFAKAFKA_UPDATE_DOCS === '1' ? join(repoRoot, 'docs', 'console') : join(tmpdir(), 'sofakafka-console-shots');
  mkdirSync(dir, { recursive: true });
  return dir;
}
export const binPath = fileURLToPath(new URL('../../bin/sofakafka.js', import.meta.url));

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  json<T = unknown>(): T;
}

/** The shared cluster globalSetup started: its config file (with the admin context), ports and jars. */
export function sharedCluster() {
  return inject('cluster');
}

/** The environment a test command runs with: the shared cluster's config, no colour, not CI-interactive. */
export function clusterEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const cluster = sharedCluster();
  return { PATH: process.env.PATH, HOME: process.env.HOME, SOFAKAFKA_CONFIG: cluster.configPath, ...extra };
}

/** Runs sofakafka in-process, as bin/ would, with captured streams. */
export async function cli(argv: string[], options: { env?: NodeJS.ProcessEnv; stdin?: string } = {}): Promise<CliResult> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const stdin = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk) => (out += chunk));
  stderr.on('data', (chunk) => (err += chunk));
  if (options.stdin !== undefined) stdin.end(options.stdin);
  else stdin.end();
  const io: Io = { stdout, stderr, stdin, env: options.env ?? clusterEnv() };
  const code = await run(argv, io);
  return result(code, out, err);
}

/** Runs the built binary in a child process: for exit codes, pure stdout and start-up behaviour. */
export async function spawnCli(argv: string[], options: { env?: NodeJS.ProcessEnv; stdin?: string; timeoutMs?: number } = {}): Promise<CliResult> {
  const { code, stdout, stderr } = await runProcess(process.execPath, [binPath, ...argv], {
    env: options.env ?? clusterEnv(),
    ...(options.stdin === undefined ? {} : { stdin: options.stdin }),
    timeoutMs: options.timeoutMs ?? 120_000,
  });
  return result(code, stdout, stderr);
}

function result(code: number, stdout: string, stderr: string): CliResult {
  return {
    code,
    stdout,
    stderr,
    json<T>() {
      try {
        return JSON.parse(stdout) as T;
      } catch {
        throw new Error(`stdout is not JSON (exit ${code}):\n${stdout}\nstderr:\n${stderr}`);
      }
    },
  };
}

let counter = 0;
/** A topic/group name no other test uses. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${counter++}`;
}
