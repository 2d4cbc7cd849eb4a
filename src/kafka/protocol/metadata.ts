/**
 * kafkajs's own all-topics metadata refresh, made to survive offline partitions. kafkajs fails a
 * whole Metadata response when any one partition carries an error, so one partition without a
 * leader (its only replica's broker down) failed every kafkajs call that refreshes the cluster's
 * metadata with LEADER_NOT_AVAILABLE: describeConfigs (so `cluster health` could not report it),
 * createTopics, listGroups, ACL listing, and finding a broker by id. Our own reads already use
 * requestMetadataPerTopic. For an all-topics request a partition's error is the cluster's state,
 * not a failure of the request: the partition comes back with leader -1, as the broker sent it.
 * Requests for named topics keep kafkajs's behaviour (its producer retries on those errors).
 */
import kafkaJsProtocolErrors from 'kafkajs/src/protocol/error.js';
import apiKeys from 'kafkajs/src/protocol/requests/apiKeys.js';
import kafkaJsRequests from 'kafkajs/src/protocol/requests/index.js';

interface MetadataResponse {
  topicMetadata: Array<{ topic: string; topicErrorCode: number }>;
}

interface MetadataBroker {
  lookupRequest(apiKey: number, definition: unknown): (args: { topics: string[]; allowAutoTopicCreation: boolean }) => { request: unknown; response: { parse(data: unknown): Promise<unknown> } };
  connectionPool: { send(request: unknown): Promise<unknown> };
  metadata(topics?: string[]): Promise<unknown>;
}

/** Makes every broker the pool creates (the seed broker included) answer all-topics metadata tolerantly. */
export function tolerateOfflinePartitions(brokerPool: { createBroker(options: unknown): unknown }): void {
  const create = brokerPool.createBroker.bind(brokerPool);
  brokerPool.createBroker = (options: unknown) => {
    const broker = create(options) as MetadataBroker;
    const forNamedTopics = broker.metadata.bind(broker);
    broker.metadata = async (topics: string[] = []) => (topics.length ? forNamedTopics(topics) : allTopics(broker));
    return broker;
  };
}

async function allTopics(broker: MetadataBroker): Promise<unknown> {
  const { request, response } = broker.lookupRequest(apiKeys.Metadata!, kafkaJsRequests.requests.Metadata)({ topics: [], allowAutoTopicCreation: false });
  const parse = async (data: MetadataResponse) => {
    const failed = data.topicMetadata.find((topic) => topic.topicErrorCode !== 0);
    if (failed) throw kafkaJsProtocolErrors.createErrorFromCode(failed.topicErrorCode);
    return data;
  };
  return broker.connectionPool.send({ request, response: { ...response, parse } });
}
