import type { Kafka } from 'kafkajs';
import { afterAll, beforeAll } from 'vitest';
import { type ClusterNode, clusterNodes, firstBootstrapNode, freezeBroker, killBroker, partitionLeaders, restartBrokers } from './broker-faults.js';
import { independentKafka, waitForAsync } from './groups.js';
import { type OwnCluster, startOwnCluster } from './own-cluster.js';

/**
 * The fault tests' view of a 3-broker own cluster: which broker is which, which leads a partition
 * (as the tests' own kafkajs admin sees it), SIGKILL one, bring it back with `local up`.
 */
export class Brokers {
  constructor(private readonly cluster: OwnCluster) {}

  nodes(): ClusterNode[] {
    return clusterNodes(this.cluster);
  }

  ids(): number[] {
    return this.nodes().map((n) => n.id);
  }

  /** The broker at the first bootstrap address: the one kafkajs would take for the cluster. */
  firstBootstrap(): number {
    return firstBootstrapNode(this.cluster);
  }

  /** A kafkajs client of the tests' own on every broker but `except` (its own bootstrap must not be the dead one). */
  kafka(clientId: string, except?: number, login = { username: 'admin', password: this.cluster.adminPassword }): Kafka {
    const ports = this.nodes().filter((n) => n.id !== except).map((n) => `127.0.0.1:${n.clientPort}`);
    return independentKafka(clientId, { ...login, brokers: ports });
  }

  /** The leader of a partition now, as the tests' own kafkajs admin sees it. */
  async leaderOf(kafka: Kafka, topic: string, partition = 0): Promise<number> {
    return (await partitionLeaders(kafka, topic)).get(partition)!;
  }

  /**
   * A topic with replication 3 and min.insync.replicas 2 whose partition 0 is led (preferred) by
   * `leader0`; the others' leaders rotate over the brokers. Returns once partition 0 answers with it.
   */
  async createTopic(kafka: Kafka, topic: string, leader0: number, partitions = 6): Promise<void> {
    const ids = this.ids();
    const admin = kafka.admin();
    await admin.connect();
    try {
      // kafkajs's wait for leaders gives up when the broker it asks has not heard of the topic yet
      // (a busy or just restarted broker): the wait below covers that.
      const notYetKnown = (error: { type?: string }) => {
        if (error.type !== 'UNKNOWN_TOPIC_OR_PARTITION' && error.type !== 'LEADER_NOT_AVAILABLE') throw error;
      };
      await admin.createTopics({
        waitForLeaders: true,
        topics: [{
          topic,
          replicaAssignment: Array.from({ length: partitions }, (_, partition) => {
            const first = partition === 0 ? leader0 : ids[partition % ids.length]!;
            return { partition, replicas: [first, ...ids.filter((id) => id !== first)] };
          }),
          configEntries: [{ name: 'min.insync.replicas', value: '2' }],
        }],
      }).catch(notYetKnown);
    } finally {
      await admin.disconnect();
    }
    const leaderNow = () => this.leaderOf(kafka, topic).catch(() => -1);
    for (let i = 0; i < 50 && (await leaderNow()) !== leader0; i++) await new Promise((r) => setTimeout(r, 200));
  }

  /**
   * Topics with replication 3 on every broker, returned once each partition has a leader. kafkajs's
   * own wait for leaders gives up when the broker it asks has not applied the new topic yet (seen
   * under load in CI, right after a restart or not), so the wait is done here.
   */
  async createTopics(kafka: Kafka, names: string[], partitions: number): Promise<void> {
    const admin = kafka.admin();
    await admin.connect();
    try {
      await admin.createTopics({ waitForLeaders: false, topics: names.map((topic) => ({ topic, numPartitions: partitions, replicationFactor: 3 })) });
      await waitForAsync(async () => {
        try {
          const { topics } = await admin.fetchTopicMetadata({ topics: names });
          return topics.length === names.length && topics.every((t) => t.partitions.length === partitions && t.partitions.every((p) => p.leader >= 0));
        } catch {
          return false; // UNKNOWN_TOPIC_OR_PARTITION from a broker that has not heard of them yet
        }
      }, 60_000);
    } finally {
      await admin.disconnect();
    }
  }

  kill(id: number): void {
    killBroker(this.cluster, id);
  }

  /** SIGSTOP; returns the SIGCONT. */
  freeze(id: number): () => void {
    return freezeBroker(this.cluster, id);
  }

  /**
   * `local up` on the cluster's folder starts the brokers that are not running; then waits until
   * the cluster is whole again, so the next test does not meet a broker still catching up (kafkajs's
   * createTopics gives up when the broker it asks has not heard of a new topic yet).
   */
  async restartAll(): Promise<void> {
    await restartBrokers(this.cluster);
    await this.inSync();
  }

  /** Every broker registered and every replica of every topic in sync, as the tests' own kafkajs admin sees it. */
  async inSync(): Promise<void> {
    const admin = this.kafka('in-sync').admin();
    await admin.connect();
    try {
      await waitForAsync(async () => {
        try {
          const cluster = await admin.describeCluster();
          const { topics } = await admin.fetchTopicMetadata();
          return cluster.brokers.length === this.ids().length && topics.every((t) => t.partitions.every((p) => p.isr.length === p.replicas.length));
        } catch {
          return false;
        }
      }, 90_000);
    } finally {
      await admin.disconnect();
    }
  }
}

/** One 3-broker cluster for a test file (replication 3, min.insync.replicas 2): started before its tests, stopped after. */
export function shareThreeBrokers(options: { tls?: boolean } = {}): { cluster: OwnCluster; brokers: Brokers } {
  const shared = {} as { cluster: OwnCluster; brokers: Brokers };
  beforeAll(async () => {
    shared.cluster = await startOwnCluster({ brokers: 3, ...options });
    shared.brokers = new Brokers(shared.cluster);
  }, 300_000);
  afterAll(() => shared.cluster?.stop());
  return shared;
}
