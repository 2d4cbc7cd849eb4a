import { randomUUID } from 'node:crypto';
import { version } from '../../version.js';
import { hostname } from 'node:os';
import kafkajs, { type Message, type Producer, type RecordMetadata, type TopicMessages, type Transaction } from 'kafkajs';
import { CliError, usageError } from '../../errors.js';
import type { KafkaClient } from '../client.js';
import { describeClusterInfo } from '../admin/cluster.js';
import { translateKafkaError } from '../errors.js';
import { accessDenied } from '../security/access-denied.js';
import { MessageHeaders } from './message-headers.js';
import { assignPartitions } from './partition-choice.js';
import { codecId, compressionCodecs, type CompressionCodec, loadCodec } from '../protocol/compression.js';
import { requestMetadata } from '../protocol/kafkajs-requests.js';
import type { OutgoingMessage } from './message.js';
import { fetchTopicMetadata } from '../admin/topics.js';
import { rideThroughRetry } from '../failover.js';

export type SendMode = 'sync' | 'async' | 'oneway';
export const sendModes: readonly SendMode[] = ['sync', 'async', 'oneway'];
export type Compression = CompressionCodec;
export const compressions: readonly Compression[] = compressionCodecs;

/** One message's outcome, in the order confirmations arrive. */
export interface SendResult {
  line: number;
  topic: string;
  partition: number;
  offset: number | null;
  msgId: string | null;
  /** unknown: the request may have reached the broker before the connection failed; look before resending. */
  status: 'sent' | 'failed' | 'unknown';
  error?: string;
  errorKind?: string;
}

export interface SendOptions {
  mode: SendMode;
  compression: Compression;
  transactionalId?: string;
  /** Messages per produce request (async, oneway, transactions). */
  batchSize: number;
  /** Produce requests in flight at once (async, oneway). */
  inFlight: number;
  msgIds: boolean;
  preferRack?: string;
  /** Called as confirmations arrive (after the commit, in a transaction). */
  onResults(results: SendResult[]): void;
  /** The cluster took a request: the caller's --timeout bounds each wait, not the whole send. */
  onProgress?(): void;
  onNote(note: string): void;
}

export interface SendSummary {
  sent: number;
  failed: number;
  notSent: number;
  /** The first failure, which decides the exit code. */
  error?: CliError;
  transaction?: 'committed' | 'aborted';
}


/** The `sofakafka.producer` header: client id, tool version and host, for `msg trace`. */
export const producerIdentity = (clientId = 'sofakafka') => `${clientId}/${version}@${hostname()}`;

/**
 * Checks the topics, picks partitions, and produces. Everything that can be known before the
 * first byte goes out is checked first (topics exist and are visible, partitions in range), so a
 * bad input changes nothing.
 */
export async function sendMessages(client: KafkaClient, messages: OutgoingMessage[], options: SendOptions): Promise<SendSummary> {
  const topicNames = [...new Set(messages.map((m) => m.topic))];
  const topics = await topicsOrError(client, topicNames);
  const brokerRacks = options.preferRack === undefined ? new Map<number, string | null>()
    : new Map((await describeClusterInfo(client)).brokers.map((b) => [b.id, b.rack]));
  const plan = assignPartitions(messages, { topics, brokerRacks, ...(options.preferRack !== undefined ? { preferRack: options.preferRack } : {}) });
  plan.notes.forEach(options.onNote);

  const identity = producerIdentity();
  const msgIds = messages.map((message) => {
    message.headers[MessageHeaders.producer] = identity;
    if (!options.msgIds) return null;
    const id = randomUUID();
    message.headers[MessageHeaders.msgId] = id;
    return id;
  });
  const ids = new Map(messages.map((m, i) => [m, msgIds[i]!]));

  const codec = codecId(options.compression);
  const producer = await openProducer(client, {
    acks: options.mode === 'oneway' ? 0 : -1, compression: options.compression, topic: messages[0]!.topic,
    ...(options.transactionalId ? { transactionalId: options.transactionalId } : {}),
  });
  try {
    const batchSender = { acks: options.mode === 'oneway' ? 0 : -1, compression: codec as kafkajs.CompressionTypes };
    if (options.transactionalId) return await sendInTransaction(client, producer, chunk(messages, options.mode === 'sync' ? 1 : options.batchSize), batchSender, ids, options);
    const summary = await sendPipelined(producer, messages, batchSender, ids, options);
    // oneway: a message counts as sent once its bytes have left the process, not once queued.
    if (batchSender.acks === 0) await client.writesFlushed();
    return summary;
  } finally {
    await producer.disconnect().catch(() => undefined);
  }
}

export type Acks = -1 | 0 | 1;

