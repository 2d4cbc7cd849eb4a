import type { KafkaClient } from '../client.js';
import { ConfigOperation, ConfigResourceType, incrementalAlterConfigs } from '../protocol/incremental-alter-configs.js';
import { type RawTopicMetadata, requestDeleteTopicsPerTopic, requestMetadataPerTopic, requestTopicConfigs } from '../protocol/kafkajs-requests.js';
import { protocolError } from '../protocol/internals.js';
import { listOffsets } from './partition-offsets.js';
import { accessDenied } from '../security/access-denied.js';
import { CliError, notFoundError } from '../../errors.js';

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
async function readMetadata(client: KafkaClient, names: string[] = []): Promise<{ brokerCount: number; topics: Array<TopicMetadata & { errorCode: number }> }> {
  const metadata = await client.call('read topic metadata', async () => requestMetadataPerTopic(await client.anyBroker(), names));
  return {
    brokerCount: metadata.brokers.length,
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

/** The whitepaper keeps messages three days unless told otherwise. */
export const DEFAULT_RETENTION_MS = String(3 * 24 * 60 * 60 * 1000);

export interface TopicSpec {
  name: string;
  partitions: number;
  /** Default: 3, or the number of live brokers if fewer. */
  replicationFactor?: number;
  /** retention.ms defaults to DEFAULT_RETENTION_MS. */
  configs: Record<string, string>;
}

export type CreateResult = ItemResult & { partitions: number; replicationFactor: number };

export interface ItemResult {
  name: string;
  status: string;
  error?: string;
  errorKind?: string;
  hint?: string;
}

/**
 * Creates topics in one request; reports each topic's outcome instead of failing the batch.
 * Existing topics are found first: kafkajs hides TOPIC_ALREADY_EXISTS when every topic exists.
 */
export async function createTopics(client: KafkaClient, wanted: TopicSpec[], options: { validateOnly: boolean }): Promise<CreateResult[]> {
  const outcome = new Map<string, ItemResult>();
  // The same request tells which topics exist and how many brokers a default replication factor may use.
  const metadata = await readMetadata(client);
  const existing = new Set(metadata.topics.map((t) => t.name));
  const requested = wanted.map((spec) => ({
    ...spec,
    replicationFactor: spec.replicationFactor ?? Math.min(3, metadata.brokerCount),
    configs: { 'retention.ms': DEFAULT_RETENTION_MS, ...spec.configs },
  }));
  for (const spec of requested) {
    if (existing.has(spec.name)) outcome.set(spec.name, { name: spec.name, status: 'exists', error: `topic "${spec.name}" already exists`, errorKind: 'rejected' });
  }
  const specs = requested.filter((spec) => !existing.has(spec.name));
  if (specs.length) try {
    await client.adminCall('create topics', (admin) =>
      admin.createTopics({
        validateOnly: options.validateOnly,
        // kafkajs's own wait retries only LEADER_NOT_AVAILABLE; on KRaft a new topic can first read as
        // unknown on the broker we ask, so we wait ourselves (waitForLeaders below).
        waitForLeaders: false,
        topics: specs.map((spec) => ({
          topic: spec.name,
          numPartitions: spec.partitions,
          replicationFactor: spec.replicationFactor,
          configEntries: Object.entries(spec.configs).map(([name, value]) => ({ name, value })),
        })),
      }),
    );
  } catch (error) {
    const perTopic = ((error as { cause?: { errors?: Array<{ topic?: string }> } }).cause?.errors ?? []).filter((e) => e.topic);
    if (!perTopic.length) throw error;
    for (const topicError of perTopic) {
      const translated = client.translate(topicError, `create topic "${topicError.topic}"`);
      const exists = (topicError as { type?: string }).type === 'TOPIC_ALREADY_EXISTS';
      outcome.set(topicError.topic!, {
        name: topicError.topic!, status: exists ? 'exists' : 'failed', error: translated.message, errorKind: exists ? 'rejected' : translated.kind,
        ...(translated.hint ? { hint: translated.hint } : {}),
      });
    }
  }
  const created = specs.filter((spec) => !outcome.has(spec.name)).map((spec) => spec.name);
  if (!options.validateOnly && created.length) await waitForLeaders(client, created);
  return requested.map((spec) => ({
    ...(outcome.get(spec.name) ?? { name: spec.name, status: options.validateOnly ? 'valid' : 'created' }),
    partitions: spec.partitions,
    replicationFactor: spec.replicationFactor,
  }));
}

/** Creates whichever of the named topics are missing (1 partition, defaults); fails on the first refusal. */
export async function ensureTopics(client: KafkaClient, names: string[]): Promise<void> {
  const results = await createTopics(client, names.map((name) => ({ name, partitions: 1, configs: {} })), { validateOnly: false });
  const failure = results.find((r) => r.status === 'failed');
  if (failure) throw new CliError('rejected', failure.error ?? `could not create topic "${failure.name}"`);
}

/**
 * Until every partition of the new topics is served by its leader, so the next command (or any
 * client) can use them at once. Metadata names a leader before that broker has taken the partition
 * on: a produce then gets NOT_LEADER_OR_FOLLOWER, and a client that retries the whole request
 * (kafkajs does) writes the partitions that did succeed twice. ListOffsets from each leader
 * succeeds only once the leader serves its partition.
 */
async function waitForLeaders(client: KafkaClient, names: string[], budgetMs = 15_000): Promise<void> {
  const deadline = Date.now() + budgetMs;
  for (;;) {
    const topics = await fetchTopicMetadata(client, undefined);
    const created = names.map((name) => topics.find((t) => t.name === name));
    const partitions = created.flatMap((topic) => topic?.partitions.map((p) => ({ topic: topic.name, partition: p.partition, leader: p.leader })) ?? []);
    const led = created.every((topic) => topic !== undefined && topic.partitions.length > 0) && partitions.every((p) => p.leader !== null);
    if (led && (await listOffsets(client, partitions, 'latest').then(() => true, () => false))) return;
    if (Date.now() > deadline) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
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

export async function addPartitions(client: KafkaClient, topic: string, count: number, options: { validateOnly: boolean }): Promise<void> {
  await client.adminCall(`add partitions to "${topic}"`, (admin) => admin.createPartitions({ validateOnly: options.validateOnly, topicPartitions: [{ topic, count }] }));
}

/** UNKNOWN_TOPIC_OR_PARTITION, NOT_CONTROLLER. */
const TRANSIENT_DELETE_ERRORS = new Set([3, 41]);
const DELETE_RETRIES = 10;

/**
 * Deletes the topics in one request and reports each one's outcome: a broker may delete some and
 * refuse others (an ACL that allows deleting only some of them), and the user must see which.
 */
export async function deleteTopics(client: KafkaClient, names: string[]): Promise<ItemResult[]> {
  const codeOf = new Map<string, number>();
  let asking = names;
  // A broker just restarted, or one that has not caught up with the topics' creation, answers
  // UNKNOWN_TOPIC_OR_PARTITION or NOT_CONTROLLER for a moment (the caller found the topics first):
  // those topics are asked again, as kafkajs's admin does, for a few seconds.
  for (let attempt = 0; asking.length; attempt++) {
    const answers = await client.call('delete topics', async () => requestDeleteTopicsPerTopic(await client.controllerBroker(), asking, 30_000));
    for (const answer of answers) codeOf.set(answer.topic, answer.errorCode);
    asking = asking.filter((name) => TRANSIENT_DELETE_ERRORS.has(codeOf.get(name) ?? 0));
    if (!asking.length || attempt >= DELETE_RETRIES) break;
    await new Promise((resolve) => setTimeout(resolve, 300));
    await client.refreshMetadata().catch(() => undefined);
  }
  return names.map((name) => {
    const code = codeOf.get(name) ?? 0;
    if (code === 0) return { name, status: 'deleted' };
    const translated = client.translate(protocolError(code), `delete topic "${name}"`);
    return { name, status: 'failed', error: translated.message, errorKind: translated.kind, ...(translated.hint ? { hint: translated.hint } : {}) };
  });
}

/** Deletes one topic; its refusal is the error. */
export async function deleteTopic(client: KafkaClient, name: string): Promise<void> {
  const [result] = await deleteTopics(client, [name]);
  if (result?.status !== 'deleted') throw new CliError((result?.errorKind ?? 'rejected') as CliError['kind'], result?.error ?? `could not delete topic "${name}"`, { hint: result?.hint });
}
