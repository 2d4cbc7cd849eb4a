import { spawn } from 'node:child_process';

export interface ExecResult {
  code: number | null;
  output: string;
}

/**
 * The environment a child process (java, mvn, openssl) gets: ours without the password a user may
 * have put in SOFAKAFKA_PASSWORD, which /proc/<pid>/environ would show for the child's lifetime.
 */
export function childEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => name !== 'SOFAKAFKA_PASSWORD'));
}

/** Runs a program to completion, collecting stdout and stderr together. ENOENT comes back as code null. */
export function execCollect(command: string, args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<ExecResult> {
  return new Promise((resolve) => {
    let output = '';
    const child = spawn(command, args, { env: childEnv(options.env), cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', (error: NodeJS.ErrnoException) => resolve({ code: null, output: error.code ?? error.message }));
    child.on('close', (code) => resolve({ code, output }));
  });
}
