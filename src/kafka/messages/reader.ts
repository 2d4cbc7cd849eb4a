import { CliError } from '../../errors.js';
import type { KafkaClient } from '../client.js';
import { currentLeaders, type Isolation, listOffsets, partitionKey } from '../admin/partition-offsets.js';
import { AbortedTransactionFilter } from '../protocol/aborted-transactions.js';
import { failoverDelay, isFailover } from '../failover.js';
import { fetchRaw, type FetchedPartition, supportsFetch } from '../protocol/fetch-request.js';
import { isControlBatch, type RawBatch, RecordCursor, type TimestampType, timestampTypeOf } from '../protocol/record-batch.js';
import { protocolError } from '../protocol/internals.js';

/**
 * A broker-level reader: Fetch requests straight to each partition's leader, all leaders at once,
 * no consumer group (nothing joins, nothing commits, no rebalance). Each leader has at most two
 * fetches in memory — the one being decoded and the next, sent before decoding starts — so memory
 * stays bounded by 2 × maxBytes per leader however large the topic.
 */
export interface PartitionRange {
  topic: string;
  partition: number;
  leader: number | null;
  /** First offset to read. */
  start: number;
  /** Offset to stop before (exclusive), e.g. the high watermark when the read was planned. */
  end: number;
}

/**
 * What the reader hands over: one record batch of a partition, in offset order, as a cursor
 * (`while (records.next()) use(records.record)`) that decodes in place. The record view moves on
 * with the cursor, and its bytes are in the response buffer, which is reused after the handler
 * returns (or its promise settles): copy whatever is kept (`toRecord()` and then the bytes).
 */
export type RecordsHandler = (range: PartitionRange, records: RecordCursor, timestampType: TimestampType) => void | 'stop' | Promise<void | 'stop'>;

export interface ReadOptions {
  onRecords: RecordsHandler;
  /**
   * read_committed: stop at the last stable offset and leave out records of aborted transactions,
   * as Kafka's consumer does (aborted-transactions.ts). Default read_uncommitted: every record.
   */
  isolation?: Isolation;
  /** read_committed only: the records left out because their transaction was aborted. */
  onAborted?: RecordsHandler;
  onProgress?: (stats: ReadStats) => void;
  maxBytes?: number;
  partitionMaxBytes?: number;
}

export interface PartitionReadStats {
  topic: string;
  partition: number;
  start: number;
  end: number;
  scanned: number;
  done: boolean;
}

export interface ReadStats {
  /** Records examined (offsets in each range), the figure tests and benchmarks compare. */
  scanned: number;
  bytes: number;
  fetches: number;
  partitions: number;
  partitionsDone: number;
  stoppedEarly: boolean;
  perPartition: PartitionReadStats[];
}

interface PartitionState extends PartitionRange {
  next: number;
  stats: PartitionReadStats;
  emptyFetches: number;
}

const LEADER_MOVED = new Set([3, 5, 6, 74, 75]); // unknown partition (metadata lag), leader not available, not leader, fenced/unknown leader epoch
const OFFSET_OUT_OF_RANGE = 1;
const MiB = 1024 * 1024;
/** Empty answers while below the high watermark before a partition is given up (a full response leaves later partitions empty). */
const MAX_EMPTY_FETCHES = 1000;

export async function readPartitions(client: KafkaClient, ranges: PartitionRange[], options: ReadOptions): Promise<ReadStats> {
  const perPartition = ranges.map((r) => ({ topic: r.topic, partition: r.partition, start: r.start, end: r.end, scanned: 0, done: r.start >= r.end }));
  const stats: ReadStats = { scanned: 0, bytes: 0, fetches: 0, partitions: ranges.length, partitionsDone: perPartition.filter((p) => p.done).length, stoppedEarly: false, perPartition };
  let queue: PartitionState[] = ranges
    .map((range, i) => ({ ...range, next: range.start, stats: perPartition[i]!, emptyFetches: 0 }))
    .filter((state) => !state.stats.done);
  const reader = { stopped: false, stats, options, client };
  // A leader that died or moved hands its partitions back; they are read on from where they were
  // once the metadata names a live leader. No count limit: --timeout ends a wait that never does.
  for (let attempt = 0; queue.length && !reader.stopped; attempt++) {
    if (attempt > 0) {
      await failoverDelay(attempt - 1);
      queue = await currentLeaders(client, queue);
    }
    const offline = queue.find((s) => s.leader === null);
    if (offline) throw new CliError('connection', `partition ${offline.topic}/${offline.partition} has no leader`, { hint: 'check `sofakafka cluster health` for offline partitions' });
    const byLeader = new Map<number, PartitionState[]>();
    for (const state of queue) byLeader.set(state.leader!, [...(byLeader.get(state.leader!) ?? []), state]);
    const moved = await Promise.all([...byLeader].map(([leader, states]) => readFromLeader(reader, leader, states).catch((error: unknown) => {
      if (!isFailover(error)) throw error;
      client.log(`broker ${leader} did not answer for its partitions; asking the metadata for their leaders again`, { error: (error as Error).message, attempt });
      return states.filter((s) => !s.stats.done);
    })));
    queue = moved.flat();
  }
  stats.stoppedEarly = reader.stopped && stats.partitionsDone < stats.partitions;
  return stats;
}

interface Reader {
  stopped: boolean;
  stats: ReadStats;
  options: ReadOptions;
  client: KafkaClient;
}

