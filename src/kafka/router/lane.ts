import type { Message, Producer, TopicMessages } from 'kafkajs';
import type { KafkaClient } from '../client.js';
import { chunkTopicMessages } from './batch.js';
import { encodeCopied, readRouterPositions } from './committed.js';

/**
 * One source partition's exactly-once lane: a transactional producer whose id is derived from the
 * group, topic and partition, so whoever owns the partition owns the id. kafkajs 2.2.4 speaks the
 * transaction APIs at v0-v1 (no KIP-447 group-metadata fencing); this is the pre-KIP-447 pattern:
 *
 * - prepare(): a fresh producer's InitProducerId bumps the id's epoch, which fences any earlier
 *   owner (a zombie cannot produce, commit offsets or end a transaction any more) and completes or
 *   aborts its open transaction. Only then is the committed offset read: it is final.
 * - commit(): copies and the source offset (with per-rule counters in its metadata) in one
 *   transaction. One transaction at a time per lane (kafkajs never hands two batches of a
 *   partition to eachBatch at once).
 * - any failure: abort if possible, then throw the producer away. The next batch prepares a new
 *   one (new epoch, fresh sequence numbers) and resumes from the committed offset. That one rule
 *   also covers kafkajs's known transaction bugs: an abort that fails and leaves the producer stuck
 *   (#1355), a broker that died mid-transaction (#1416). CONCURRENT_TRANSACTIONS right after a
 *   commit (#1315) is retried in place with backoff while the abort succeeds.
 */
export interface LaneContext {
  client: KafkaClient;
  groupId: string;
  topic: string;
  partition: number;
  transactionTimeoutMs: number;
}

const ABORT_WAIT_MS = 5000;
const CONCURRENT_RETRIES = 6;

export class Lane {
  private producer: Producer | null = null;
  prepared = false;
  /** A preparation under way (the worker's, shared by whoever needs the lane ready). */
  preparing: Promise<boolean> | undefined;
  /** Where the next transaction starts: the committed offset (null: nothing committed yet). */
  position: number | null = null;
  copied: Record<string, number> = {};
  transactions = 0;

  constructor(private readonly context: LaneContext) {}

  get topic(): string {
    return this.context.topic;
  }

  get partition(): number {
    return this.context.partition;
  }

  get transactionalId(): string {
    return transactionalIdFor(this.context.groupId, this.context.topic, this.context.partition);
  }

  /** New producer, InitProducerId (fencing), then the committed position. */
  async prepare(): Promise<void> {
    await this.dispose();
    const { client, topic, partition, groupId } = this.context;
    const producer = client.producer({
      transactionalId: this.transactionalId,
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      transactionTimeout: this.context.transactionTimeoutMs,
    });
    this.producer = producer;
    await producer.connect();
    // kafkajs sends InitProducerId on the first transaction(); an abort with nothing added sends nothing.
    const transaction = await producer.transaction();
    await transaction.abort();
    const [position] = (await readRouterPositions(client, groupId, [topic])).filter((p) => p.partition === partition);
    this.position = position?.offset ?? null;
    this.copied = position?.copied ?? {};
    this.prepared = true;
  }

  /** One transaction: the copies, and the source offset `next` with the counters. */
  async commit(topicMessages: TopicMessages[], next: number, added: Record<string, number>): Promise<void> {
    if (!this.producer || !this.prepared) throw new Error('lane used before prepare()');
    const copied = { ...this.copied };
    for (const [rule, n] of Object.entries(added)) copied[rule] = (copied[rule] ?? 0) + n;
    for (let attempt = 0; ; attempt++) {
      const transaction = await this.producer.transaction();
      try {
        for (const chunk of chunkTopicMessages(topicMessages)) await transaction.sendBatch({ topicMessages: chunk, acks: -1 });
        await transaction.sendOffsets({
          consumerGroupId: this.context.groupId,
          topics: [{ topic: this.context.topic, partitions: [{ partition: this.context.partition, offset: String(next), metadata: encodeCopied(copied) } as never] }],
        });
        await transaction.commit();
        break;
      } catch (error) {
        const aborted = transaction.isActive() ? await settleWithin(transaction.abort(), ABORT_WAIT_MS) : false;
        if (aborted && errorType(error) === 'CONCURRENT_TRANSACTIONS' && attempt < CONCURRENT_RETRIES) {
          await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt));
          continue;
        }
        this.prepared = false;
        await this.dispose();
        throw error;
      }
    }
    this.position = next;
    this.copied = copied;
    this.transactions++;
  }

  async dispose(): Promise<void> {
    const producer = this.producer;
    this.producer = null;
    this.prepared = false;
    if (producer) await settleWithin(producer.disconnect(), ABORT_WAIT_MS);
  }
}

export function transactionalIdFor(groupId: string, topic: string, partition: number): string {
  return `${groupId}.${topic}.${partition}`;
}

/** The kafkajs protocol error type anywhere in the cause chain (e.g. CONCURRENT_TRANSACTIONS). */
export function errorType(error: unknown): string | undefined {
  let current = error as { type?: string; originalError?: unknown; cause?: unknown } | undefined;
  for (let depth = 0; current && depth < 8; depth++) {
    if (current.type) return current.type;
    current = (current.originalError ?? current.cause) as typeof current;
  }
  return undefined;
}

/** Resolves true when the promise settled in time without error. */
async function settleWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([promise.then(() => true, () => false), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export type { Message };
