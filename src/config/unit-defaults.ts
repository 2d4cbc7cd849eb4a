import { loadConfig } from './contexts.js';

/** Where a part of the unit came from, so an error can say which setting to fix. */
export type UnitSource = 'flag' | 'env' | 'context';

export interface UnitDefaults {
  ns?: { value: string; source: Exclude<UnitSource, 'flag'>; context?: string };
  cell?: { value: string; source: Exclude<UnitSource, 'flag'>; context?: string };
}

/**
 * The default LDC unit below the flags: SOFAKAFKA_NS / SOFAKAFKA_CELL, then the context's `ns` and
 * `cell` (the context --context, SOFAKAFKA_CONTEXT or the current one names). Reads only the
 * config file: nothing is connected, so bad input is refused before the cluster is touched.
 */
export async function resolveUnitDefaults(configPath: string, env: NodeJS.ProcessEnv, contextFlag: string | undefined): Promise<UnitDefaults> {
  const config = await loadConfig(configPath);
  const contextName = contextFlag ?? env.SOFAKAFKA_CONTEXT ?? config.currentContext;
  const context = contextName === undefined ? undefined : config.contexts[contextName];
  const defaults: UnitDefaults = {};
  for (const part of ['ns', 'cell'] as const) {
    const fromEnv = env[part === 'ns' ? 'SOFAKAFKA_NS' : 'SOFAKAFKA_CELL'];
    if (fromEnv) defaults[part] = { value: fromEnv, source: 'env' };
    else if (context?.[part] !== undefined) defaults[part] = { value: context[part], source: 'context', context: contextName! };
  }
  return defaults;
}
