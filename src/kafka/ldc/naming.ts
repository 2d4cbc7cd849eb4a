import { usageError } from '../../errors.js';

/**
 * LDC unit addressing (whitepaper 5.5): one physical cluster serves logical units (cells). In
 * namespace (InstanceId) ANT, cell CELL1's logical topic T1 is the physical topic ANT.CELL1.T1, and
 * its logical group G1 the physical group ANT.CELL1.G1. Every command that takes --ns/--cell goes
 * through this module, so names are built and read back one way.
 *
 * Namespaces and cells are letters, digits and "-": no "." (the separator, so a physical name reads
 * back unambiguously) and no "_" (Kafka treats "." and "_" alike in metric names and refuses a topic
 * that collides with another that way: ANT_X.CELL.T and ANT.X_CELL.T would).
 */
export const UNIT_PART = /^[A-Za-z0-9-]{1,64}$/;

export const UnitHeaders = {
  /** The cell the message was sent from. */
  origin: '__UNIT.ORIUNIT',
  /** Target cells by zone type, when the sender names them. */
  targetR: '__UNIT.TARGET_R',
  targetG: '__UNIT.TARGET_G',
  targetC: '__UNIT.TARGET_C',
} as const;

/** Whitepaper 5.5's subscriptions: which header must equal the consuming cell. */
export const subscriptionHeader = {
  local: UnitHeaders.origin,
  rzone: UnitHeaders.targetR,
  gzone: UnitHeaders.targetG,
  czone: UnitHeaders.targetC,
} as const;
export type Subscription = keyof typeof subscriptionHeader;
export const subscriptions = Object.keys(subscriptionHeader) as Subscription[];

export interface Unit {
  ns: string;
  cell: string;
}

export function validateUnitPart(value: string, what: 'namespace' | 'cell'): string {
  if (!UNIT_PART.test(value)) {
    throw usageError(
      `${what} "${value}" is not a valid ${what} name`,
      `${what}s are 1-64 letters, digits and "-" ("." separates the parts of ${what === 'namespace' ? 'NS' : 'CELL'} in NS.CELL.TOPIC, and "_" would collide with "." in Kafka's metric names)`,
    );
  }
  return value;
}

export function validateUnit(unit: Unit): Unit {
  return { ns: validateUnitPart(unit.ns, 'namespace'), cell: validateUnitPart(unit.cell, 'cell') };
}

/** NS.CELL.TOPIC — the physical topic of a logical topic in a cell. */
export function physicalTopicName(unit: Unit, topic: string): string {
  validateUnit(unit);
  return `${unit.ns}.${unit.cell}.${topic}`;
}

/** NS.CELL.GROUP — the physical group of a logical group in a cell. */
export function physicalGroupName(unit: Unit, group: string): string {
  validateUnit(unit);
  return `${unit.ns}.${unit.cell}.${group}`;
}

/** Reads a physical name back into its unit and logical name; undefined for a name that is not NS.CELL.NAME. */
export function parsePhysicalName(name: string): (Unit & { name: string }) | undefined {
  const first = name.indexOf('.');
  const second = name.indexOf('.', first + 1);
  if (first <= 0 || second <= first + 1 || second === name.length - 1) return undefined;
  const ns = name.slice(0, first);
  const cell = name.slice(first + 1, second);
  if (!UNIT_PART.test(ns) || !UNIT_PART.test(cell)) return undefined;
  return { ns, cell, name: name.slice(second + 1) };
}

/** Does a message (its headers as text) pass the subscription filter for the consuming cell? */
export function passesSubscription(headers: Record<string, string | string[] | undefined>, subscription: Subscription, cell: string): boolean {
  const value = headers[subscriptionHeader[subscription]];
  return Array.isArray(value) ? value.includes(cell) : value === cell;
}

/** The header a subscription tests and the value it must have: msg query turns it into a header filter. */
export function subscriptionFilter(subscription: Subscription, cell: string): { key: string; value: string } {
  return { key: subscriptionHeader[subscription], value: validateUnitPart(cell, 'cell') };
}

/** Target cells a sender names, by zone type (--target-r/--target-g/--target-c). */
export interface UnitTargets {
  r?: string;
  g?: string;
  c?: string;
}

/** The __UNIT.* headers a sender in `cell` stamps: its own cell, and the targets it names. */
export function unitHeaders(cell: string, targets: UnitTargets = {}): Record<string, string> {
  const headers: Record<string, string> = { [UnitHeaders.origin]: validateUnitPart(cell, 'cell') };
  if (targets.r !== undefined) headers[UnitHeaders.targetR] = validateUnitPart(targets.r, 'cell');
  if (targets.g !== undefined) headers[UnitHeaders.targetG] = validateUnitPart(targets.g, 'cell');
  if (targets.c !== undefined) headers[UnitHeaders.targetC] = validateUnitPart(targets.c, 'cell');
  return headers;
}

/** Does a physical name belong to this namespace (and cell, when given)? The logical name when it does. */
export function logicalNameIn(name: string, scope: { ns: string; cell?: string }): (Unit & { name: string }) | undefined {
  const parsed = parsePhysicalName(name);
  if (!parsed || parsed.ns !== scope.ns || (scope.cell !== undefined && parsed.cell !== scope.cell)) return undefined;
  return parsed;
}
