import type { KafkaClient } from '../client.js';
import {
  type NewTopic, type TopicOutcome, requestCreatePartitionsPerTopic, requestCreateTopicsPerTopic, requestDeleteTopicsPerTopic,
} from '../protocol/kafkajs-requests.js';
import { protocolError } from '../protocol/internals.js';
import { listOffsets } from './partition-offsets.js';
import { type ItemResult, lookupTopics, readMetadata } from './topics.js';
import { CliError } from '../../errors.js';

/** The whitepaper keeps messages three days unless told otherwise. */
export const DEFAULT_RETENTION_MS = String(3 * 24 * 60 * 60 * 1000);

export interface TopicSpec {
  name: string;
  partitions: number;
  /** Default: 3, or fewer on a cluster of fewer brokers (see knownBrokerCount). */
  replicationFactor?: number;
  /** retention.ms defaults to DEFAULT_RETENTION_MS. */
  configs: Record<string, string>;
}

export type CreateResult = ItemResult & { partitions: number; replicationFactor: number };

/** How long the controller may take over a change before it answers REQUEST_TIMED_OUT. */
const CHANGE_TIMEOUT_MS = 30_000;
const TOPIC_ALREADY_EXISTS = 36;
/** UNKNOWN_TOPIC_OR_PARTITION, NOT_CONTROLLER. */
const TRANSIENT_DELETE_ERRORS = new Set([3, 41]);
const NOT_CONTROLLER = new Set([41]);
const RETRIES = 10;

/**
 * Creates topics in one request; reports each topic's outcome, in the broker's words, instead of
 * failing the batch. Existing topics are found first, with the broker count a default replication
 * factor may use.
 */
export async function createTopics(client: KafkaClient, wanted: TopicSpec[], options: { validateOnly: boolean }): Promise<CreateResult[]> {
  const metadata = await readMetadata(client);
  const existing = new Set(metadata.topics.map((t) => t.name));
  const brokers = knownBrokerCount(metadata);
  const requested = wanted.map((spec) => ({
    ...spec,
    replicationFactor: spec.replicationFactor ?? Math.min(3, brokers),
    configs: { 'retention.ms': DEFAULT_RETENTION_MS, ...spec.configs },
  }));
  const bySpec = new Map(requested.filter((spec) => !existing.has(spec.name)).map((spec): [string, NewTopic] => [spec.name, {
    topic: spec.name,
    numPartitions: spec.partitions,
    replicationFactor: spec.replicationFactor,
    configEntries: Object.entries(spec.configs).map(([name, value]) => ({ name, value })),
  }]));
  const outcomes = await perTopic(client, 'create topics', [...bySpec.keys()], NOT_CONTROLLER, async (names) =>
    requestCreateTopicsPerTopic(await client.controllerBroker(), names.map((name) => bySpec.get(name)!), { validateOnly: options.validateOnly, timeoutMs: CHANGE_TIMEOUT_MS }),
  );
  const results = requested.map((spec): CreateResult => {
    const sizes = { partitions: spec.partitions, replicationFactor: spec.replicationFactor };
    const outcome = outcomes.get(spec.name);
    if (existing.has(spec.name) || outcome?.errorCode === TOPIC_ALREADY_EXISTS) {
      return { name: spec.name, status: 'exists', error: `topic "${spec.name}" already exists`, errorKind: 'rejected', ...sizes };
    }
    if (outcome?.errorCode) return { ...failure(client, spec.name, outcome, `create topic "${spec.name}"`), ...sizes };
    return { name: spec.name, status: options.validateOnly ? 'valid' : 'created', ...sizes };
  });
  const created = results.filter((r) => r.status === 'created').map((r) => r.name);
  if (created.length) await waitForLeaders(client, created);
  return results;
}

/**
 * The brokers of the cluster as far as one Metadata answer tells: the live ones, and those that
 * hold a replica of any topic. A broker that is down for a moment is left out of the live list but
 * not out of the replica lists, so a topic created meanwhile still gets three replicas (Kafka places
 * one on the broker that is down, which catches up when it returns), not two for ever.
 */
function knownBrokerCount(metadata: Awaited<ReturnType<typeof readMetadata>>): number {
  const ids = new Set(metadata.brokerIds);
  for (const topic of metadata.topics) for (const partition of topic.partitions) for (const id of partition.replicas) ids.add(id);
  return ids.size;
}

/** Creates whichever of the named topics are missing (1 partition, defaults); fails on the first refusal. */
export async function ensureTopics(client: KafkaClient, names: string[]): Promise<void> {
  const results = await createTopics(client, names.map((name) => ({ name, partitions: 1, configs: {} })), { validateOnly: false });
  const failed = results.find((r) => r.status === 'failed');
  if (failed) throw new CliError('rejected', failed.error ?? `could not create topic "${failed.name}"`);
}

/**
 * Until every partition of the new topics is served by its leader, so the next command (or any
 * client) can use them at once. Metadata names a leader before that broker has taken the partition
 * on: a produce then gets NOT_LEADER_OR_FOLLOWER, and a client that retries the whole request
 * (kafkajs does) writes the partitions that did succeed twice. ListOffsets from each leader
 * succeeds only once the leader serves its partition.
 */
