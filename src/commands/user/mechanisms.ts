import { parseCount } from '../../cli/parse.js';
import { usageError } from '../../errors.js';
import { MAX_ITERATIONS, type ScramMechanism, scramMechanisms, validateIterations } from '../../kafka/security/scram.js';
import type { ScramUser } from '../../kafka/security/users.js';
import { fields, table, type View } from '../../output/view.js';

/** Accepts SCRAM-SHA-512, scram-sha-512, sha-512 and 512 alike. */
export function parseScramMechanism(value: string): ScramMechanism {
  const normalized = value.trim().toUpperCase().replace(/^SCRAM-/, '').replace(/^SHA-?/, '');
  const mechanism = scramMechanisms.find((m) => m.endsWith(`-${normalized}`));
  if (!mechanism) throw usageError(`unknown SCRAM mechanism "${value}"`, `use ${scramMechanisms.join(' or ')}`);
  return mechanism;
}

/** --mechanism, repeatable and comma-separated; duplicates collapse. */
export function parseMechanisms(values: string[] | undefined): ScramMechanism[] | undefined {
  if (!values?.length) return undefined;
  const mechanisms = [...new Set(values.flatMap((v) => v.split(',')).filter((v) => v.trim()).map(parseScramMechanism))].sort();
  // `-m ""` must not mean "no credentials at all".
  if (!mechanisms.length) throw usageError(`--mechanism "${values.join(',')}" names no mechanism`, `use ${scramMechanisms.join(' or ')}`);
  return mechanisms;
}

export function parseIterations(value: string | undefined): number | undefined {
  return value === undefined ? undefined : validateIterations(parseCount(value, '--iterations', { max: MAX_ITERATIONS * 1000 }));
}

export const mechanismsText = (user: ScramUser) => user.credentials.map((c) => `${c.mechanism} (${c.iterations})`).join(', ');

/** One user, with a status for the commands that change it. Salts and salted passwords never appear: we never have them. */
export function userView(user: ScramUser, status?: string): View {
  return {
    data: status === undefined ? user : { ...user, status },
    blocks: [fields([['User', user.name], ['Mechanisms', mechanismsText(user)], ...(status === undefined ? [] : [['Status', status] as [string, string]])])],
  };
}

export function usersTable(users: ScramUser[], empty: string) {
  return table([
    { header: 'user', value: (u: ScramUser) => u.name },
    { header: 'mechanisms (iterations)', value: (u) => mechanismsText(u) },
  ], users, { empty });
}
