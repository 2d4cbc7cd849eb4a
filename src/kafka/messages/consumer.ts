import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Consumer, EachBatchPayload } from 'kafkajs';
import type { KafkaClient } from '../client.js';
import { translateKafkaError } from '../errors.js';
import { isFailover } from '../failover.js';
import { type Isolation, listOffsets, partitionKey } from '../admin/partition-offsets.js';
import { type MessageRecord, toMessageRecord, type ValueFormat } from './message.js';
import { fetchTopicMetadata } from '../admin/topics.js';
import { readCommittedOffsets } from '../groups/committed-offsets.js';
import { withCoordinator } from '../groups/coordinator.js';
import { commitGroupOffsets, type GroupMember, groupByTopic, type OffsetToCommit } from '../protocol/offset-commit.js';
import { passesSubscription, type Subscription, subscriptionHeader } from '../ldc/naming.js';

export type StartPosition = 'beginning' | 'end' | { timestamp: number };

export interface ConsumeOptions {
  topics: string[];
  groupId: string;
  /** The group is this instance's own: deleted when it leaves. */
  broadcast: boolean;
  /** Where to start in partitions the group has no committed offset for (all of them, for --broadcast). */
  from: StartPosition;
  count?: number;
  /** Stop after this long without a message (from joining the group). */
  idleMs?: number;
  isolation: Isolation;
  valueFormat: ValueFormat;
  /**
   * An LDC subscription: only messages for this cell are handed over. The others are not for this
   * cell, so the group commits past them as if they had been read.
   */
  subscription?: { type: Subscription; cell: string };
  /** Hands over each fetched batch; resolves once it is written, so what is committed was printed. */
  onRecords(records: MessageRecord[]): Promise<void>;
  /** Aborted on Ctrl-C: leave the group cleanly. */
  signal: AbortSignal;
  onNote(note: string): void;
  /** The cluster answered (a fetch came back, even empty): the caller's --timeout bounds each wait, not the stream. */
  onProgress?(): void;
}

export interface ConsumeSummary {
  consumed: number;
  /** Messages the subscription left out (and committed past). */
  filteredOut: number;
  stoppedBy: 'count' | 'idle' | 'interrupted';
  groupId: string;
  groupDeleted: boolean;
  /** Per partition, the next offset committed for the group. */
  committed: Array<{ topic: string; partition: number; offset: number }>;
}

function restartable(error: Error): boolean {
  return Boolean((error as { retriable?: boolean }).retriable) || error.name === 'KafkaJSGroupCoordinatorNotFound';
}

/** A group of this instance's own: host, pid and a random suffix, so two instances never share one. */
export function broadcastGroupId(): string {
  const host = hostname().replace(/[^a-zA-Z0-9._-]/g, '_').slice(0, 40);
  return `sofakafka-broadcast-${host}-${process.pid}-${randomBytes(4).toString('hex')}`;
}

const COMMIT_INTERVAL_MS = 1000;
/** How long a stop waits for a slow reader to take the batch being written. */
const STOP_WRITE_GRACE_MS = 5000;

async function settle(work: Promise<void> | undefined, limitMs: number): Promise<void> {
  if (!work) return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([work, new Promise((resolve) => (timer = setTimeout(resolve, limitMs)))]);
  clearTimeout(timer);
}

/**
 * Consumes as a member of a consumer group (kafkajs's classic group protocol). Offsets are
 * committed only for messages handed to onRecords and written, every second and on leaving, so
 * Ctrl-C loses nothing that was not printed and repeats nothing that was.
 */
