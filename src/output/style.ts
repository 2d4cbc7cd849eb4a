import { Chalk, type ChalkInstance } from 'chalk';

/**
 * Colour only for a terminal, unless the user says otherwise. NO_COLOR (any value) turns it off,
 * FORCE_COLOR turns it on (FORCE_COLOR=0 off), --no-color wins over both.
 */
export function colourEnabled(isTTY: boolean | undefined, env: NodeJS.ProcessEnv, noColorFlag: boolean): boolean {
  if (noColorFlag) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  return Boolean(isTTY) && env.TERM !== 'dumb';
}

export function makeChalk(enabled: boolean): ChalkInstance {
  return new Chalk({ level: enabled ? 1 : 0 });
}
