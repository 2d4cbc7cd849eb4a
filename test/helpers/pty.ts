import { fileURLToPath } from 'node:url';
import { binPath, clusterEnv } from './cli.js';
import { runProcess } from './run-process.js';

const driver = fileURLToPath(new URL('./pty-driver.py', import.meta.url));

export interface PtyResult {
  code: number;
  /** What a person at the terminal saw (stderr and the echo of what they typed). */
  terminal: string;
  /** What went to stdout, which is a pipe: a prompt must never land here. */
  stdout: string;
  /** The first expected prompt that never appeared, if any. */
  unmet: string | null;
}

/**
 * Runs the built CLI with stdin and stderr on a pseudo-terminal (so it is interactive) and stdout
 * on a pipe (as in `-o json > plan.json`), answering each expected prompt in turn.
 */
export async function onTerminal(argv: string[], steps: Array<{ expect: string; send: string }>, env: NodeJS.ProcessEnv = clusterEnv()): Promise<PtyResult> {
  const spec = { argv: [process.execPath, binPath, ...argv], env: { TERM: 'xterm', ...env }, steps, timeout: 90 };
  const result = await runProcess('python3', [driver], { stdin: JSON.stringify(spec), timeoutMs: 120_000 });
  if (result.code !== 0) throw new Error(`the terminal driver failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as PtyResult;
}