export async function consumeMessages(client: KafkaClient, options: ConsumeOptions): Promise<ConsumeSummary> {
  const topics = await fetchTopicMetadata(client, options.topics);
  const pendingSeeks = await startOffsets(client, options, topics.flatMap((t) => t.partitions.map((p) => ({ topic: t.name, partition: p.partition, leader: p.leader }))));

  let restarts = 0;
  const consumer: Consumer = client.consumer({
    groupId: options.groupId,
    readUncommitted: options.isolation === 'read_uncommitted',
    allowAutoTopicCreation: false,
    sessionTimeout: 10_000,
    rebalanceTimeout: 10_000,
    heartbeatInterval: 1000,
    maxWaitTimeInMs: 500,
    // A fresh cluster's group coordinator answers "loading" for a while, and on a busy broker the
    // offsets topic takes longer to create than kafkajs's lookup retries (it then gives up with a
    // "non-retriable" KafkaJSGroupCoordinatorNotFound): restart for both; --timeout bounds the wait.
    // A lost broker (a fetch to a leader the metadata no longer names: "Broker 1 not found in the
    // cached metadata") restarts the consumer as often as it takes: the watchdog ends a wait that never does.
    retry: { retries: 6, initialRetryTime: 300, maxRetryTime: 3000, restartOnFailure: async (error) => isFailover(error) || (restartable(error) && restarts++ < 10) },
  });
  const printed = new Map<string, { topic: string; partition: number; offset: number }>();
  const committed = new Map<string, number>();
  let consumed = 0;
  let filteredOut = 0;
  const wanted = subscriptionTest(options.subscription);
  let lastCommit = Date.now();

  let finish!: (reason: ConsumeSummary['stoppedBy']) => void;
  let fail!: (error: unknown) => void;
  const stopped = new Promise<ConsumeSummary['stoppedBy']>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  let idleTimer: NodeJS.Timeout | undefined;
  const touch = () => {
    if (options.idleMs === undefined) return;
    clearTimeout(idleTimer);
    idleTimer = setTimeout(() => finish('idle'), options.idleMs);
  };
  const onAbort = () => finish('interrupted');
  options.signal.addEventListener('abort', onAbort, { once: true });

  // Who this consumer is in the group's current generation (its heartbeats say), to commit as it.
  let member: GroupMember | undefined;
  /**
   * kafkajs commits to the coordinator it joined through, even after that broker was lost and the
   * group's __consumer_offsets partition moved: it answers "not the coordinator" (or nothing) until
   * kafkajs gives up, long after --timeout. Then the commit goes, as this member, to the coordinator
   * found afresh; kafkajs moves over at its next heartbeat, which the old one refuses.
   */
  const commit = async (offsets: OffsetToCommit[], viaKafkajs: (offsets: OffsetToCommit[]) => Promise<unknown>) => {
    try {
      await viaKafkajs(offsets);
    } catch (error) {
      // isFailover covers "not the coordinator", "not available", "loading" and a lost broker.
      if (!member || !isFailover(error)) throw error;
      client.log('the group coordinator moved or was lost; committing at the one found now', { groupId: options.groupId });
      const as = member;
      await withCoordinator(client, options.groupId, (coordinator) => commitGroupOffsets(coordinator, options.groupId, offsets, as));
    }
  };
  const commitPrinted = async (viaKafkajs: (offsets: OffsetToCommit[]) => Promise<unknown>) => {
    const offsets = [...printed].filter(([key, p]) => committed.get(key) !== p.offset + 1)
      .map(([, p]) => ({ topic: p.topic, partition: p.partition, offset: p.offset + 1 }));
    if (!offsets.length) return;
    await commit(offsets, viaKafkajs);
    for (const o of offsets) committed.set(partitionKey(o.topic, o.partition), o.offset);
    lastCommit = Date.now();
  };
  // The consumer's own commit, retried by kafkajs (for the last commit, when no batch is at hand).
  const viaConsumer = (offsets: OffsetToCommit[]) => consumer.commitOffsets(offsets.map((o) => ({ ...o, offset: String(o.offset) })));

  // Back in the group (a rejoin, or kafkajs's restart after a lost broker) with printed messages a
  // failed commit left uncommitted: go on after them, not again from the group's older commit.
  const afterUncommitted = (key: string) => {
    const last = printed.get(key);
    return last && committed.get(key) !== last.offset + 1 ? last.offset + 1 : undefined;
  };

  const progress = () => options.onProgress?.();
  consumer.on(consumer.events.FETCH, progress);
  consumer.on(consumer.events.HEARTBEAT, (event) => {
    progress();
    member = { memberId: event.payload.memberId, generationId: event.payload.groupGenerationId };
  });
  consumer.on(consumer.events.GROUP_JOIN, (event) => {
    progress();
    touch();
    member = undefined; // a new generation: known again at the first heartbeat
    for (const [topic, partitions] of Object.entries(event.payload.memberAssignment)) {
      for (const partition of partitions) {
        const key = partitionKey(topic, partition);
        const offset = pendingSeeks.get(key) ?? afterUncommitted(key);
        if (offset === undefined) continue;
        pendingSeeks.delete(key);
        consumer.seek({ topic, partition, offset: String(offset) });
      }
    }
  });
  // kafkajs reports a crash it restarts from (restartOnFailure above) too: only a final one ends the command.
  consumer.on(consumer.events.CRASH, (event) => {
    if (!event.payload.restart) fail(event.payload.error);
  });

  let done = false;
  // The batch being written when a stop comes: it finishes (or gives up) before the last commit,
  // so a batch that reached stdout is committed and one that did not is not.
  let writing: Promise<void> | undefined;
  const eachBatch = async (payload: EachBatchPayload) => {
    if (done) return;
    const work = handleBatch(payload);
    writing = work.catch(() => undefined);
    await work;
  };
  const handleBatch = async ({ batch, isRunning, isStale, resolveOffset, commitOffsetsIfNecessary }: EachBatchPayload) => {
    if (done || !isRunning() || isStale()) return;
    const records: MessageRecord[] = [];
    let last: string | undefined;
    for (const message of batch.messages) {
      if (options.count !== undefined && consumed >= options.count) break;
      last = message.offset;
      if (!wanted(message.headers)) {
        filteredOut++;
        continue;
      }
      records.push(toMessageRecord(batch.topic, batch.partition, message, options.valueFormat));
      consumed++;
    }
    if (last === undefined) return;
    if (records.length) {
      touch();
      await options.onRecords(records);
    }
    // kafkajs fetches on from the resolved offset: resolve only what was written (or left out).
    resolveOffset(last);
    printed.set(partitionKey(batch.topic, batch.partition), { topic: batch.topic, partition: batch.partition, offset: Number(last) });
    if (options.count !== undefined && consumed >= options.count) {
      done = true;
      finish('count');
    } else if (Date.now() - lastCommit >= COMMIT_INTERVAL_MS) {
      // The batch's own commit is tried once (the consumer's retries it at the same coordinator).
      await commitPrinted((offsets) => commitOffsetsIfNecessary({ topics: byTopic(offsets) }));
    }
  };

  let stoppedBy: ConsumeSummary['stoppedBy'];
  try {
    await client.call('join the consumer group', async () => {
      await consumer.connect();
      await consumer.subscribe({ topics: options.topics, fromBeginning: options.from === 'beginning' });
      await consumer.run({ autoCommit: false, eachBatchAutoResolve: false, partitionsConsumedConcurrently: 1, eachBatch });
    });
    if (options.signal.aborted) finish('interrupted');
    stoppedBy = await stopped.catch((error: unknown) => {
      throw translateKafkaError(error, 'consume');
    });
    done = true;
    await settle(writing, STOP_WRITE_GRACE_MS);
    await client.call('commit offsets', () => commitPrinted(viaConsumer));
  } finally {
    clearTimeout(idleTimer);
    options.signal.removeEventListener('abort', onAbort);
    await consumer.disconnect().catch(() => undefined);
  }

  let groupDeleted = false;
  if (options.broadcast) {
    groupDeleted = await client.adminCall('delete the broadcast group', (admin) => admin.deleteGroups([options.groupId])).then(() => true, (error: Error) => {
      options.onNote(`could not delete broadcast group "${options.groupId}": ${error.message}`);
      return false;
    });
  }
  return {
    consumed,
    filteredOut,
    stoppedBy,
    groupId: options.groupId,
    groupDeleted,
    committed: [...printed.values()].map((p) => ({ topic: p.topic, partition: p.partition, offset: p.offset + 1 })),
  };
}

