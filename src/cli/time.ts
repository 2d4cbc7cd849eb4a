import { usageError } from '../errors.js';
import { MAX_DATE_MS, parseDurationMs } from './duration.js';

const isoPattern = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * A point in time as operators type it, to epoch milliseconds:
 * - ISO-8601 with a zone: `2026-11-20T08:00:00Z`, `2026-11-20T16:00+08:00`;
 * - ISO-8601 without one: `2026-11-20T08:00:00`, `2026-11-20` — LOCAL time, as Kafka's own
 *   kafka-consumer-groups `--to-datetime` reads it (the JVM's default zone) and as `date` prints it;
 * - epoch milliseconds: `1795161600000`;
 * - relative to now: `-2h`, `2h ago`, `2h`, `90m ago`, `now`.
 */
export function parseTimeArg(value: string, flag: string, now: number = Date.now()): number {
  const ms = parseTime(value, flag, now);
  // Epoch 99999999999999999999 or "900000y ago" parse, but Date cannot hold them: printing one would be a RangeError.
  if (Math.abs(ms) > MAX_DATE_MS) throw usageError(`${flag}: "${value}" is out of range`, 'times reach from year -271821 to 275760');
  return ms;
}

function parseTime(value: string, flag: string, now: number): number {
  const text = value.trim();
  const hint = 'use ISO-8601 (2026-11-20T08:00:00Z, or without a zone for local time), epoch milliseconds, or a relative time such as -2h or "2h ago"';
  if (/^now$/i.test(text)) return now;
  if (/^\d+$/.test(text)) return Number(text);
  // "-2h", "2h ago" and (as msg query's --since reads it) a bare "2h" all mean two hours ago.
  const relative = /^-\s*(.+)$/.exec(text) ?? /^(.+?)\s+ago$/i.exec(text) ?? /^(\d+(?:\.\d+)?\s*[a-zµ]+(?:\s*\d+(?:\.\d+)?\s*[a-zµ]+)*)$/i.exec(text);
  if (relative) {
    if (/^\d+(\.\d+)?$/.test(relative[1]!.trim())) throw usageError(`${flag}: "${value}" needs a unit`, 'for example -2h, -30m or "3d ago"');
    try {
      return now - parseDurationMs(relative[1]!, flag, 'ms');
    } catch {
      throw usageError(`${flag}: "${value}" is not a time`, hint);
    }
  }
  const iso = isoPattern.exec(text);
  const ms = iso ? isoToEpoch(iso) : undefined;
  if (ms === undefined) throw usageError(`${flag}: "${value}" is not a time`, hint);
  return ms;
}

function isoToEpoch(match: RegExpExecArray): number | undefined {
  const [, y, mo, d, h = '0', mi = '0', s = '0', fraction = '0', zone] = match;
  const parts = [Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), Number(fraction.padEnd(3, '0').slice(0, 3))] as const;
  const [year, month, day, hour, minute, second] = parts;
  if (month > 11 || hour > 23 || minute > 59 || second > 59) return undefined;
  // Date rolls 31 February into March; a round trip through UTC catches impossible dates.
  const check = new Date(Date.UTC(year, month, day));
  if (check.getUTCMonth() !== month || check.getUTCDate() !== day) return undefined;
  if (!zone) return new Date(...parts).getTime();
  const utc = Date.UTC(...parts);
  if (/^z$/i.test(zone)) return utc;
  const zoneMatch = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone)!;
  const offsetMinutes = (Number(zoneMatch[2]) * 60 + Number(zoneMatch[3] ?? 0)) * (zoneMatch[1] === '-' ? -1 : 1);
  if (Number(zoneMatch[2]) > 23 || Number(zoneMatch[3] ?? 0) > 59) return undefined;
  return utc - offsetMinutes * 60_000;
}
