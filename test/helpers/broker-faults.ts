import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Kafka } from 'kafkajs';
import { spawnCli, uniqueName } from './cli.js';
import type { OwnCluster } from './own-cluster.js';

/**
 * Broker faults on a test's own cluster: which broker plays which part (a partition's leader, the
 * first bootstrap address, a transaction or group coordinator), SIGKILL it, start it again. The
 * roles are read with the tests' own kafkajs admin and the launcher's cluster.json, never through
 * sofakafka's code.
 */
export interface ClusterNode {
  id: number;
  pid?: number;
  clientPort: number;
}

export const clusterNodes = (cluster: OwnCluster): ClusterNode[] =>
  (JSON.parse(readFileSync(join(cluster.dataDir, 'cluster.json'), 'utf8')) as { nodes: ClusterNode[] }).nodes;

/** The node behind the first address of the bootstrap list (the one clients try first). */
export function firstBootstrapNode(cluster: OwnCluster): number {
  const firstPort = Number(cluster.bootstrap.split(',')[0]!.split(':')[1]);
  return clusterNodes(cluster).find((n) => n.clientPort === firstPort)!.id;
}

/** SIGKILLs the broker's JVM: no clean shutdown, no leadership handed over. */
export function killBroker(cluster: OwnCluster, id: number): void {
  const pid = clusterNodes(cluster).find((n) => n.id === id)?.pid;
  if (!pid) throw new Error(`broker ${id} has no pid in cluster.json`);
  process.kill(pid, 'SIGKILL');
}

/**
 * SIGSTOPs the broker's JVM: the kernel still accepts connections on its ports, nothing answers,
 * and the controller fences it only after broker.session.timeout.ms. Returns the SIGCONT that
 * wakes it (call it in a finally: a stopped JVM also ignores `local down`'s SIGTERM).
 */
export function freezeBroker(cluster: OwnCluster, id: number): () => void {
  const pid = clusterNodes(cluster).find((n) => n.id === id)?.pid;
  if (!pid) throw new Error(`broker ${id} has no pid in cluster.json`);
  process.kill(pid, 'SIGSTOP');
  return () => process.kill(pid, 'SIGCONT');
}

/** `local up` on the cluster's folder starts whatever broker is down and waits until it serves. */
export async function restartBrokers(cluster: OwnCluster): Promise<void> {
  const up = await spawnCli(['local', 'up', '--dir', cluster.dataDir], { env: cluster.env, timeoutMs: 180_000 });
  if (up.code !== 0) throw new Error(`local up did not restart the cluster (exit ${up.code}):\n${up.stderr}`);
}

/**
 * The leader of each partition of the topic now, as the tests' own kafkajs admin sees it. A topic
 * created a moment ago (by the test, or __consumer_offsets by the first group request) is unknown
 * to a broker that has not applied it yet: asked again for up to 10 s.
 */
export async function partitionLeaders(kafka: Kafka, topic: string): Promise<Map<number, number>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        const [metadata] = (await admin.fetchTopicMetadata({ topics: [topic] })).topics;
        return new Map(metadata!.partitions.map((p) => [p.partitionId, p.leader]));
      } catch (error) {
        const type = (error as { type?: string }).type;
        if (attempt >= 50 || (type !== 'UNKNOWN_TOPIC_OR_PARTITION' && type !== 'LEADER_NOT_AVAILABLE')) throw error;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  } finally {
    await admin.disconnect();
  }
}

/**
 * The broker that coordinates a transactional id or a group: the leader of its partition of
 * `__transaction_state` / `__consumer_offsets`, the partition being Java's
 * `Utils.abs(key.hashCode()) % partitions`, as the broker computes it.
 */
export async function coordinatorOf(kafka: Kafka, kind: CoordinatorKind, key: string): Promise<number> {
  const leaders = await coordinatorLeaders(kafka, kind);
  return leaders.get(coordinatorPartition(key, leaders.size))!;
}

/**
 * A new name (`uniqueName(prefix)`, for a group or a transactional id) whose coordinator is a
 * broker `wanted` accepts: the leaders are read once, the names are tried against them here.
 */
export async function coordinatedBy(kafka: Kafka, kind: CoordinatorKind, prefix: string, wanted: (id: number) => boolean): Promise<string> {
  const leaders = await coordinatorLeaders(kafka, kind);
  for (let tries = 0; tries < 1000; tries++) {
    const name = uniqueName(prefix);
    if (wanted(leaders.get(coordinatorPartition(name, leaders.size))!)) return name;
  }
  throw new Error(`no ${kind} name found with the wanted coordinator`);
}

type CoordinatorKind = 'transaction' | 'group';

const coordinatorPartition = (key: string, partitions: number) => (javaStringHash(key) & 0x7fffffff) % partitions;

/**
 * The leaders of __consumer_offsets or __transaction_state. On a fresh cluster the topic is created
 * by the first request that needs it: a DescribeGroups, or a transactional producer's InitProducerId.
 */
async function coordinatorLeaders(kafka: Kafka, kind: CoordinatorKind): Promise<Map<number, number>> {
  const topic = kind === 'transaction' ? '__transaction_state' : '__consumer_offsets';
  const admin = kafka.admin();
  await admin.connect();
  try {
    if (!(await admin.listTopics()).includes(topic)) {
      if (kind === 'group') await admin.describeGroups([uniqueName('make-offsets-topic')]);
      else await makeTransactionState(kafka);
    }
  } finally {
    await admin.disconnect();
  }
  return partitionLeaders(kafka, topic);
}

async function makeTransactionState(kafka: Kafka): Promise<void> {
  const producer = kafka.producer({ transactionalId: uniqueName('make-transaction-state'), idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  try {
    // kafkajs sends InitProducerId (after FindCoordinator) on the first transaction(); the abort sends nothing.
    await (await producer.transaction()).abort();
  } finally {
    await producer.disconnect();
  }
}

function javaStringHash(text: string): number {
  let hash = 0;
  for (let i = 0; i < text.length; i++) hash = (Math.imul(hash, 31) + text.charCodeAt(i)) | 0;
  return hash;
}
