import { parsePhysicalName, physicalTopicName } from '../ldc/naming.js';
import type { HeaderCondition, RouterRule } from './rules.js';

/**
 * Pure routing decisions: which physical topics the enabled rules read and write (planRoutes), and
 * which copies one message gets with which headers (routeMessage). The worker only applies them.
 */
export const RouterHeaders = {
  /** The physical topic, partition and offset the copy was made from (its immediate source). */
  sourceTopic: '__ROUTER.SRC_TOPIC',
  sourcePartition: '__ROUTER.SRC_PARTITION',
  sourceOffset: '__ROUTER.SRC_OFFSET',
  /** The cells the message has been in, origin first, comma-separated: the loop guard. */
  hops: '__ROUTER.HOPS',
  /** The rule that made the copy. */
  rule: '__ROUTER.RULE',
} as const;

const routerHeaderNames = new Set<string>(Object.values(RouterHeaders));

export interface TopicInfo {
  name: string;
  partitions: number;
}

export interface RouteTarget {
  ruleId: string;
  cell: string;
  topic: string;
  when: HeaderCondition | null;
}

export interface SourceRoute {
  topic: string;
  cell: string;
  partitions: number;
  targets: RouteTarget[];
}

export interface WaitingRule {
  ruleId: string;
  reason: string;
}

export interface RoutePlan {
  sources: SourceRoute[];
  waiting: WaitingRule[];
}

/** The enabled rules of a namespace, applied to the topics that exist now. */
export function planRoutes(rules: RouterRule[], topics: TopicInfo[], ns: string): RoutePlan {
  const byName = new Map(topics.map((t) => [t.name, t]));
  const sources = new Map<string, SourceRoute>();
  const waiting: WaitingRule[] = [];
  for (const rule of rules.filter((r) => r.enabled && r.ns === ns)) {
    const matching = topics.filter((t) => {
      const parsed = parsePhysicalName(t.name);
      return parsed?.ns === ns && parsed.cell === rule.from && (rule.topic !== null ? parsed.name === rule.topic : parsed.name.startsWith(rule.prefix!));
    });
    if (!matching.length) {
      const what = rule.topic !== null ? physicalTopicName({ ns, cell: rule.from }, rule.topic) : `a topic ${ns}.${rule.from}.${rule.prefix}*`;
      waiting.push({ ruleId: rule.id, reason: `waiting for ${what} to exist` });
      continue;
    }
    for (const source of matching) {
      const logical = parsePhysicalName(source.name)!.name;
      const targetName = physicalTopicName({ ns, cell: rule.to }, logical);
      const target = byName.get(targetName);
      if (!target) {
        waiting.push({ ruleId: rule.id, reason: `waiting for ${targetName} to exist` });
        continue;
      }
      if (target.partitions < source.partitions) {
        waiting.push({ ruleId: rule.id, reason: `${targetName} has ${target.partitions} partitions, fewer than ${source.name}'s ${source.partitions}: copies keep the partition number` });
        continue;
      }
      const route = sources.get(source.name) ?? { topic: source.name, cell: rule.from, partitions: source.partitions, targets: [] };
      if (!route.targets.some((t) => t.topic === targetName)) route.targets.push({ ruleId: rule.id, cell: rule.to, topic: targetName, when: rule.when });
      sources.set(source.name, route);
    }
  }
  return { sources: [...sources.values()].sort((a, b) => a.topic.localeCompare(b.topic)), waiting };
}

/** The set of source topics and their partition counts: a change means the consumer must start again. */
export function subscriptionKey(plan: RoutePlan): string {
  return plan.sources.map((s) => `${s.topic}#${s.partitions}`).join(',');
}

export type HeaderValue = Buffer | string | Array<Buffer | string> | undefined;
export type Headers = Record<string, HeaderValue>;

export interface SourcePosition {
  topic: string;
  partition: number;
  offset: string;
  cell: string;
}

export interface Copy {
  target: RouteTarget;
  headers: Headers;
}

/**
 * The copies of one message: one per target whose condition holds, except to a cell the message
 * has already been in (the hops header), so rules both ways between two cells never loop.
 */
export function routeMessage(headers: Headers | undefined, source: SourcePosition, targets: RouteTarget[]): Copy[] {
  const hops = readHops(headers?.[RouterHeaders.hops]);
  if (!hops.includes(source.cell)) hops.push(source.cell);
  const kept: Headers = {};
  for (const [name, value] of Object.entries(headers ?? {})) if (!routerHeaderNames.has(name)) kept[name] = value;
  const copies: Copy[] = [];
  for (const target of targets) {
    if (hops.includes(target.cell)) continue;
    if (target.when && headerText(headers?.[target.when.header]) !== target.when.value) continue;
    copies.push({
      target,
      headers: {
        ...kept,
        [RouterHeaders.sourceTopic]: source.topic,
        [RouterHeaders.sourcePartition]: String(source.partition),
        [RouterHeaders.sourceOffset]: source.offset,
        [RouterHeaders.hops]: [...hops, target.cell].join(','),
        [RouterHeaders.rule]: target.ruleId,
      },
    });
  }
  return copies;
}

function readHops(value: HeaderValue): string[] {
  const text = headerText(value);
  return text ? text.split(',').filter(Boolean) : [];
}

/** A header as text (the first value when repeated). */
export function headerText(value: HeaderValue): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined ? undefined : first.toString();
}
