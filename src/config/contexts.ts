import { chmod, mkdir, open, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { CliError } from '../errors.js';
import { loadYaml } from './yaml.js';

export const saslMechanisms = ['plain', 'scram-sha-256', 'scram-sha-512'] as const;
export type SaslMechanism = (typeof saslMechanisms)[number];

export interface ContextEntry {
  bootstrapServers: string[];
  sasl?: { mechanism: SaslMechanism; username: string; password?: string; passwordFile?: string };
  tls?: { enabled: boolean; caFile?: string; certFile?: string; keyFile?: string; insecure?: boolean };
  /** The data centre this client sits in, for local-first producing. */
  rack?: string;
  /** The default LDC unit of commands that take --ns/--cell (flags and SOFAKAFKA_NS/SOFAKAFKA_CELL win). */
  ns?: string;
  cell?: string;
}

export interface ConfigFile {
  currentContext?: string;
  contexts: Record<string, ContextEntry>;
}

/** Context names are what --context and SOFAKAFKA_CONTEXT carry: no spaces, quotes or YAML surprises. */
export function validateContextName(name: string, flag = 'context name'): string {
  if (!/^[A-Za-z0-9._-]{1,100}$/.test(name)) throw new CliError('usage', `${flag} "${name}" may use letters, digits, ".", "_" and "-" only`);
  return name;
}

/** Reads the contexts file; a missing file is an empty configuration, a broken one is an error. */
export async function loadConfig(path: string): Promise<ConfigFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return validateConfig({}, path);
    throw new CliError('environment', `cannot read config file ${path}: ${(error as Error).message}`);
  }
  const { parse } = await loadYaml();
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (error) {
    const line = (error as { linePos?: Array<{ line: number }> }).linePos?.[0]?.line;
    const why = ((error as Error).message.split('\n')[0] ?? 'not YAML').replace(/ at line \d+, column \d+:?$/, '');
    throw malformed(path, `${line ? `line ${line}: ` : ''}${why}`);
  }
  return validateConfig(raw, path);
}

function malformed(path: string, why: string): CliError {
  return new CliError('usage', `config file ${path} is malformed: ${why}`, {
    hint: 'fix or remove the file; `sofakafka context add` writes a valid one',
  });
}

/** The file's shape, checked field by field: later code reads these values without looking again. */
export function validateConfig(raw: unknown, path: string): ConfigFile {
  if (raw === null || raw === undefined) raw = {}; // an empty file
  if (typeof raw !== 'object' || Array.isArray(raw)) throw malformed(path, 'expected a mapping at the top level');
  const { currentContext, contexts = {} } = raw as Record<string, unknown>;
  if (currentContext !== undefined && typeof currentContext !== 'string') throw malformed(path, 'currentContext must be a string');
  if (typeof contexts !== 'object' || contexts === null || Array.isArray(contexts)) throw malformed(path, 'contexts must be a mapping');
  for (const [name, entry] of Object.entries(contexts as Record<string, unknown>)) validateContextEntry(entry, name, path);
  // No prototype: a context called "toString" or "__proto__" is looked up, stored and written like any other.
  const byName = Object.assign(Object.create(null) as Record<string, ContextEntry>, contexts);
  return { ...(currentContext ? { currentContext } : {}), contexts: byName };
}

function validateContextEntry(entry: unknown, name: string, path: string): void {
  const e = entry as Partial<ContextEntry> | null;
  const optional = (value: unknown, type: 'string' | 'boolean') => value === undefined || typeof value === type;
  if (!e || typeof e !== 'object' || !Array.isArray(e.bootstrapServers) || !e.bootstrapServers.every((s) => typeof s === 'string')) {
    throw malformed(path, `context "${name}" needs bootstrapServers as a list of host:port`);
  }
  if (e.sasl !== undefined && (!e.sasl || typeof e.sasl !== 'object' || !saslMechanisms.includes(e.sasl.mechanism) || typeof e.sasl.username !== 'string')) {
    throw malformed(path, `context "${name}" has sasl without a known mechanism and a username`);
  }
  if (e.sasl?.password !== undefined && typeof e.sasl.password !== 'string') {
    throw malformed(path, `context "${name}": the password must be a string (quote it: password: "${'…'}")`);
  }
  // A number here would reach readFile as a file descriptor.
  if (!optional(e.sasl?.passwordFile, 'string')) throw malformed(path, `context "${name}": passwordFile must be a path`);
  if (e.tls !== undefined) {
    const tls = e.tls as Record<string, unknown> | null;
    if (!tls || typeof tls !== 'object' || Array.isArray(tls)) throw malformed(path, `context "${name}": tls must be a mapping`);
    for (const field of ['caFile', 'certFile', 'keyFile'] as const) {
      if (!optional(tls[field], 'string')) throw malformed(path, `context "${name}": tls.${field} must be a path`);
    }
    for (const field of ['enabled', 'insecure'] as const) {
      if (!optional(tls[field], 'boolean')) throw malformed(path, `context "${name}": tls.${field} must be true or false`);
    }
    for (const part of ['ns', 'cell'] as const) {
      if (e[part] !== undefined && typeof e[part] !== 'string') throw malformed(path, `context "${name}": ${part} must be a string`);
    }
  }
  if (!optional(e.rack, 'string')) throw malformed(path, `context "${name}": rack must be a string`);
}

/**
 * Reads, changes and writes the file under a lock, so two commands at once (two `context add`)
 * both keep their change; a file that does not parse is reported and never overwritten.
 */
export async function updateConfig<T>(path: string, change: (config: ConfigFile) => T | Promise<T>): Promise<T> {
  const release = await lockConfig(path);
  try {
    const config = await loadConfig(path);
    const result = await change(config);
    await saveConfig(path, config);
    return result;
  } finally {
    await release();
  }
}

const LOCK_WAIT_MS = 10_000;
/** A lock older than this was left by a process that died mid-write. */
const STALE_LOCK_MS = 30_000;

async function lockConfig(path: string): Promise<() => Promise<void>> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const lock = `${path}.lock`;
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (let delay = 10; ; delay = Math.min(delay * 2, 200)) {
    try {
      const handle = await open(lock, 'wx', 0o600);
      await handle.writeFile(String(process.pid));
      await handle.close();
      return () => rm(lock, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw new CliError('environment', `cannot lock ${path}: ${(error as Error).message}`);
      const age = await stat(lock).then((s) => Date.now() - s.mtimeMs, () => 0);
      if (age > STALE_LOCK_MS) await rm(lock, { force: true });
      else if (Date.now() > deadline) throw new CliError('environment', `${path} is locked by another sofakafka (${lock})`, { hint: 'wait for it to finish, or remove the lock file if no sofakafka is running' });
      else await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

/** Writes atomically with mode 0600: the file may hold passwords. Callers that read first use updateConfig. */
export async function saveConfig(path: string, config: ConfigFile): Promise<void> {
  const { stringify } = await loadYaml();
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, stringify(config), { mode: 0o600 });
  await chmod(temporary, 0o600);
  await rename(temporary, path);
}
