import { usageError } from '../errors.js';

/** Collects a repeatable option into an array (commander's reducer). */
export const collect = (value: string, previous: string[] = []) => [...previous, value];

/**
 * "k=v" pairs, repeatable, into a record; the key must be non-empty. `example` is a pair that fits
 * the flag, for the hint (a header is not a topic config).
 */
export function parseKeyValues(items: string[] | undefined, flag: string, example: string): Record<string, string> {
  const pairs = (items ?? []).map((item): [string, string] => {
    const separator = item.indexOf('=');
    const key = item.slice(0, Math.max(separator, 0)).trim();
    if (separator < 0 || !key) throw usageError(`${flag} "${item}" is not KEY=VALUE`, `for example ${flag} ${example}`);
    return [key, item.slice(separator + 1)];
  });
  // fromEntries defines properties: a key such as "__proto__" is kept, not swallowed by a setter.
  return Object.fromEntries(pairs);
}

/** Kafka's partition numbers are int32. */
export const MAX_PARTITION = 2 ** 31 - 1;

export function parseCount(value: string | undefined, flag: string, options: { min?: number; max?: number } = {}): number {
  const min = options.min ?? 1;
  const n = Number(value);
  // 99999999999999999999 is digits, but not a number anything downstream can hold exactly.
  if (value === undefined || !/^-?\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min || (options.max !== undefined && n > options.max)) {
    const range = options.max !== undefined ? `from ${min} to ${options.max}` : `of at least ${min}`;
    throw usageError(`${flag} "${value}" must be a whole number ${range}`);
  }
  return n === 0 ? 0 : n; // not -0
}

/** Kafka's own rule for topic names (Topic.validate): 1-249 of [a-zA-Z0-9._-], not "." or "..". */
export function validateTopicName(name: string): void {
  if (name.length === 0) throw usageError('a topic name cannot be empty');
  if (name === '.' || name === '..') throw usageError(`"${name}" is not a legal topic name`);
  if (name.length > 249) throw usageError(`topic name is ${name.length} characters long; Kafka allows at most 249`);
  const bad = /[^a-zA-Z0-9._-]/.exec(name);
  if (bad) throw usageError(`topic name "${name}" contains "${bad[0]}"`, 'topic names may use letters, digits, ".", "_" and "-"');
}
