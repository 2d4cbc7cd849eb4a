import { readFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { usageError } from '../errors.js';

/**
 * Files the user names on the line. One kind of failure, one code: a file that cannot be read or
 * written is bad input (exit 2), whichever flag named it, and the message says which flag and why.
 */
export async function readInputFile(path: string, flag: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (error) {
    throw usageError(`${flag} ${path}: cannot read it (${reason(error)})`);
  }
}

/** The same, for parsers that run before anything async (they check the flags before the cluster). */
export function readInputFileSync(path: string, flag: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw usageError(`${flag} ${path}: cannot read it (${reason(error)})`);
  }
}

export async function writeOutputFile(path: string, text: string, flag: string, consequence = ''): Promise<void> {
  try {
    await writeFile(path, text, { mode: 0o600 });
  } catch (error) {
    throw usageError(`${flag} ${path}: cannot write it (${reason(error)})${consequence}`);
  }
}

function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  const known: Record<string, string> = { ENOENT: 'no such file or folder', EACCES: 'permission denied', EISDIR: 'it is a folder', ENOTDIR: 'a parent is not a folder' };
  return (code && known[code]) ?? code ?? (error as Error).message;
}
