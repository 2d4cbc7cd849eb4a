// Static imports so a bundle holds one copy of kafkajs; types in kafkajs-internals.d.ts.
import apiKeys from 'kafkajs/src/protocol/requests/apiKeys.js';
import kafkaJsRequests from 'kafkajs/src/protocol/requests/index.js';
import { ConfigResourceType } from './incremental-alter-configs.js';
import type { InternalBroker } from './internals.js';

/**
 * Requests kafkajs implements but only on its internal Broker, sent to the broker we choose
 * (a partition's leader, a group's coordinator) rather than wherever the admin API would route them.
 */
export interface RawTopicMetadata {
  topic: string;
  isInternal?: boolean;
  topicErrorCode?: number;
  partitionMetadata: Array<{ partitionId: number; leader: number; replicas: number[]; isr: number[]; offlineReplicas?: number[] }>;
}

export interface RawDescribedGroup {
  errorCode: number;
  groupId: string;
  state: string;
  protocolType: string;
  protocol: string;
  members: Array<{ memberId: string; clientId: string; clientHost: string; memberAssignment: Buffer }>;
}

export interface ListOffsetsRequest {
  replicaId: number;
  isolationLevel: number;
  topics: Array<{ topic: string; partitions: Array<{ partition: number; timestamp: string }> }>;
}

export interface ListOffsetsResponse {
  responses: Array<{ topic: string; partitions: Array<{ partition: number; errorCode: number; offset: string; timestamp?: string }> }>;
}

export interface OffsetFetchResponse {
  responses: Array<{ topic: string; partitions: Array<{ partition: number; offset: string }> }>;
}

export interface DescribedConfigs {
  resources: Array<{
    resourceName: string;
    configEntries: Array<{ configName: string; configValue: string | null; configSource: number; isDefault: boolean; isSensitive: boolean; readOnly: boolean }>;
  }>;
}

interface KafkaJsBroker {
  describeConfigs(request: { resources: Array<{ type: number; name: string; configNames: string[] }>; includeSynonyms: boolean }): Promise<DescribedConfigs>;
  metadata(topics: string[]): Promise<{ brokers: unknown[]; topicMetadata: RawTopicMetadata[] }>;
  listOffsets(request: ListOffsetsRequest): Promise<ListOffsetsResponse>;
  describeGroups(request: { groupIds: string[] }): Promise<{ groups: RawDescribedGroup[] }>;
  offsetFetch(request: { groupId: string; topics: Array<{ topic: string; partitions: Array<{ partition: number }> }> }): Promise<OffsetFetchResponse>;
  findGroupCoordinator(request: { groupId: string; coordinatorType: number }): Promise<{ coordinator: { nodeId: number } }>;
}

const asKafkaJsBroker = (broker: InternalBroker) => broker as unknown as KafkaJsBroker;

/** Metadata for the named topics; an empty list means every topic. */
export async function requestMetadata(broker: InternalBroker, topics: string[]): Promise<{ brokers: unknown[]; topicMetadata: RawTopicMetadata[] }> {
  return asKafkaJsBroker(broker).metadata(topics);
}

export async function requestListOffsets(broker: InternalBroker, request: ListOffsetsRequest): Promise<ListOffsetsResponse> {
  return asKafkaJsBroker(broker).listOffsets(request);
}

/** FindCoordinator for a group, asked of the broker we choose. */
export async function requestGroupCoordinator(broker: InternalBroker, groupId: string): Promise<{ nodeId: number }> {
  return (await asKafkaJsBroker(broker).findGroupCoordinator({ groupId, coordinatorType: 0 })).coordinator;
}

export async function requestDescribeGroups(coordinator: InternalBroker, groupIds: string[]): Promise<{ groups: RawDescribedGroup[] }> {
  return asKafkaJsBroker(coordinator).describeGroups({ groupIds });
}

/** OffsetFetch on the group's coordinator; no topics means every committed offset. */
export async function requestOffsetFetch(coordinator: InternalBroker, groupId: string): Promise<OffsetFetchResponse> {
  return asKafkaJsBroker(coordinator).offsetFetch({ groupId, topics: [] });
}

/**
 * DescribeConfigs for topics on the broker we choose: any broker answers for a topic, while
 * kafkajs's admin asks the one the metadata names as controller (on KRaft just one of the brokers,
 * which may be the frozen one).
 */