/**
 * A connected kafkajs producer the way `msg send` produces: the Java client's partitioner, no
 * automatic topic creation, idempotent for acks=all, retrying through a leader change. The codec
 * is loaded first, so a missing codec library fails before anything is sent. The caller disconnects.
 */
export async function openProducer(client: KafkaClient, options: { acks: Acks; compression: Compression; topic: string; transactionalId?: string }): Promise<Producer> {
  const acksAll = options.acks === -1;
  await loadCodec(codecId(options.compression));
  const producer = client.producer({
    allowAutoTopicCreation: false,
    createPartitioner: kafkajs.Partitioners.DefaultPartitioner,
    // acks=all sends are idempotent: kafkajs resends a whole request when one partition's leader
    // moved, and only the broker's sequence check keeps the partitions that had succeeded from
    // being stored twice.
    ...(acksAll ? { idempotent: true } : {}),
    // Ride through a lost broker as Kafka's producer does (delivery.timeout.ms): the controller
    // moves leadership only after broker.session.timeout.ms (9 s by default), so keep retrying;
    // --timeout bounds each wait for the cluster, and a wait that never ends is its to end.
    retry: acksAll ? rideThroughRetry : { ...rideThroughRetry, retries: 10 },
    ...(options.transactionalId ? { transactionalId: options.transactionalId, idempotent: true, maxInFlightRequests: 1 } : {}),
  });
  // An idempotent producer asks for its producer id on connect, of the "controller" in kafkajs's
  // metadata, and kafkajs gives up at once when that broker was lost: the cluster answered a moment
  // ago, so ask again, as Kafka's producer does until max.block.ms; --timeout ends it.
  await client.call('connect the producer', () => client.rideThrough(() => producer.connect())).catch((error: CliError) => {
    // An idempotent producer first asks for a producer id, which Kafka grants with Write on a topic.
    if (error.kind !== 'authorization' || !acksAll) throw error;
    throw accessDenied(client, 'Write', `topic "${options.topic}" (an acks=all send is idempotent: it needs Write on the topic; nothing was sent)`, error, `--topic ${options.topic}`);
  });
  return producer;
}

/**
 * What sendMessages checks before its first byte, for a whole input that is sent window by window:
 * every topic exists and is visible, every explicit partition exists (`partitions`: per topic the
 * highest one asked for, with its line).
 */
export async function checkSendable(client: KafkaClient, partitions: Map<string, { partition: number; line: number } | null>): Promise<void> {
  const topics = await topicsOrError(client, [...partitions.keys()]);
  for (const [topic, highest] of partitions) {
    const count = topics.get(topic)!.length;
    if (highest && highest.partition >= count) {
      throw usageError(`partition ${highest.partition} (line ${highest.line}) is out of range: topic "${topic}" has ${count} partition${count === 1 ? '' : 's'} (0-${count - 1})`, 'nothing was sent');
    }
  }
}

interface BatchSender {
  acks: number;
  compression: kafkajs.CompressionTypes;
}

/**
 * Up to `inFlight` produce requests at once, without reordering a partition: kafkajs does async
 * work between send() and the socket write, so two requests in flight for one partition can
 * overtake each other. Each partition therefore belongs to one lane, and a lane sends its batches
 * one after another; lanes run side by side.
 */
async function sendPipelined(producer: Producer, messages: OutgoingMessage[], sender: BatchSender, ids: Map<OutgoingMessage, string | null>, options: SendOptions): Promise<SendSummary> {
  const summary: SendSummary = { sent: 0, failed: 0, notSent: 0 };
  const batchSize = options.mode === 'sync' ? 1 : options.batchSize;
  const partitions = [...new Set(messages.map((m) => `${m.topic}:${m.partition}`))];
  const laneCount = options.mode === 'sync' ? 1 : Math.max(1, Math.min(options.inFlight, partitions.length));
  const laneOf = new Map(partitions.map((p, i) => [p, i % laneCount]));
  const lanes = Array.from({ length: laneCount }, () => [] as OutgoingMessage[]);
  for (const m of messages) lanes[laneOf.get(`${m.topic}:${m.partition}`)!]!.push(m);
  const lane = async (queue: OutgoingMessage[]) => {
    for (const batch of chunk(queue, batchSize)) {
      if (summary.error) {
        summary.notSent += batch.length;
        continue;
      }
      try {
        const metadata = await producer.sendBatch({ topicMessages: toTopicMessages(batch), ...sender });
        summary.sent += batch.length;
        options.onProgress?.();
        if (sender.acks !== 0) options.onResults(confirmations(batch, metadata, ids));
      } catch (error) {
        const failure = translateKafkaError(error, 'send messages');
        summary.error ??= failure;
        summary.failed += batch.length;
        if (sender.acks !== 0) options.onResults(batch.map((m) => failed(m, ids.get(m)!, failure)));
      }
    }
  };
  await Promise.all(lanes.map(lane));
  return summary;
}

