import { join } from 'node:path';
import { cacheHome, dataHome } from '../config/paths.js';
import { usageError } from '../errors.js';

export const DEFAULT_BASE_PORT = 19092;

export const defaultDataDir = (env: NodeJS.ProcessEnv) => join(dataHome(env), 'local');
export const defaultCacheDir = (env: NodeJS.ProcessEnv) => cacheHome(env);

export function parseBrokerCount(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > 5) throw usageError(`--brokers "${value}" must be a whole number from 1 to 5`, 'use 1 (default) or 3');
  return n;
}

/** `portsPerNode`: client and controller, plus one with --tls. */
export function parsePort(value: string, brokers: number, portsPerNode = 2): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1024 || n + brokers * portsPerNode > 65535) {
    throw usageError(`--port "${value}" is not a usable first port`, `pick one from 1024 to ${65535 - brokers * portsPerNode}`);
  }
  return n;
}
