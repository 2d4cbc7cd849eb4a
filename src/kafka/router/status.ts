import type { KafkaClient } from '../client.js';
import { listOffsets, partitionKey } from '../admin/partition-offsets.js';
import { fetchTopicMetadata } from '../admin/topics.js';
import { withCoordinator } from '../groups/coordinator.js';
import { describeGroupOverview } from '../groups/describe.js';
import { readRouterPositions } from './committed.js';
import { readRuleState } from './rule-store.js';
import { planRoutes } from './routes.js';
import { describeRule, type RouterRule } from './rules.js';

/**
 * router status: per rule, what the workers of the group have copied (the counters each
 * transaction commits with its offset), how far they are behind the source (last stable offset
 * minus committed offset, per partition: what a read_committed router can still read), and which
 * workers hold which partitions now.
 */
export const defaultRouterGroup = (ns: string) => `sofakafka-router.${ns}`;

export interface PartitionStatus {
  topic: string;
  partition: number;
  committedOffset: number | null;
  lastStableOffset: number;
  lag: number;
  copied: number;
  worker: string | null;
}

export interface RuleStatus {
  id: string;
  route: string;
  enabled: boolean;
  waiting: string[];
  copied: number;
  lag: number;
  partitions: PartitionStatus[];
}

export interface WorkerStatus {
  memberId: string;
  clientId: string;
  host: string;
  partitions: string[];
}

export interface RouterStatus {
  ns: string;
  group: string;
  groupState: string;
  workers: WorkerStatus[];
  rules: RuleStatus[];
}

export async function routerStatus(client: KafkaClient, ns: string, group: string): Promise<RouterStatus> {
  const [{ rules }, topics] = await Promise.all([readRuleState(client), fetchTopicMetadata(client, undefined)]);
  const mine = rules.filter((r) => r.ns === ns);
  const topicInfo = topics.map((t) => ({ name: t.name, partitions: t.partitions.length }));
  const waiting = planRoutes(mine, topicInfo, ns).waiting;
  // Where every rule reads, enabled or not: a disabled rule still shows how far it got.
  const sourcesOf = (rule: RouterRule) => planRoutes([{ ...rule, enabled: true }], topicInfo, ns).sources.map((s) => s.topic);
  const sourceTopics = [...new Set(mine.flatMap(sourcesOf))];
  const refs = topics.filter((t) => sourceTopics.includes(t.name)).flatMap((t) => t.partitions.map((p) => ({ topic: t.name, partition: p.partition, leader: p.leader })));
  const [positions, stable, earliest, workers] = await Promise.all([
    readRouterPositions(client, group, sourceTopics),
    listOffsets(client, refs, 'latest', 'read_committed'),
    listOffsets(client, refs, 'earliest'),
    describeWorkers(client, group),
  ]);
  const byPartition = new Map(positions.map((p) => [partitionKey(p.topic, p.partition), p]));
  const ownerOf = new Map(workers.workers.flatMap((w) => w.partitions.map((p) => [p, w.clientId] as const)));
  return {
    ns,
    group,
    groupState: workers.state,
    workers: workers.workers,
    rules: mine.map((rule) => {
      const partitions = refs.filter((ref) => sourcesOf(rule).includes(ref.topic)).map((ref) => {
        const key = partitionKey(ref.topic, ref.partition);
        const position = byPartition.get(key);
        const lastStableOffset = stable.get(key)?.offset ?? 0;
        const from = position?.offset ?? earliest.get(key)?.offset ?? 0;
        return {
          topic: ref.topic,
          partition: ref.partition,
          committedOffset: position?.offset ?? null,
          lastStableOffset,
          lag: Math.max(0, lastStableOffset - from),
          copied: position?.copied[rule.id] ?? 0,
          worker: ownerOf.get(key) ?? null,
        };
      });
      return {
        id: rule.id,
        route: describeRule(rule),
        enabled: rule.enabled,
        waiting: waiting.filter((w) => w.ruleId === rule.id).map((w) => w.reason),
        copied: partitions.reduce((sum, p) => sum + p.copied, 0),
        lag: partitions.reduce((sum, p) => sum + p.lag, 0),
        partitions,
      };
    }),
  };
}

async function describeWorkers(client: KafkaClient, group: string): Promise<{ state: string; workers: WorkerStatus[] }> {
  const overview = await withCoordinator(client, group, (coordinator) => describeGroupOverview(client, coordinator, group));
  return {
    state: overview.state,
    workers: overview.members.map((m) => ({
      memberId: m.memberId,
      clientId: m.clientId,
      host: m.host,
      partitions: m.assignment.flatMap((a) => a.partitions.map((p) => partitionKey(a.topic, p))).sort(),
    })),
  };
}
