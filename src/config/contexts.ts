import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
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
}

export interface ConfigFile {
  currentContext?: string;
  contexts: Record<string, ContextEntry>;
}

/** Reads the contexts file; a missing file is an empty configuration, a broken one is an error. */
export async function loadConfig(path: string): Promise<ConfigFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { contexts: {} };
    throw new CliError('environment', `cannot read config file ${path}: ${(error as Error).message}`);
  }
  const { parse } = await loadYaml();
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (error) {
    throw malformed(path, (error as Error).message.split('\n')[0] ?? 'not YAML');
  }
  return validateConfig(raw ?? {}, path);
}

function malformed(path: string, why: string): CliError {
  return new CliError('usage', `config file ${path} is malformed: ${why}`, {
    hint: 'fix or remove the file; `sofakafka context add` writes a valid one',
  });
}

function validateConfig(raw: unknown, path: string): ConfigFile {
  if (typeof raw !== 'object' || Array.isArray(raw)) throw malformed(path, 'expected a mapping at the top level');
  const { currentContext, contexts = {} } = raw as Record<string, unknown>;
  if (currentContext !== undefined && typeof currentContext !== 'string') throw malformed(path, 'currentContext must be a string');
  if (typeof contexts !== 'object' || contexts === null || Array.isArray(contexts)) throw malformed(path, 'contexts must be a mapping');
  for (const [name, entry] of Object.entries(contexts as Record<string, unknown>)) {
    const e = entry as Partial<ContextEntry> | null;
    if (!e || typeof e !== 'object' || !Array.isArray(e.bootstrapServers) || !e.bootstrapServers.every((s) => typeof s === 'string')) {
      throw malformed(path, `context "${name}" needs bootstrapServers as a list of host:port`);
    }
    if (e.sasl && (!saslMechanisms.includes(e.sasl.mechanism) || typeof e.sasl.username !== 'string')) {
      throw malformed(path, `context "${name}" has sasl without a known mechanism and a username`);
    }
  }
  return { ...(currentContext ? { currentContext } : {}), contexts: contexts as Record<string, ContextEntry> };
}

/** Writes atomically with mode 0600: the file may hold passwords. */
export async function saveConfig(path: string, config: ConfigFile): Promise<void> {
  const { stringify } = await loadYaml();
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, stringify(config), { mode: 0o600 });
  await chmod(temporary, 0o600);
  await rename(temporary, path);
}
