import { hostname } from 'node:os';
import type { Consumer, EachBatchPayload } from 'kafkajs';
import { type CliError, isCliError } from '../../errors.js';
import { KafkaClient } from '../client.js';
import { fetchTopicMetadata } from '../admin/topics.js';
import { copiesOfSlice, sliceBatch } from './batch.js';
import { errorType, Lane } from './lane.js';
import { readRuleState } from './rule-store.js';
import { planRoutes, type RoutePlan, type SourceRoute, subscriptionKey } from './routes.js';

/**
 * `router run`: a consumer-group member that applies a namespace's enabled rules. Several workers
 * in one group share the source partitions. Each batch of a partition is one transaction of that
 * partition's lane (lane.ts), so a read_committed reader of a target sees every copy exactly once.
 * Rules and topics are re-read every poll; when the set of source topics changes, the consumer is
 * restarted (kafkajs cannot add topics to a running consumer).
 */
export interface RouterRunOptions {
  ns: string;
  groupId: string;
  signal: AbortSignal;
  pollMs: number;
  sessionTimeoutMs: number;
  log(line: string): void;
  onProgress?(stats: RouterStats): void;
  /** The cluster answered (rules read, a fetch, a heartbeat): the caller's --timeout bounds each wait. */
  onAlive?(): void;
}

export interface RouterStats {
  copied: number;
  read: number;
  transactions: number;
  failures: number;
  partitions: string[];
}

const STOP_GRACE_MS = 15_000;
const FATAL = new Set(['authorization', 'authentication']);

export async function runRouter(base: KafkaClient, options: RouterRunOptions): Promise<RouterStats> {
  // A client of its own: a worker retries where a one-shot command gives up quickly.
  const client = await KafkaClient.connect(base.connection, {
    timeoutMs: 30_000, log: base.log, clientId: `sofakafka-router-${options.ns}-${hostname()}-${process.pid}`,
    retries: 8,
  });
  const worker = new RouterWorker(client, options);
  try {
    return await worker.run();
  } finally {
    await client.close();
  }
}

class RouterWorker {
  private routes = new Map<string, SourceRoute>();
  private consumer: Consumer | null = null;
  private readonly lanes = new Map<string, Lane>();
  private fatal: CliError | null = null;
  private crashed = false;
  private generation = 0;
  private lastWaiting = '';
  readonly stats: RouterStats = { copied: 0, read: 0, transactions: 0, failures: 0, partitions: [] };

  constructor(private readonly client: KafkaClient, private readonly options: RouterRunOptions) {}

  async run(): Promise<RouterStats> {
    const { signal, log, ns, groupId } = this.options;
    log(`router for namespace ${ns} started (group ${groupId})`);
    let subscribed: string | null = null;
    while (!signal.aborted && !this.fatal) {
      try {
        const plan = await this.currentPlan();
        this.options.onAlive?.();
        this.routes = new Map(plan.sources.map((s) => [s.topic, s]));
        const key = subscriptionKey(plan);
        if (key !== subscribed || this.crashed) {
          if (this.consumer) log(this.crashed ? 'consumer stopped on an error: starting it again' : 'rules or topics changed: restarting the consumer');
          await this.stopConsumer();
          subscribed = key;
          if (plan.sources.length) await this.startConsumer(plan);
          else log(`no enabled rule of ${ns} has both topics yet: waiting`);
        }
      } catch (error) {
        if (this.isFatal(error)) break;
        log(`could not read the rules or topics (${describe(error)}); trying again`);
      }
      await sleep(this.options.pollMs, signal);
    }
    log(signal.aborted ? 'stopping: finishing the open transactions and leaving the group' : 'stopping on an error');
    await this.stopConsumer();
    if (this.fatal) throw this.fatal;
    log(`router stopped: ${this.stats.copied} copies in ${this.stats.transactions} transactions`);
    return this.stats;
  }

  private async currentPlan(): Promise<RoutePlan> {
    const [{ rules }, topics] = await Promise.all([readRuleState(this.client), fetchTopicMetadata(this.client, undefined)]);
    const plan = planRoutes(rules, topics.map((t) => ({ name: t.name, partitions: t.partitions.length })), this.options.ns);
    const routing = plan.sources.flatMap((s) => s.targets.map((t) => `${s.topic} → ${t.topic} (${t.ruleId})`));
    const summary = [...routing, ...plan.waiting.map((w) => `${w.ruleId} ${w.reason}`)].join('; ');
    if (summary !== this.lastWaiting) this.options.log(`rules: ${summary || `none enabled for ${this.options.ns}`}`);
    this.lastWaiting = summary;
    return plan;
  }

