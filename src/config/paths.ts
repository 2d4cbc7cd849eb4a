import { homedir } from 'node:os';
import { join } from 'node:path';

/** XDG base directories (the spec's three lines), with SOFAKAFKA_* overrides for tests and CI. */
export function configFilePath(env: NodeJS.ProcessEnv): string {
  if (env.SOFAKAFKA_CONFIG) return env.SOFAKAFKA_CONFIG;
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'sofakafka', 'config.yaml');
}

export function dataHome(env: NodeJS.ProcessEnv): string {
  return join(env.XDG_DATA_HOME || join(homedir(), '.local', 'share'), 'sofakafka');
}

export function cacheHome(env: NodeJS.ProcessEnv): string {
  if (env.SOFAKAFKA_CACHE_DIR) return env.SOFAKAFKA_CACHE_DIR;
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'sofakafka');
}