export async function requestTopicConfigs(broker: InternalBroker, topics: string[], configNames: string[] = []): Promise<DescribedConfigs> {
  return asKafkaJsBroker(broker).describeConfigs({ resources: topics.map((name) => ({ type: ConfigResourceType.topic, name, configNames })), includeSynonyms: false });
}

interface RequestBuilder {
  lookupRequest(apiKey: number, definition: unknown): (args: object) => { request: unknown; response: { decode: unknown; parse: unknown } };
}

/**
 * Sends one of kafkajs's requests at the version kafkajs negotiated with the broker and returns the
 * decoded answer as it is: kafkajs's own parse throws one error for the whole request on the first
 * error code it finds, losing which topics did succeed and the broker's own error message.
 */
async function sendUnparsed<T>(broker: InternalBroker, apiKey: number | undefined, definition: unknown, args: object): Promise<T> {
  const build = (broker as unknown as RequestBuilder).lookupRequest(apiKey!, definition);
  const { request, response } = build(args);
  return (await broker.connectionPool.send({ request, response: { ...response, parse: async (data: unknown) => data } })) as T;
}

/**
 * Metadata that reports errors per topic instead of throwing on the first one (kafkajs's parse
 * throws for any topic or partition error): a topic the caller may not Describe comes back with
 * TOPIC_AUTHORIZATION_FAILED, one that does not exist with UNKNOWN_TOPIC_OR_PARTITION, and a
 * partition without a leader with LEADER_NOT_AVAILABLE, while the rest of the answer stays usable.
 * Never asks the broker to create topics.
 */
export async function requestMetadataPerTopic(broker: InternalBroker, topics: string[]): Promise<{ brokers: unknown[]; topicMetadata: RawTopicMetadata[] }> {
  return sendUnparsed(broker, apiKeys.Metadata, kafkaJsRequests.requests.Metadata, { topics, allowAutoTopicCreation: false });
}

/** One topic's outcome of a change; errorMessage is the broker's own words (absent before v1 of a request). */
export interface TopicOutcome {
  topic: string;
  errorCode: number;
  errorMessage?: string | null;
}

/**
 * DeleteTopics that reports each topic's error code instead of throwing on the first (kafkajs's
 * parse throws one error for the whole request, hiding which topics the broker did delete).
 * Send it to the controller (on KRaft any broker forwards it there).
 */
export async function requestDeleteTopicsPerTopic(broker: InternalBroker, topics: string[], timeoutMs: number): Promise<TopicOutcome[]> {
  const answer = await sendUnparsed<{ topicErrors: TopicOutcome[] }>(broker, apiKeys.DeleteTopics, kafkaJsRequests.requests.DeleteTopics, { topics, timeout: timeoutMs });
  return answer.topicErrors;
}

export interface NewTopic {
  topic: string;
  numPartitions: number;
  replicationFactor: number;
  configEntries: Array<{ name: string; value: string }>;
}

/**
 * CreateTopics with each topic's outcome and the broker's message ("Unable to replicate the
 * partition 3 time(s): ... only 1 broker(s) are registered"), which kafkajs's parse drops for the
 * error code's generic text. Send it to the controller (on KRaft any broker forwards it there).
 */
export async function requestCreateTopicsPerTopic(broker: InternalBroker, topics: NewTopic[], options: { validateOnly: boolean; timeoutMs: number }): Promise<TopicOutcome[]> {
  const answer = await sendUnparsed<{ topicErrors: TopicOutcome[] }>(broker, apiKeys.CreateTopics, kafkaJsRequests.requests.CreateTopics, {
    topics, validateOnly: options.validateOnly, timeout: options.timeoutMs,
  });
  return answer.topicErrors;
}

/** CreatePartitions with each topic's outcome and the broker's message, as CreateTopics above. */
export async function requestCreatePartitionsPerTopic(
  broker: InternalBroker,
  topicPartitions: Array<{ topic: string; count: number }>,
  options: { validateOnly: boolean; timeoutMs: number },
): Promise<TopicOutcome[]> {
  const answer = await sendUnparsed<{ topicErrors: TopicOutcome[] }>(broker, apiKeys.CreatePartitions, kafkaJsRequests.requests.CreatePartitions, {
    topicPartitions, validateOnly: options.validateOnly, timeout: options.timeoutMs,
  });
  return answer.topicErrors;
}