/** kafkajs's commit payload: per topic, each partition's next offset as a string. */
function byTopic(offsets: OffsetToCommit[]): Array<{ topic: string; partitions: Array<{ partition: number; offset: string }> }> {
  return groupByTopic(offsets).map(([topic, list]) => ({ topic, partitions: list.map((o) => ({ partition: o.partition, offset: String(o.offset) })) }));
}

type RawHeaders = Record<string, Buffer | string | Array<Buffer | string> | undefined> | undefined;

/** The subscription's test on a message's raw headers: only its one header is decoded. */
function subscriptionTest(subscription: ConsumeOptions['subscription']): (headers: RawHeaders) => boolean {
  if (!subscription) return () => true;
  const name = subscriptionHeader[subscription.type];
  return (headers) => {
    const raw = headers?.[name];
    const text = raw === undefined ? undefined : Array.isArray(raw) ? raw.map(String) : String(raw);
    return passesSubscription({ [name]: text }, subscription.type, subscription.cell);
  };
}

/**
 * Offsets to seek to once a partition is assigned: only for a start time (beginning and end are
 * kafkajs's own reset policy), and only where the group has committed nothing — a group resumes
 * where it left off; `offset reset` moves it.
 */
async function startOffsets(client: KafkaClient, options: ConsumeOptions, partitions: Array<{ topic: string; partition: number; leader: number | null }>): Promise<Map<string, number>> {
  const seeks = new Map<string, number>();
  if (typeof options.from !== 'object') return seeks;
  let fresh = partitions;
  if (!options.broadcast) {
    const committed = await readCommittedOffsets(client, options.groupId);
    const has = new Set(committed.map((o) => partitionKey(o.topic, o.partition)));
    fresh = partitions.filter((p) => !has.has(partitionKey(p.topic, p.partition)));
    if (fresh.length < partitions.length) options.onNote(`group "${options.groupId}" resumes from its committed offsets on ${partitions.length - fresh.length} partition(s); --from applies to the others`);
  }
  const [atTime, latest] = await Promise.all([
    listOffsets(client, fresh, options.from, options.isolation),
    listOffsets(client, fresh, 'latest', options.isolation),
  ]);
  for (const p of fresh) {
    const key = partitionKey(p.topic, p.partition);
    const offset = atTime.get(key)?.offset ?? -1;
    // No message at or after the time: start at the end.
    seeks.set(key, offset >= 0 ? offset : latest.get(key)?.offset ?? 0);
  }
  return seeks;
}
