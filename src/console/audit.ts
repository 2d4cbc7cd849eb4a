import { appendFile, chmod, mkdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** One change made through the console: who, when, what (the equivalent command line), result. */
export interface AuditEntry {
  at: string;
  /** The operating-system user running the console and the Kafka principal it acts as. */
  who: string;
  /** The equivalent `sofakafka ...` command line; secrets never appear in it (passwords go in on stdin). */
  what: string;
  result: 'ok' | 'failed';
  exitCode: number;
  message?: string;
}

/** The audit log lives beside the config file it belongs to, readable by its owner alone. */
export function auditLogPath(configPath: string): string {
  return join(dirname(configPath), 'console-audit.log');
}

/** Appends one JSON line. The file is created 0600 and kept so, even if someone widened it. */
export async function appendAudit(path: string, entry: AuditEntry): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  await appendFile(path, `${JSON.stringify(entry)}\n`, { mode: 0o600 });
  await chmod(path, 0o600);
}

/** Every entry, oldest first; a missing file is an empty log, a damaged line is skipped. */
export async function readAudit(path: string): Promise<AuditEntry[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const entries: AuditEntry[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      entries.push(JSON.parse(line) as AuditEntry);
    } catch {
      // A line cut by a crash mid-write says nothing reliable: leave it out.
    }
  }
  return entries;
}
