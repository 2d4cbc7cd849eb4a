import { CliError, isCliError } from '../../errors.js';
import type { KafkaClient } from '../client.js';

/**
 * Kafka answers a missing right with an error code per resource type (CLUSTER_AUTHORIZATION_FAILED
 * and friends) but never names the principal or the operation. We know both: the principal is the
 * user we logged in as, the operation is the one the request needs. Say them, so the fix is obvious.
 */
export function callerPrincipal(client: KafkaClient): string {
  return client.connection.sasl ? `User:${client.connection.sasl.username}` : 'User:ANONYMOUS';
}

/** `resourceFlag` is how `acl add` names the resource (`--topic orders`); the cluster's is `--cluster`. */
export function accessDenied(client: KafkaClient, operation: string, resource: string, cause?: unknown, resourceFlag?: string): CliError {
  const principal = callerPrincipal(client);
  const kafkaSays = isCliError(cause) ? cause.message.replace(/^[^:]*: /, '') : 'authorization failed';
  const clusterFlag = resourceFlag ?? (resource === 'the cluster' ? '--cluster' : resource);
  return new CliError('authorization', `${principal} is not allowed to ${operation} ${resource} (Kafka: ${kafkaSays})`, {
    hint: `an admin can grant it: sofakafka acl add --allow ${principal} --operation ${operation} ${clusterFlag}`,
    cause,
  });
}

/** Runs work, turning an authorization failure into one that names principal, operation and resource. */
export async function withAccessCheck<T>(client: KafkaClient, operation: string, resource: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isCliError(error) && error.kind === 'authorization') throw accessDenied(client, operation, resource, error);
    throw error;
  }
}
