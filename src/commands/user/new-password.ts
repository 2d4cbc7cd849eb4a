import type { Command } from 'commander';
import type { CommandContext } from '../../cli/types.js';
import { readPasswordFile } from '../../config/connection.js';
import { usageError } from '../../errors.js';

/**
 * Where a new user's password comes from: a file, stdin, or a prompt asked twice. Never a flag value
 * (it would sit in shell history and `ps`). The global --password-file is the caller's own password,
 * hence the distinct --new-password-file.
 */
export interface NewPasswordOptions {
  newPasswordFile?: string;
  passwordStdin: boolean;
}

export function addNewPasswordOptions(command: Command): Command {
  return command
    .option('--new-password-file <file>', "read the user's password from a file (one trailing newline is ignored)")
    .option('--password-stdin', "read the user's password from stdin", false);
}

export async function readNewPassword(ctx: CommandContext, user: string, options: NewPasswordOptions): Promise<string> {
  if (options.newPasswordFile && options.passwordStdin) throw usageError('pass either --new-password-file or --password-stdin, not both');
  let password: string;
  if (options.newPasswordFile) password = await readPasswordFile(options.newPasswordFile);
  else if (options.passwordStdin) password = (await readAll(ctx.io.stdin)).replace(/\r?\n$/, '');
  else if (ctx.out.interactive) password = await ctx.out.promptSecret(`New password for ${user}:`, { confirm: true });
  else throw usageError(`a password for "${user}" is needed and there is no terminal to ask on`, 'pass --new-password-file FILE or --password-stdin');
  if (password === '') throw usageError(`the password for "${user}" is empty; nothing was changed`);
  return password;
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8');
}

/** Kafka rejects an empty user name; a name with spaces or control characters is a typo more often than not. */
export function validateUserName(name: string): string {
  if (name === '') throw usageError('a user name cannot be empty');
  if (/[\s\p{Cc}]/u.test(name)) throw usageError(`user name "${name}" contains whitespace or a control character`);
  if (name.startsWith('User:')) throw usageError(`give the user name without "User:" (that prefix is for ACL principals): ${name.slice(5)}`);
  return name;
}