/** Reads the given partitions from one leader until each reaches its end; returns those whose leader moved. */
async function readFromLeader(reader: Reader, leader: number, states: PartitionState[]): Promise<PartitionState[]> {
  const { client, options, stats } = reader;
  const broker = await client.call(`connect to broker ${leader}`, () => client.broker(leader));
  if (!supportsFetch(broker)) throw new CliError('environment', `broker ${leader} does not speak Fetch v11 (Kafka 2.3 or later is needed)`);
  const byKey = new Map(states.map((s) => [partitionKey(s.topic, s.partition), s]));
  const moved: PartitionState[] = [];
  let active = states;
  const maxBytes = options.maxBytes ?? 4 * MiB;
  const committed = options.isolation === 'read_committed';
  const send = () => {
    // Few partitions left (a key query reads one): let each take a larger share of the response.
    const partitionMaxBytes = options.partitionMaxBytes ?? Math.max(MiB, Math.floor(maxBytes / active.length));
    const request = client.call(`read from broker ${leader}`, () => client.readFromBroker(leader, (b) => fetchRaw(b, {
      isolationLevel: committed ? 1 : 0,
      maxWaitMs: 100,
      maxBytes,
      partitions: active.map((s) => ({ topic: s.topic, partition: s.partition, fetchOffset: s.next, partitionMaxBytes })),
    }), broker));
    request.catch(() => undefined); // a fetch sent ahead may be abandoned when decoding fails; it is awaited otherwise
    return request;
  };
  let inflight = send();
  while (active.length && !reader.stopped) {
    const response = await inflight;
    stats.fetches++;
    const work: Array<{ state: PartitionState; from: number; batches: RawBatch[]; aborted: Set<RawBatch> }> = [];
    for (const fetched of response.partitions) {
      const state = byKey.get(partitionKey(fetched.topic, fetched.partition));
      if (!state || state.stats.done) continue;
      if (fetched.errorCode !== 0) {
        if (LEADER_MOVED.has(fetched.errorCode)) moved.push(state);
        else await recoverOrThrow(client, state, fetched);
        continue;
      }
      const aborted = committed ? abortedBatches(fetched) : new Set<RawBatch>();
      const batches = fetched.batches.filter((b) => b.lastOffset >= state.next);
      const from = state.next;
      if (batches.length) {
        state.next = batches[batches.length - 1]!.lastOffset + 1;
        state.emptyFetches = 0;
        work.push({ state, from, batches, aborted });
      } else if ((committed ? fetched.lastStableOffset : fetched.highWatermark) <= state.next || ++state.emptyFetches >= MAX_EMPTY_FETCHES) {
        // The log ends before the planned end (truncated or deleted meanwhile). An empty answer
        // below the high watermark only means the response was full: the rotation below gives
        // this partition the first place soon.
        state.next = state.end;
      }
      if (state.next >= state.end) finish(stats, state);
    }
    active = active.filter((s) => !s.stats.done && !moved.includes(s));
    // A response fills up in request order: rotate so every partition gets to be first.
    if (active.length > 1) active.push(active.shift()!);
    // Ask for the next chunk before decoding this one, so the broker works while we decode.
    if (active.length) inflight = send();
    for (const { state, from, batches, aborted } of work) {
      if (reader.stopped) break;
      if ((await deliver(reader, state, from, batches, aborted)) === 'stop') reader.stopped = true;
    }
    // Handlers copy what they keep (RecordsHandler), so the response's buffer can serve a later one.
    response.release();
    options.onProgress?.(stats);
  }
  return moved;
}

function finish(stats: ReadStats, state: PartitionState): void {
  state.stats.done = true;
  stats.partitionsDone++;
}

/** The batches of a read_committed response whose transaction was aborted (all batches are walked: the filter follows the markers). */
function abortedBatches(fetched: FetchedPartition): Set<RawBatch> {
  const filter = new AbortedTransactionFilter(fetched.abortedTransactions);
  return new Set(fetched.batches.filter((batch) => !filter.keeps(batch) && !isControlBatch(batch)));
}

async function deliver(reader: Reader, state: PartitionState, from: number, batches: RawBatch[], aborted: Set<RawBatch>): Promise<void | 'stop'> {
  for (const batch of batches) {
    reader.stats.bytes += batch.body.length + 21;
    if (isControlBatch(batch)) continue;
    const handler = aborted.has(batch) ? reader.options.onAborted : reader.options.onRecords;
    if (!handler) continue;
    const records = new RecordCursor(batch, from, state.end);
    if (!records.count) continue;
    reader.stats.scanned += records.count;
    state.stats.scanned += records.count;
    const answer = handler(state, records, timestampTypeOf(batch));
    if ((answer instanceof Promise ? await answer : answer) === 'stop') return 'stop';
  }
}

/** Retention may delete the start of a log while we read it: move on to the new start; anything else is an error. */
async function recoverOrThrow(client: KafkaClient, state: PartitionState, fetched: FetchedPartition): Promise<void> {
  if (fetched.errorCode === OFFSET_OUT_OF_RANGE) {
    const earliest = (await listOffsets(client, [state], 'earliest')).get(partitionKey(state.topic, state.partition));
    if (earliest && earliest.offset > state.next) {
      state.next = earliest.offset;
      return;
    }
  }
  throw await client.call(`read ${state.topic}/${state.partition}`, () => Promise.reject(protocolError(fetched.errorCode)));
}
