import { pbkdf2, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { usageError } from '../../errors.js';

/**
 * SCRAM credentials as Kafka stores them (KIP-554): the client computes the salted password, so the
 * broker never sees the clear one. SaltedPassword = Hi(password, salt, i) from RFC 5802, which is
 * PBKDF2 with HMAC-SHA-256/512 and a key as long as the hash (RFC 7677). Kafka takes the password's
 * UTF-8 bytes as they are (no SASLprep), as kafkajs's client does when it logs in.
 */
export const scramMechanisms = ['SCRAM-SHA-256', 'SCRAM-SHA-512'] as const;
export type ScramMechanism = (typeof scramMechanisms)[number];

/** Kafka's ScramMechanism: the type byte on the wire, the hash, and its output length. */
const mechanismInfo: Record<ScramMechanism, { type: number; hash: 'sha256' | 'sha512'; keyLength: number }> = {
  'SCRAM-SHA-256': { type: 1, hash: 'sha256', keyLength: 32 },
  'SCRAM-SHA-512': { type: 2, hash: 'sha512', keyLength: 64 },
};

/** Kafka's bounds (ScramMechanism.minIterations, and the controller's upper limit); kafka-configs defaults to the minimum. */
export const MIN_ITERATIONS = 4096;
export const MAX_ITERATIONS = 16384;
export const DEFAULT_ITERATIONS = MIN_ITERATIONS;

const SALT_BYTES = 32;

export interface ScramCredential {
  mechanism: ScramMechanism;
  iterations: number;
  salt: Buffer;
  saltedPassword: Buffer;
}

export function mechanismType(mechanism: ScramMechanism): number {
  return mechanismInfo[mechanism].type;
}

/** The mechanism for a type byte from the broker, or undefined for one we don't know (0 = unknown). */
export function mechanismFromType(type: number): ScramMechanism | undefined {
  return scramMechanisms.find((m) => mechanismInfo[m].type === type);
}

export function validateIterations(iterations: number): number {
  if (!Number.isInteger(iterations) || iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
    throw usageError(`--iterations ${iterations} is outside what Kafka accepts`, `use a whole number from ${MIN_ITERATIONS} to ${MAX_ITERATIONS}`);
  }
  return iterations;
}

const pbkdf2Async = promisify(pbkdf2);

/** Hi(password, salt, iterations) for the mechanism's hash. */
export async function saltPassword(password: string, salt: Buffer, iterations: number, mechanism: ScramMechanism): Promise<Buffer> {
  const { hash, keyLength } = mechanismInfo[mechanism];
  return pbkdf2Async(Buffer.from(password, 'utf8'), salt, iterations, keyLength, hash);
}

/** A fresh credential with a random salt, ready for AlterUserScramCredentials. */
export async function newScramCredential(password: string, mechanism: ScramMechanism, iterations = DEFAULT_ITERATIONS): Promise<ScramCredential> {
  if (password === '') throw usageError('the password is empty', 'choose a non-empty password');
  validateIterations(iterations);
  const salt = randomBytes(SALT_BYTES);
  return { mechanism, iterations, salt, saltedPassword: await saltPassword(password, salt, iterations, mechanism) };
}
