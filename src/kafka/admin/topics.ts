import type { KafkaClient } from '../client.js';
import { ConfigOperation, ConfigResourceType, incrementalAlterConfigs } from '../protocol/incremental-alter-configs.js';
import { type RawTopicMetadata, requestMetadataPerTopic, requestTopicConfigs } from '../protocol/kafkajs-requests.js';
import { againWhileSilent } from '../failover.js';
import { accessDenied } from '../security/access-denied.js';
import { notFoundError } from '../../errors.js';

export interface PartitionMetadata {
  partition: number;
  leader: number | null;
  replicas: number[];
  isr: number[];
  offlineReplicas: number[];
}

export interface TopicMetadata {
  name: string;
  internal: boolean;
  partitions: PartitionMetadata[];
}

const TOPIC_AUTHORIZATION_FAILED = 29;

/**
 * The named topics (every topic the caller may Describe when names is empty) and the number of
 * live brokers, from one Metadata request. Errors come back per topic, never as a thrown batch.
 */
export async function readMetadata(client: KafkaClient, names: string[] = []): Promise<{ brokerIds: number[]; topics: Array<TopicMetadata & { errorCode: number }> }> {
  const metadata = await client.call('read topic metadata', () => againWhileSilent(() => client.readFromAnyBroker((broker) => requestMetadataPerTopic(broker, names))));
  return {
    brokerIds: (metadata.brokers as Array<{ nodeId: number }>).map((broker) => broker.nodeId),
    topics: metadata.topicMetadata.map((raw) => ({ ...toTopicMetadata(raw), errorCode: raw.topicErrorCode ?? 0 })).sort((a, b) => a.name.localeCompare(b.name)),
  };
}

/**
 * Metadata for the named topics (all visible topics when names is undefined), in one request.
 * A topic the caller may not Describe is a refusal naming the principal (Kafka answers
 * TOPIC_AUTHORIZATION_FAILED whether or not it exists); names that do not exist are reported
 * together as one not-found error.
 */
export async function fetchTopicMetadata(client: KafkaClient, names: string[] | undefined): Promise<TopicMetadata[]> {
  if (!names) return (await readMetadata(client)).topics.filter(usable).map(withoutErrorCode);
  const { found, missing } = await lookupTopics(client, names);
  if (missing.length) {
    throw notFoundError(`topic${missing.length > 1 ? 's' : ''} ${missing.map((m) => `"${m}"`).join(', ')} do${missing.length > 1 ? '' : 'es'} not exist`, '`sofakafka topic list` shows what exists');
  }
  return found;
}

/** The named topics that exist, in the order named, and the names that do not; a refusal throws. */
export async function lookupTopics(client: KafkaClient, names: string[]): Promise<{ found: TopicMetadata[]; missing: string[] }> {
  if (!names.length) return { found: [], missing: [] };
  const { topics } = await readMetadata(client, names);
  const refused = topics.find((t) => t.errorCode === TOPIC_AUTHORIZATION_FAILED);
  if (refused) throw accessDenied(client, 'Describe', `topic "${refused.name}"`, undefined, `--topic ${refused.name}`);
  const byName = new Map(topics.filter(usable).map((t) => [t.name, withoutErrorCode(t)]));
  return { found: names.filter((name) => byName.has(name)).map((name) => byName.get(name)!), missing: names.filter((name) => !byName.has(name)) };
}

/** A topic we can describe: no error, or a topic-level one (a leader election) with its partitions listed. */
const usable = (t: { errorCode: number; partitions: unknown[] }) => t.errorCode === 0 || t.partitions.length > 0;

const withoutErrorCode = ({ errorCode: _errorCode, ...topic }: TopicMetadata & { errorCode: number }): TopicMetadata => topic;

function toTopicMetadata(raw: RawTopicMetadata): TopicMetadata {
  return {
    name: raw.topic,
    internal: Boolean(raw.isInternal) || raw.topic.startsWith('__'),
    partitions: raw.partitionMetadata
      .map((p) => ({ partition: p.partitionId, leader: p.leader >= 0 ? p.leader : null, replicas: p.replicas, isr: p.isr, offlineReplicas: p.offlineReplicas ?? [] }))
      .sort((a, b) => a.partition - b.partition),
  };
}

export interface TopicConfigEntry {
  name: string;
  value: string | null;
  source: string;
  isDefault: boolean;
  sensitive: boolean;
  readOnly: boolean;
}

const configSources: Record<number, string> = {
  0: 'unknown', 1: 'topic', 2: 'broker', 3: 'cluster-default', 4: 'broker-static', 5: 'default', 6: 'broker-logger',
};

/** Every config of each topic, in one DescribeConfigs request. */
export async function describeTopicConfigs(client: KafkaClient, names: string[]): Promise<Map<string, TopicConfigEntry[]>> {
  if (!names.length) return new Map();
  const result = await client.call('describe topic configs', async () => requestTopicConfigs(await client.anyBroker(), names));
  return new Map(result.resources.map((resource) => [
    resource.resourceName,
    resource.configEntries.map((entry) => ({
      name: entry.configName,
      value: entry.isSensitive ? null : entry.configValue,
      source: configSources[entry.configSource] ?? 'unknown',
      isDefault: entry.isDefault || entry.configSource === 5,
      sensitive: entry.isSensitive,
      readOnly: entry.readOnly,
    })).sort((a, b) => a.name.localeCompare(b.name)),
  ]));
}

/** One config's value for many topics, in one request. */
export async function topicConfigValues(client: KafkaClient, names: string[], configName: string): Promise<Map<string, string | null>> {
  if (!names.length) return new Map();
  const result = await client.call('describe topic configs', async () => requestTopicConfigs(await client.anyBroker(), names, [configName]));
  return new Map(result.resources.map((r) => [r.resourceName, r.configEntries.find((e) => e.configName === configName)?.configValue ?? null]));
}

export interface ItemResult {
  name: string;
  status: string;
  error?: string;
  errorKind?: string;
  hint?: string;
}

/** Sets and deletes only the named configs (IncrementalAlterConfigs): every other config stays as it was. */
export async function alterTopicConfigs(
  client: KafkaClient,
  topic: string,
  set: Record<string, string>,
  remove: string[],
  options: { validateOnly: boolean },
): Promise<void> {
  await client.call(`alter configs of topic "${topic}"`, async () => {
    const broker = await client.anyBroker();
    await incrementalAlterConfigs(broker, [{
      resourceType: ConfigResourceType.topic,
      resourceName: topic,
      changes: [
        ...Object.entries(set).map(([name, value]) => ({ name, operation: ConfigOperation.set, value })),
        ...remove.map((name) => ({ name, operation: ConfigOperation.delete, value: null })),
      ],
    }], options.validateOnly);
  });
}
