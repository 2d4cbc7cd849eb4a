import type { KafkaClient } from '../client.js';
import type { InternalBroker } from '../protocol/internals.js';
import { requestGroupCoordinator } from '../protocol/kafkajs-requests.js';
import { isSilentBroker } from '../failover.js';

/**
 * FindCoordinator, asked of a broker that answers: one that does not within a read attempt
 * (frozen) is left for another, and "not available yet" (a fresh __consumer_offsets, a coordinator
 * that moved) is asked again, until --timeout. A named coordinator that does not answer either is
 * asked about again: after broker.session.timeout.ms the controller fences it and its partition
 * of __consumer_offsets gets a new leader, the new coordinator.
 */
export async function findCoordinator(client: KafkaClient, groupId: string): Promise<InternalBroker> {
  return client.call(`find the coordinator of group "${groupId}"`, () => client.rideThrough(async () => {
    const { nodeId } = await client.readFromAnyBroker((broker) => requestGroupCoordinator(broker, groupId));
    // Connecting is part of the attempt: a frozen coordinator accepts the connection and never
    // answers the login, and its partition of __consumer_offsets moves once the controller fences it.
    return client.readFromBroker(nodeId, async (broker) => broker);
  }));
}

const coordinatorMoved = new Set(['NOT_COORDINATOR_FOR_GROUP', 'GROUP_COORDINATOR_NOT_AVAILABLE', 'GROUP_LOAD_IN_PROGRESS']);

function isCoordinatorMoved(error: unknown): boolean {
  for (let e = error as { type?: string; cause?: unknown; originalError?: unknown } | undefined, depth = 0; e && depth < 10; depth++) {
    if (e.type && coordinatorMoved.has(e.type)) return true;
    e = (e.originalError ?? e.cause) as typeof e;
  }
  return false;
}

/**
 * Runs work against the group's coordinator, finding it again when the answer is "not the
 * coordinator" or "still loading": on a fresh cluster the first group request creates
 * __consumer_offsets, and a coordinator moves when a broker fails. `known` saves a FindCoordinator.
 */
export async function withCoordinator<T>(client: KafkaClient, groupId: string, work: (coordinator: InternalBroker) => Promise<T>, known?: InternalBroker): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    const coordinator = attempt === 0 && known ? known : await findCoordinator(client, groupId);
    try {
      return await work(coordinator);
    } catch (error) {
      if (isSilentBroker(error)) {
        client.log('group coordinator did not answer; finding it again', { groupId, coordinator: coordinator.nodeId });
        continue;
      }
      if (attempt >= 8 || !isCoordinatorMoved(error)) throw error;
      client.log('group coordinator not ready, retrying', { groupId, attempt });
      await new Promise((resolve) => setTimeout(resolve, Math.min(100 * 2 ** attempt, 2000)));
    }
  }
}
