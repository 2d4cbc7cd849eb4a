import { probeBrokers, probeDeadlineMs } from '../broker-probe.js';
import type { KafkaClient } from '../client.js';
import { describeCluster, DESCRIBE_CLUSTER, DESCRIBE_OPERATION_BIT } from '../protocol/describe-cluster.js';
import { accessDenied } from '../security/access-denied.js';
import { pickVersion } from '../protocol/internals.js';
import { fetchTopicMetadata, topicConfigValues } from './topics.js';

export interface BrokerInfo {
  id: number;
  host: string;
  port: number;
  rack: string | null;
  isController: boolean;
}

export interface ClusterInfo {
  clusterId: string;
  controllerId: number | null;
  brokers: BrokerInfo[];
  /** Whether the caller may Describe the cluster; undefined where the broker cannot say (before 2.8). */
  canDescribe?: boolean;
}

/** Cluster id, the real active controller (DescribeCluster, not kafkajs's guess) and brokers with racks. */
export async function describeClusterInfo(client: KafkaClient, options: { authorizedOperations?: boolean } = {}): Promise<ClusterInfo> {
  return client.call('describe the cluster', async () => {
    const broker = await client.anyBroker();
    if (pickVersion(broker, DESCRIBE_CLUSTER, [0]) !== undefined) {
      const described = await describeCluster(broker, options);
      return {
        ...(described.authorizedOperations === undefined ? {} : { canDescribe: (described.authorizedOperations & DESCRIBE_OPERATION_BIT) !== 0 }),
        clusterId: described.clusterId,
        controllerId: described.controllerId >= 0 ? described.controllerId : null,
        brokers: described.brokers
          .map((b) => ({ id: b.nodeId, host: b.host, port: b.port, rack: b.rack, isController: b.nodeId === described.controllerId }))
          .sort((a, b) => a.id - b.id),
      };
    }
    // Brokers before 2.8 have no DescribeCluster; their metadata names the controller truthfully (ZooKeeper mode).
    const metadata = await client.adminCall('describe the cluster', (admin) => admin.describeCluster());
    return {
      clusterId: metadata.clusterId,
      controllerId: metadata.controller,
      brokers: metadata.brokers.map((b) => ({ id: b.nodeId, host: b.host, port: b.port, rack: null, isController: b.nodeId === metadata.controller })).sort((a, b) => a.id - b.id),
    };
  });
}

/**
 * Whether the caller may Describe the cluster, or undefined where the broker cannot say. Lists use
 * it to say when ACLs may hide items: Kafka lists only what the caller may Describe, silently.
 */
export async function canDescribeCluster(client: KafkaClient): Promise<boolean | undefined> {
  return (await describeClusterInfo(client, { authorizedOperations: true })).canDescribe;
}

export interface PartitionProblem {
  topic: string;
  partition: number;
  leader: number | null;
  replicas: number[];
  isr: number[];
  minIsr?: number;
}

export interface ClusterHealth {
  healthy: boolean;
  brokersOnline: number[];
  brokersDown: number[];
  /** Registered with the controller, but no answer to a probe: frozen, or its network is (not yet fenced). */
  brokersNotAnswering: number[];
  underReplicated: PartitionProblem[];
  offline: PartitionProblem[];
  underMinIsr: PartitionProblem[];
  topicsChecked: number;
  partitionsChecked: number;
}

/**
 * Health as an operator means it: partitions without a leader (offline), with fewer in-sync
 * replicas than replicas (under-replicated) or than min.insync.replicas (producers with acks=all
 * fail), brokers that replicas name but that are not registered (down), and registered brokers
 * that do not answer a probe within `probeMs` (a frozen broker stays registered, and its
 * partitions in sync, until the controller fences it). Metadata for all topics and the probe at
 * once, then one DescribeConfigs for their min.insync.replicas, all to brokers that answer.
 */
export async function clusterHealth(client: KafkaClient, probeMs = probeDeadlineMs(0)): Promise<ClusterHealth> {
  const info = await describeClusterInfo(client, { authorizedOperations: true });
  // Metadata lists only the topics the caller may Describe: a health verdict on a partial view would lie.
  if (info.canDescribe === false) {
    throw accessDenied(client, 'Describe', 'the cluster, so it cannot see every topic and partition to judge health', undefined, '--cluster');
  }
  const [topics, notAnswering] = await Promise.all([fetchTopicMetadata(client, undefined), brokersNotAnswering(client, info.brokers, probeMs)]);
  const minIsr = await topicConfigValues(client, topics.map((t) => t.name), 'min.insync.replicas');
  const online = new Set(info.brokers.map((b) => b.id));
  const down = new Set<number>();
  const health: ClusterHealth = {
    healthy: true, brokersOnline: [...online].filter((id) => !notAnswering.includes(id)).sort((a, b) => a - b), brokersDown: [], brokersNotAnswering: notAnswering,
    underReplicated: [], offline: [], underMinIsr: [], topicsChecked: topics.length, partitionsChecked: 0,
  };
  for (const topic of topics) {
    const required = Number(minIsr.get(topic.name) ?? 1);
    for (const p of topic.partitions) {
      health.partitionsChecked++;
      for (const replica of p.replicas) if (!online.has(replica)) down.add(replica);
      const problem: PartitionProblem = { topic: topic.name, partition: p.partition, leader: p.leader, replicas: p.replicas, isr: p.isr };
      if (p.leader === null) health.offline.push(problem);
      if (p.isr.length < p.replicas.length) health.underReplicated.push(problem);
      if (p.isr.length < required) health.underMinIsr.push({ ...problem, minIsr: required });
    }
  }
  health.brokersDown = [...down].sort((a, b) => a - b);
  health.healthy = !health.offline.length && !health.underReplicated.length && !health.underMinIsr.length && !health.brokersDown.length && !notAnswering.length;
  return health;
}

/** The registered brokers that do not answer ApiVersions on our listener within `probeMs`. */
async function brokersNotAnswering(client: KafkaClient, brokers: BrokerInfo[], probeMs: number): Promise<number[]> {
  const address = (b: BrokerInfo) => `${b.host}:${b.port}`;
  const answered = new Set(await probeBrokers(brokers.map(address), { tls: client.connection.tls, deadlineMs: probeMs }));
  return brokers.filter((b) => !answered.has(address(b))).map((b) => b.id).sort((a, b) => a - b);
}