/** All batches in one transaction: committed together, or aborted together on the first failure. */
async function sendInTransaction(client: KafkaClient, producer: Producer, batches: OutgoingMessage[][], sender: BatchSender, ids: Map<OutgoingMessage, string | null>, options: SendOptions): Promise<SendSummary> {
  // The first transaction() asks the transaction coordinator for the producer id, and kafkajs gives
  // up at once when the coordinator it was told of was lost: asked again until the new one answers.
  const transaction: Transaction = await client.call('begin the transaction', () => client.rideThrough(() => producer.transaction()));
  const results: SendResult[] = [];
  const total = batches.reduce((n, b) => n + b.length, 0);
  let committing = false;
  try {
    for (const batch of batches) {
      const metadata = await transaction.sendBatch({ topicMessages: toTopicMessages(batch), compression: sender.compression });
      results.push(...confirmations(batch, metadata, ids));
      options.onProgress?.();
    }
    committing = true;
    await transaction.commit();
  } catch (error) {
    const failure = translateKafkaError(error, committing ? 'commit the transaction' : 'send in the transaction');
    if (committing && failure.kind === 'connection') {
      // The commit request may have reached the coordinator before the connection was lost.
      const unknown = new CliError('connection', `the transaction's commit may or may not have completed: ${failure.message}`, {
        hint: 'read the topic with --isolation read_committed (msg consume, msg query) to see whether it was committed', cause: error,
      });
      options.onResults(batches.flat().map((m) => failed(m, ids.get(m)!, unknown)));
      return { sent: 0, failed: total, notSent: 0, error: unknown };
    }
    await transaction.abort().catch(() => undefined);
    const aborted = new CliError(failure.kind, `transaction aborted, nothing committed: ${failure.message}`, { hint: failure.hint, cause: error });
    options.onResults(batches.flat().map((m) => failed(m, ids.get(m)!, aborted)));
    return { sent: 0, failed: total, notSent: 0, error: aborted, transaction: 'aborted' };
  }
  options.onResults(results);
  return { sent: total, failed: 0, notSent: 0, transaction: 'committed' };
}

function toTopicMessages(batch: OutgoingMessage[]): TopicMessages[] {
  const byTopic = new Map<string, Message[]>();
  for (const m of batch) {
    const list = byTopic.get(m.topic) ?? [];
    list.push({ key: m.key, value: m.value, partition: m.partition!, headers: m.headers, ...(m.timestamp !== undefined ? { timestamp: String(m.timestamp) } : {}) });
    byTopic.set(m.topic, list);
  }
  return [...byTopic].map(([topic, messages]) => ({ topic, messages }));
}

/** A batch's messages with their offsets: each partition's base offset plus the message's place within that partition. */
function confirmations(batch: OutgoingMessage[], metadata: RecordMetadata[], ids: Map<OutgoingMessage, string | null>): SendResult[] {
  const base = new Map(metadata.map((r) => [`${r.topicName}:${r.partition}`, Number(r.baseOffset ?? r.offset ?? -1)]));
  const seen = new Map<string, number>();
  return batch.map((m) => {
    const key = `${m.topic}:${m.partition}`;
    const index = seen.get(key) ?? 0;
    seen.set(key, index + 1);
    const offset = base.get(key);
    return { line: m.line, topic: m.topic, partition: m.partition!, offset: offset === undefined || offset < 0 ? null : offset + index, msgId: ids.get(m)!, status: 'sent' };
  });
}

function failed(m: OutgoingMessage, msgId: string | null, error: CliError): SendResult {
  // A lost connection or an unanswered request may have stored the message: its fate is unknown.
  const status = error.kind === 'connection' ? 'unknown' : 'failed';
  return { line: m.line, topic: m.topic, partition: m.partition!, offset: null, msgId, status, error: error.message, errorKind: error.kind };
}

/** Every named topic's partitions; a topic that is missing or hidden by ACLs fails here, before anything is sent. */
async function topicsOrError(client: KafkaClient, names: string[]) {
  const visible = new Map((await fetchTopicMetadata(client, undefined)).map((t) => [t.name, t]));
  for (const name of names.filter((n) => !visible.has(n))) {
    // Ask for the topic by name: the broker then says whether it is missing or not ours to see.
    const missing = new CliError('notFound', `topic "${name}" does not exist; nothing was sent`, { hint: 'create it first (`sofakafka topic create`), or pass --create' });
    await client.call(`send to topic "${name}"`, async () => {
      await requestMetadata(await client.anyBroker(), [name]);
    }).catch((error: CliError) => {
      throw error.kind === 'notFound' ? missing : error;
    });
    throw missing;
  }
  return new Map(names.map((name) => [name, visible.get(name)!.partitions]));
}

function chunk<T>(items: T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}
