import type { KafkaClient } from '../client.js';
import { fetchTopicMetadata } from '../admin/topics.js';
import { parsePhysicalName } from './naming.js';

export interface UnitTopic {
  name: string;
  physicalName: string;
  partitions: number;
}

export interface UnitGroup {
  name: string;
  physicalName: string;
}

export interface CellView {
  cell: string;
  topics: UnitTopic[];
  groups: UnitGroup[];
}

export interface NamespaceView {
  ns: string;
  cells: CellView[];
}

/**
 * The units as the cluster has them: every topic and group whose name reads as NS.CELL.NAME,
 * grouped by namespace and cell. One Metadata request and one ListGroups per broker; nothing is
 * stored on the side, so what this shows is what exists.
 */
export async function listUnits(client: KafkaClient): Promise<NamespaceView[]> {
  const [topics, listed] = await Promise.all([
    fetchTopicMetadata(client, undefined),
    client.adminCall('list groups', (admin) => admin.listGroups()),
  ]);
  const namespaces = new Map<string, Map<string, CellView>>();
  const cellOf = (ns: string, cell: string): CellView => {
    const cells = namespaces.get(ns) ?? namespaces.set(ns, new Map()).get(ns)!;
    return cells.get(cell) ?? cells.set(cell, { cell, topics: [], groups: [] }).get(cell)!;
  };
  for (const topic of topics) {
    const unit = topic.internal ? undefined : parsePhysicalName(topic.name);
    if (unit) cellOf(unit.ns, unit.cell).topics.push({ name: unit.name, physicalName: topic.name, partitions: topic.partitions.length });
  }
  for (const { groupId } of listed.groups) {
    const unit = parsePhysicalName(groupId);
    if (unit) cellOf(unit.ns, unit.cell).groups.push({ name: unit.name, physicalName: groupId });
  }
  const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
  return [...namespaces].sort(([a], [b]) => a.localeCompare(b)).map(([ns, cells]) => ({
    ns,
    cells: [...cells.values()].sort((a, b) => a.cell.localeCompare(b.cell)).map((c) => ({ ...c, topics: c.topics.sort(byName), groups: c.groups.sort(byName) })),
  }));
}

/** A logical topic across a namespace's cells: its partition count per cell, and whether they agree. */
export interface LogicalTopicView {
  name: string;
  cells: Array<{ cell: string; physicalName: string; partitions: number }>;
  /** Cells that have no physical topic for it. */
  missingIn: string[];
  /** Equal partition counts everywhere: a key lands on the same partition number in every cell. */
  partitionsAgree: boolean;
}

export function logicalTopics(namespace: NamespaceView): LogicalTopicView[] {
  const names = [...new Set(namespace.cells.flatMap((c) => c.topics.map((t) => t.name)))].sort();
  return names.map((name) => {
    const cells = namespace.cells.flatMap((c) => c.topics.filter((t) => t.name === name).map((t) => ({ cell: c.cell, physicalName: t.physicalName, partitions: t.partitions })));
    return {
      name,
      cells,
      missingIn: namespace.cells.filter((c) => !cells.some((x) => x.cell === c.cell)).map((c) => c.cell),
      partitionsAgree: new Set(cells.map((c) => c.partitions)).size <= 1,
    };
  });
}
