import type { KafkaClient } from '../client.js';
import { listOffsets, partitionKey } from './partition-offsets.js';
import { describeTopicConfigs, fetchTopicMetadata, type TopicConfigEntry } from './topics.js';

export interface PartitionDetails {
  partition: number;
  leader: number | null;
  replicas: number[];
  isr: number[];
  offlineReplicas: number[];
  earliestOffset: number | null;
  latestOffset: number | null;
  /** latest − earliest: exact for plain topics, an upper bound with compaction or transaction markers. */
  messages: number | null;
}

export interface TopicDetails {
  name: string;
  internal: boolean;
  partitionCount: number;
  replicationFactor: number;
  messages: number;
  configs: TopicConfigEntry[];
  partitions: PartitionDetails[];
}

/** Metadata, configs and both ends of every partition: four round trips however many topics. */
export async function describeTopics(client: KafkaClient, names: string[], options: { allConfigs: boolean }): Promise<TopicDetails[]> {
  const topics = await fetchTopicMetadata(client, names);
  const refs = topics.flatMap((t) => t.partitions.map((p) => ({ topic: t.name, partition: p.partition, leader: p.leader })));
  const [configs, earliest, latest] = await Promise.all([
    describeTopicConfigs(client, names),
    listOffsets(client, refs, 'earliest'),
    listOffsets(client, refs, 'latest'),
  ]);
  return topics.map((topic) => {
    const partitions = topic.partitions.map((p) => {
      const low = earliest.get(partitionKey(topic.name, p.partition))?.offset ?? null;
      const high = latest.get(partitionKey(topic.name, p.partition))?.offset ?? null;
      return { ...p, earliestOffset: low, latestOffset: high, messages: low === null || high === null ? null : high - low };
    });
    return {
      name: topic.name,
      internal: topic.internal,
      partitionCount: partitions.length,
      replicationFactor: topic.partitions[0]?.replicas.length ?? 0,
      messages: partitions.reduce((sum, p) => sum + (p.messages ?? 0), 0),
      configs: (configs.get(topic.name) ?? []).filter((c) => options.allConfigs || !c.isDefault),
      partitions,
    };
  });
}
