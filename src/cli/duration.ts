import parse from 'parse-duration';
import { usageError } from '../errors.js';

/** The furthest a JavaScript Date reaches (±273,790 years): beyond it a time cannot be printed. */
export const MAX_DATE_MS = 8.64e15;

/**
 * Durations as people type them: "30s", "2m", "1h30m", "500ms", "3d". A bare number is taken in
 * `bareUnit` (seconds unless said otherwise), since "--timeout 10" meaning 10 ms would surprise.
 */
export function parseDurationMs(value: string, flag: string, bareUnit: 'ms' | 's' = 's'): number {
  const text = value.trim();
  const ms = /^\d+(\.\d+)?$/.test(text) ? Number(text) * (bareUnit === 's' ? 1000 : 1) : /^[0-9.]/.test(text) ? parse(text) : undefined;
  if (ms === undefined || ms === null || !Number.isFinite(ms) || ms < 0) {
    throw usageError(`${flag}: "${value}" is not a duration`, 'use a number with a unit, such as 500ms, 30s, 2m, 1h or 3d');
  }
  // "500000000d" is a number, but no time can be that far from now: later code would print a RangeError.
  if (ms > MAX_DATE_MS) throw usageError(`${flag}: "${value}" is longer than any time can be (at most 100000000d)`);
  return ms;
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const s = ms / 1000;
  if (s < 60) return `${Number.isInteger(s) ? s : s.toFixed(1)}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${Math.round(s % 60) ? `${Math.round(s % 60)}s` : ''}`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h${m % 60 ? `${m % 60}m` : ''}`;
  return `${Math.floor(h / 24)}d${h % 24 ? `${h % 24}h` : ''}`;
}
