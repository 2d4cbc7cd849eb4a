import { usageError } from '../errors.js';

/**
 * One value from flags that say the same thing (the spelling shown in help and the old or
 * Kafka-habit aliases kept hidden): giving two of them is a usage error, never a silent pick.
 */
export function oneOf(given: Array<[flag: string, value: string | undefined]>): { flag: string; value: string } | undefined {
  const present = given.filter((entry): entry is [string, string] => entry[1] !== undefined);
  if (present.length > 1) throw usageError(`${present.map(([flag]) => flag).join(' and ')} say the same thing: give one`);
  return present[0] && { flag: present[0][0], value: present[0][1] };
}
