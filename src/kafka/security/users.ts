import { CliError, type ErrorKind, isCliError } from '../../errors.js';
import { withAccessCheck } from './access-denied.js';
import type { KafkaClient } from '../client.js';
import { alterUserScramCredentials, type ScramDeletion, type ScramUpsertion } from '../protocol/alter-user-scram-credentials.js';
import { describeUserScramCredentials } from '../protocol/describe-user-scram-credentials.js';
import { mechanismFromType, mechanismType, newScramCredential, type ScramMechanism } from './scram.js';

/**
 * SCRAM users, through DescribeUserScramCredentials and AlterUserScramCredentials (KIP-554), which
 * kafkajs 2.2.4 lacks (see ./protocol/). A "user" is a name with at least one SCRAM credential.
 * Nothing here ever returns a salt or salted password: the broker doesn't describe them either.
 */
export interface UserCredential {
  mechanism: ScramMechanism | 'unknown';
  iterations: number;
}

export interface ScramUser {
  name: string;
  credentials: UserCredential[];
}

/** Kafka's error codes for these APIs that kafkajs 2.2.4 doesn't know (it stops at 88). */
const scramErrors: Record<number, { kind: ErrorKind; what: string }> = {
  31: { kind: 'authorization', what: 'cluster authorization failed' },
  33: { kind: 'rejected', what: 'the cluster does not enable this SASL mechanism' },
  35: { kind: 'rejected', what: 'the cluster does not support SCRAM credential management' },
  91: { kind: 'notFound', what: 'no such credential' },
  92: { kind: 'rejected', what: 'a user credential cannot be altered twice in one request' },
  93: { kind: 'rejected', what: 'the cluster did not accept the credential' },
};

function scramError(code: number, message: string | null, action: string): CliError {
  const known = scramErrors[code] ?? { kind: 'rejected' as const, what: `Kafka error code ${code}` };
  return new CliError(known.kind, `${action}: ${message ?? known.what}`);
}

/** Describes the named users (all users when names is undefined). Users without credentials are left out. */
export async function describeUsers(client: KafkaClient, names?: string[]): Promise<ScramUser[]> {
  const response = await withAccessCheck(client, 'Describe', 'the cluster', () =>
    client.call('describe SCRAM users', async () => {
      const reply = await describeUserScramCredentials(await client.anyBroker(), names);
      if (reply.errorCode !== 0) throw scramError(reply.errorCode, reply.errorMessage, 'describe SCRAM users');
      return reply;
    }),
  );
  const users: ScramUser[] = [];
  for (const result of response.results) {
    if (result.errorCode === 91) continue; // RESOURCE_NOT_FOUND: the user has no credential
    if (result.errorCode !== 0) throw scramError(result.errorCode, result.errorMessage, `describe user "${result.user}"`);
    users.push({
      name: result.user,
      credentials: result.credentials
        .map((c) => ({ mechanism: mechanismFromType(c.mechanism) ?? ('unknown' as const), iterations: c.iterations }))
        .sort((a, b) => a.mechanism.localeCompare(b.mechanism)),
    });
  }
  return users.sort((a, b) => a.name.localeCompare(b.name));
}

export async function describeUser(client: KafkaClient, name: string): Promise<ScramUser | undefined> {
  return (await describeUsers(client, [name]))[0];
}

/**
 * Sets a password for the user on each mechanism given (creating the user if it has none yet). Kafka's
 * controller takes one change per user per request, so each mechanism is its own request; if a later
 * one fails, the credentials this call created are removed again, so a new user is all or nothing.
 */
export async function setUserPassword(client: KafkaClient, name: string, password: string, mechanisms: Array<{ mechanism: ScramMechanism; iterations: number }>, options: { undoNew?: boolean } = {}): Promise<void> {
  const done: ScramDeletion[] = [];
  for (const { mechanism, iterations } of mechanisms) {
    const credential = await newScramCredential(password, mechanism, iterations);
    const upsertion = { name, mechanism: mechanismType(mechanism), iterations, salt: credential.salt, saltedPassword: credential.saltedPassword };
    try {
      await alterCredentials(client, [], [upsertion], `set the ${mechanism} password of "${name}"`);
    } catch (error) {
      if (options.undoNew && done.length) await alterCredentials(client, done, [], `undo creating "${name}"`).catch(() => undefined);
      throw error;
    }
    done.push({ name, mechanism: upsertion.mechanism });
  }
  if (options.undoNew) await untilVisible(client, name, mechanisms.map((m) => m.mechanism));
}

/** How long a new user's credentials may take to reach the brokers' metadata (Kafka 3.9 lags most). */
const VISIBLE_WITHIN_MS = 10_000;
const REFUSALS = new Set(['authorization', 'authentication']);

/**
 * The controller commits a credential before the brokers apply it: a script that creates a user and
 * logs in at once would be refused. Wait until the broker we ask shows every new mechanism.
 */
async function untilVisible(client: KafkaClient, name: string, mechanisms: ScramMechanism[]): Promise<void> {
  const deadline = Date.now() + VISIBLE_WITHIN_MS;
  while (Date.now() < deadline) {
    let user: ScramUser | undefined;
    try {
      user = await describeUser(client, name);
    } catch (error) {
      // A user who may alter credentials but not describe them: asking again will not help.
      if (isCliError(error) && REFUSALS.has(error.kind)) return;
    }
    if (user && mechanisms.every((m) => user.credentials.some((c) => c.mechanism === m))) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Removes every credential of each user: afterwards none of them can log in. Requests go in rounds
 * with at most one change per user each (the controller's rule), so two mechanisms take two requests.
 */
export async function deleteUsers(client: KafkaClient, users: ScramUser[]): Promise<void> {
  const perUser = users.map((user) => user.credentials.filter((c) => c.mechanism !== 'unknown').map((c) => ({ name: user.name, mechanism: mechanismType(c.mechanism as ScramMechanism) })));
  const rounds = Math.max(0, ...perUser.map((d) => d.length));
  for (let round = 0; round < rounds; round++) {
    const deletions = perUser.flatMap((d) => (d[round] ? [d[round]!] : []));
    await alterCredentials(client, deletions, [], `delete ${[...new Set(deletions.map((d) => `"${d.name}"`))].join(', ')}`);
  }
}

/** One AlterUserScramCredentials request; at most one change per user, or Kafka answers DUPLICATE_RESOURCE. */
async function alterCredentials(client: KafkaClient, deletions: ScramDeletion[], upsertions: ScramUpsertion[], action: string): Promise<void> {
  await withAccessCheck(client, 'Alter', 'the cluster', () =>
    client.call(action, async () => {
      // Kafka's admin client sends this to the controller; on KRaft the broker it reaches forwards it.
      const results = await alterUserScramCredentials(await client.controllerBroker(), deletions, upsertions);
      const failed = results.find((r) => r.errorCode !== 0);
      if (failed) throw scramError(failed.errorCode, failed.errorMessage, action);
    }),
  );
}
