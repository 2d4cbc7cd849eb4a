import { spawn } from 'node:child_process';

export interface ExecResult {
  code: number | null;
  output: string;
}

/** Runs a program to completion, collecting stdout and stderr together. ENOENT comes back as code null. */
export function execCollect(command: string, args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<ExecResult> {
  return new Promise((resolve) => {
    let output = '';
    const child = spawn(command, args, { env: options.env, cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', (error: NodeJS.ErrnoException) => resolve({ code: null, output: error.code ?? error.message }));
    child.on('close', (code) => resolve({ code, output }));
  });
}