  private async startConsumer(plan: RoutePlan): Promise<void> {
    const { groupId, sessionTimeoutMs, log } = this.options;
    this.crashed = false;
    const consumer = this.client.consumer({
      groupId,
      readUncommitted: false,
      allowAutoTopicCreation: false,
      sessionTimeout: sessionTimeoutMs,
      rebalanceTimeout: sessionTimeoutMs,
      heartbeatInterval: Math.max(500, Math.floor(sessionTimeoutMs / 10)),
      maxWaitTimeInMs: 250,
      retry: { retries: 8, initialRetryTime: 200, maxRetryTime: 3000, restartOnFailure: async (error) => !this.isFatal(error) },
    });
    this.consumer = consumer;
    const alive = () => this.options.onAlive?.();
    consumer.on(consumer.events.FETCH, alive);
    consumer.on(consumer.events.HEARTBEAT, alive);
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      const assigned = Object.entries(payload.memberAssignment).flatMap(([topic, partitions]) => partitions.map((p) => `${topic}:${p}`)).sort();
      this.stats.partitions = assigned;
      log(`joined group ${groupId}${payload.isLeader ? ' (leader)' : ''}: ${assigned.length ? assigned.join(' ') : 'no partitions'}`);
      // A new generation: every lane fences earlier owners and re-reads its committed offset
      // before it copies again, at once (not on its first batch: a zombie must be fenced even
      // when no new message arrives).
      this.generation++;
      for (const [key, lane] of this.lanes) {
        if (assigned.includes(key)) continue;
        this.lanes.delete(key);
        void lane.dispose();
      }
      for (const key of assigned) {
        const lane = this.laneFor(key);
        lane.prepared = false;
        void this.ensurePrepared(lane, key).catch(() => undefined);
      }
    });
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (payload.restart) return;
      this.crashed = true;
      this.isFatal(payload.error);
      log(`consumer stopped: ${describe(payload.error)}`);
    });
    await consumer.connect();
    await consumer.subscribe({ topics: plan.sources.map((s) => s.topic), fromBeginning: true });
    const partitions = plan.sources.reduce((sum, s) => sum + s.partitions, 0);
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: Math.max(1, Math.min(8, partitions)),
      eachBatch: (payload) => this.routeBatch(payload),
    });
  }

  private async routeBatch({ batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload): Promise<void> {
    const route = this.routes.get(batch.topic);
    // A topic no enabled rule reads any more: leave it uncommitted; the restart drops it.
    if (!route || !isRunning() || isStale()) return;
    const key = `${batch.topic}:${batch.partition}`;
    const lane = this.laneFor(key);
    if (!lane.prepared) {
      if (!(await this.ensurePrepared(lane, key))) return;
      // Prepared lanes with a committed offset were sought there: this batch may start elsewhere.
      if (lane.position !== null) return;
    }
    const start = lane.position ?? Number(batch.firstOffset() ?? batch.lastOffset());
    if (Number(batch.lastOffset()) < start) {
      this.consumer?.seek({ topic: batch.topic, partition: batch.partition, offset: String(start) });
      return;
    }
    for (const slice of sliceBatch(batch, start)) {
      if (!isRunning() || isStale()) return;
      const copies = copiesOfSlice(batch, slice, route);
      try {
        await lane.commit(copies.topicMessages, copies.next, copies.added);
      } catch (error) {
        this.stats.failures++;
        if (this.isFatal(error)) throw error;
        this.options.log(`${key}: transaction failed (${describe(error)}): aborted; resuming from the committed offset`);
        await heartbeat(); // throws when the group has moved on without us: kafkajs rejoins
        return;
      }
      resolveOffset(String(copies.next - 1));
      this.stats.copied += copies.copies;
      this.stats.read += copies.read;
      this.stats.transactions++;
      this.options.onProgress?.(this.stats);
      await heartbeat();
    }
  }

  private laneFor(key: string): Lane {
    let lane = this.lanes.get(key);
    if (!lane) {
      const at = key.lastIndexOf(':');
      lane = new Lane({ client: this.client, groupId: this.options.groupId, topic: key.slice(0, at), partition: Number(key.slice(at + 1)), transactionTimeoutMs: 60_000 });
      this.lanes.set(key, lane);
    }
    return lane;
  }

  /** One preparation per lane at a time; done again if the group moved to a new generation meanwhile. Then seeks to the committed offset. */
  private ensurePrepared(lane: Lane, key: string): Promise<boolean> {
    lane.preparing ??= (async () => {
      try {
        for (;;) {
          const generation = this.generation;
          if (!(await this.prepare(lane, key))) return false;
          if (generation !== this.generation) continue;
          if (lane.position !== null) this.consumer?.seek({ topic: lane.topic, partition: lane.partition, offset: String(lane.position) });
          return true;
        }
      } finally {
        lane.preparing = undefined;
      }
    })();
    return lane.preparing;
  }

  /** Retries until the lane is ready or the worker stops; false when stopping. */
  private async prepare(lane: Lane, key: string): Promise<boolean> {
    for (let attempt = 0; !this.options.signal.aborted; attempt++) {
      try {
        await lane.prepare();
        this.options.log(`${key}: producer ${lane.transactionalId} ready (earlier owners fenced); committed offset ${lane.position ?? 'none'}`);
        return true;
      } catch (error) {
        if (this.isFatal(error)) throw error;
        if (attempt % 5 === 0) this.options.log(`${key}: preparing the transactional producer failed (${describe(error)}); retrying`);
        await sleep(Math.min(5000, 200 * 2 ** Math.min(attempt, 5)), this.options.signal);
      }
    }
    return false;
  }

  private isFatal(error: unknown): boolean {
    const translated = isCliError(error) ? error : this.client.translate(error, 'route messages');
    if (!FATAL.has(translated.kind)) return false;
    this.fatal ??= translated;
    return true;
  }

  private async stopConsumer(): Promise<void> {
    const consumer = this.consumer;
    this.consumer = null;
    if (consumer) await Promise.race([consumer.disconnect().catch(() => undefined), sleep(STOP_GRACE_MS)]);
    await Promise.all([...this.lanes.values()].map((lane) => lane.dispose()));
    this.lanes.clear();
  }
}

function describe(error: unknown): string {
  return errorType(error) ?? (error as Error)?.message ?? String(error);
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