async function waitForLeaders(client: KafkaClient, names: string[], partitionCount?: number, budgetMs = 15_000): Promise<void> {
  const deadline = Date.now() + budgetMs;
  for (;;) {
    // Only the named topics: a cluster of thousands answers this every 100 ms. A caller that may
    // create but not Describe them cannot watch them: nothing to wait for.
    const looked = await lookupTopics(client, names).catch(() => null);
    if (!looked) return;
    const created = names.map((name) => looked.found.find((t) => t.name === name));
    const partitions = created.flatMap((topic) => topic?.partitions.map((p) => ({ topic: topic.name, partition: p.partition, leader: p.leader })) ?? []);
    const led = created.every((topic) => topic !== undefined && topic.partitions.length >= (partitionCount ?? 1)) && partitions.every((p) => p.leader !== null);
    if (led && (await listOffsets(client, partitions, 'latest').then(() => true, () => false))) return;
    if (Date.now() > deadline) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Raises a topic's partition count; a refusal is the error, in the broker's words. Returns once the new partitions are served. */
export async function addPartitions(client: KafkaClient, topic: string, count: number, options: { validateOnly: boolean }): Promise<void> {
  const outcomes = await perTopic(client, `add partitions to "${topic}"`, [topic], NOT_CONTROLLER, async (names) =>
    requestCreatePartitionsPerTopic(await client.controllerBroker(), names.map((name) => ({ topic: name, count })), { validateOnly: options.validateOnly, timeoutMs: CHANGE_TIMEOUT_MS }),
  );
  const outcome = outcomes.get(topic);
  if (outcome?.errorCode) throw client.translate(protocolError(outcome.errorCode, outcome.errorMessage), `add partitions to "${topic}"`);
  // As for a new topic: the next command (or client) sees and can write every new partition.
  if (!options.validateOnly) await waitForLeaders(client, [topic], count);
}

/**
 * Deletes the topics in one request and reports each one's outcome: a broker may delete some and
 * refuse others (an ACL that allows deleting only some of them), and the user must see which.
 */
export async function deleteTopics(client: KafkaClient, names: string[]): Promise<ItemResult[]> {
  // A broker just restarted, or one that has not caught up with the topics' creation, answers
  // UNKNOWN_TOPIC_OR_PARTITION or NOT_CONTROLLER for a moment (the caller found the topics first).
  const outcomes = await perTopic(client, 'delete topics', names, TRANSIENT_DELETE_ERRORS, async (asking) =>
    requestDeleteTopicsPerTopic(await client.controllerBroker(), asking, CHANGE_TIMEOUT_MS),
  );
  const results = names.map((name) => {
    const outcome = outcomes.get(name);
    return outcome?.errorCode ? failure(client, name, outcome, `delete topic "${name}"`) : { name, status: 'deleted' };
  });
  await waitUntilGone(client, results.filter((r) => r.status === 'deleted').map((r) => r.name));
  return results;
}

/**
 * Until the brokers' metadata no longer shows the deleted topics: the controller confirms a
 * deletion before the brokers apply it, and a script that lists, or creates the name again, right
 * after `topic delete` would still find the topic.
 */
async function waitUntilGone(client: KafkaClient, names: string[], budgetMs = 10_000): Promise<void> {
  const deadline = Date.now() + budgetMs;
  while (names.length && Date.now() < deadline) {
    const { topics } = await readMetadata(client, names);
    if (!topics.some((topic) => topic.errorCode === 0 || topic.partitions.length > 0)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Deletes one topic; its refusal is the error. */
export async function deleteTopic(client: KafkaClient, name: string): Promise<void> {
  const [result] = await deleteTopics(client, [name]);
  if (result?.status !== 'deleted') throw new CliError((result?.errorKind ?? 'rejected') as CliError['kind'], result?.error ?? `could not delete topic "${name}"`, { hint: result?.hint });
}

/**
 * Sends a per-topic change and asks again, for a few seconds, for the topics whose answer was a
 * passing state of the cluster (`transient` error codes), as kafkajs's admin did.
 */
async function perTopic(
  client: KafkaClient,
  action: string,
  names: string[],
  transient: Set<number>,
  send: (names: string[]) => Promise<TopicOutcome[]>,
): Promise<Map<string, TopicOutcome>> {
  const outcomes = new Map<string, TopicOutcome>();
  let asking = names;
  for (let attempt = 0; asking.length; attempt++) {
    for (const outcome of await client.call(action, () => send(asking))) outcomes.set(outcome.topic, outcome);
    asking = asking.filter((name) => transient.has(outcomes.get(name)?.errorCode ?? 0));
    if (!asking.length || attempt >= RETRIES) break;
    await new Promise((resolve) => setTimeout(resolve, 300));
    await client.refreshMetadata().catch(() => undefined);
  }
  return outcomes;
}

function failure(client: KafkaClient, name: string, outcome: TopicOutcome, action: string): ItemResult {
  const translated = client.translate(protocolError(outcome.errorCode, outcome.errorMessage), action);
  return { name, status: 'failed', error: translated.message, errorKind: translated.kind, ...(translated.hint ? { hint: translated.hint } : {}) };
}
