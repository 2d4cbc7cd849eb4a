import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { binPath } from './cli.js';

/**
 * The built CLI with a slow reader on its stdout (each chunk, then a pause), so a stream lasts long
 * enough to be hit by a fault; `lines` counts the NDJSON lines read so far.
 */
export interface SlowChild {
  child: ChildProcessWithoutNullStreams;
  stdout(): string;
  stderr(): string;
  lines(): number;
  exited: Promise<number>;
  /**
   * Resolves once `condition` holds (checked every 20 ms) or the process has ended; throws after
   * `timeoutMs` with the lines read and the end of stderr, so a stalled stream says where it stalled.
   */
  until(condition: () => boolean, timeoutMs?: number): Promise<void>;
}

export function spawnSlow(args: string[], env: NodeJS.ProcessEnv, pauseMs: number): SlowChild {
  const child = spawn(process.execPath, [binPath, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  child.stdin.end();
  let stdout = '';
  let stderr = '';
  let lines = 0;
  child.stdout.on('data', (chunk: Buffer) => {
    const text = chunk.toString();
    stdout += text;
    lines += text.split('\n').length - 1;
    child.stdout.pause();
    setTimeout(() => child.stdout.resume(), pauseMs);
  });
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? -1)));
  let ended = false;
  void exited.then(() => (ended = true));
  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    lines: () => lines,
    exited,
    async until(condition, timeoutMs = 90_000) {
      const deadline = Date.now() + timeoutMs;
      while (!condition() && !ended) {
        if (Date.now() > deadline) throw new Error(`no progress for ${timeoutMs / 1000} s at ${lines} lines; stderr: ${stderr.trim().split('\n').slice(-5).join(' | ') || '(empty)'}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
  };
}
