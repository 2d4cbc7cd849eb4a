import { type Command, Option } from 'commander';
import { resolveUnitDefaults, type UnitDefaults } from '../config/unit-defaults.js';
import { usageError } from '../errors.js';
import { logicalNameIn, physicalGroupName, physicalTopicName, type Subscription, subscriptions, type Unit, type UnitTargets, validateUnitPart } from '../kafka/ldc/naming.js';
import type { CommandContext } from './types.js';
import { validateTopicName } from './parse.js';

/** The unit flags as commander hands them over (`unit` is false for --no-unit). */
export interface UnitFlags {
  ns?: string;
  cell?: string;
  cells?: string;
  allCells?: boolean;
  unit?: boolean;
}

/**
 * What a command may accept: one cell (the default), several (`--cells`, topic create/describe/delete),
 * or a listing scope where a namespace alone is enough and `--all-cells` drops the cell.
 */
export type UnitMode = 'one' | 'many' | 'list';

/** A namespace and the cells a command works on; cells null: every cell of the namespace (listings). */
export interface UnitScope {
  ns: string;
  cells: string[] | null;
}

/** Adds --ns/--cell (and --cells or --all-cells) and --no-unit: one wording on every command. */
export function unitOptions(command: Command, mode: UnitMode = 'one'): Command {
  command
    .option('--ns <ns>', 'LDC namespace: logical names become physical NS.CELL.NAME (default: SOFAKAFKA_NS, then the context\'s ns)')
    .option('--cell <cell>', 'LDC cell within --ns (default: SOFAKAFKA_CELL, then the context\'s cell)');
  if (mode === 'many') command.option('--cells <cells>', 'several cells at once, comma-separated (instead of --cell)');
  if (mode === 'list') command.option('--all-cells', 'every cell of the namespace, whatever cell is the default', false);
  return command.addOption(new Option('--no-unit', 'plain names: ignore the default unit from SOFAKAFKA_NS/SOFAKAFKA_CELL and the context'));
}

/** Reads the defaults (env, context) and resolves the scope; undefined: no unit, names are plain. */
export async function resolveUnitScope(ctx: CommandContext, flags: UnitFlags, mode: UnitMode = 'one'): Promise<UnitScope | undefined> {
  checkFlags(flags);
  if (flags.unit === false) return undefined;
  return unitScopeFrom(flags, await resolveUnitDefaults(ctx.configPath, ctx.io.env, ctx.globals.context), mode);
}

/** One unit, for commands that address a single cell; undefined: plain names. */
export async function resolveUnit(ctx: CommandContext, flags: UnitFlags): Promise<Unit | undefined> {
  const scope = await resolveUnitScope(ctx, flags, 'one');
  return scope && { ns: scope.ns, cell: scope.cells![0]! };
}

function checkFlags(flags: UnitFlags): void {
  if (flags.unit === false && (flags.ns !== undefined || flags.cell !== undefined || flags.cells !== undefined || flags.allCells)) {
    throw usageError('--no-unit cannot be combined with --ns, --cell, --cells or --all-cells', '--no-unit means plain topic and group names');
  }
  if (flags.ns === '' || flags.cell === '' || flags.cells === '') {
    throw usageError(`an empty ${flags.ns === '' ? '--ns' : flags.cell === '' ? '--cell' : '--cells'} is not a unit`, 'pass --no-unit to use plain names instead of the default unit');
  }
  if (flags.cell !== undefined && flags.cells !== undefined) throw usageError('give --cell or --cells, not both');
  if (flags.allCells && (flags.cell !== undefined)) throw usageError('give --cell or --all-cells, not both');
}

/** Flags over env over context, part by part (`--cell CELL2` keeps the context's namespace). Pure. */
export function unitScopeFrom(flags: UnitFlags, defaults: UnitDefaults, mode: UnitMode): UnitScope | undefined {
  checkFlags(flags);
  if (flags.unit === false) return undefined;
  const ns = flags.ns ?? defaults.ns?.value;
  const flagCells = flags.cells !== undefined ? [...new Set(flags.cells.split(',').map((c) => c.trim()).filter(Boolean))] : flags.cell !== undefined ? [flags.cell] : undefined;
  const cells = flags.allCells ? null : flagCells ?? (defaults.cell ? [defaults.cell.value] : []);
  if (ns === undefined) {
    if (!cells?.length) return undefined;
    throw usageError(`${describeCell(flags, defaults)} needs a namespace`, 'pass --ns NS as well (or set one in the context: `sofakafka context add NAME --ns NS --cell CELL`)');
  }
  validateUnitPart(ns, 'namespace');
  if (cells !== null && !cells.length && mode !== 'list') {
    const from = flags.ns !== undefined ? `--ns ${ns}` : defaults.ns!.source === 'env' ? `SOFAKAFKA_NS=${ns}` : `context "${defaults.ns!.context}" (ns ${ns})`;
    throw usageError(`${from} needs a cell`, mode === 'many' ? 'pass --cell CELL or --cells CELL1,CELL2' : 'pass --cell CELL as well');
  }
  for (const cell of cells ?? []) validateUnitPart(cell, 'cell');
  return { ns, cells: cells === null || !cells.length ? null : cells };
}

function describeCell(flags: UnitFlags, defaults: UnitDefaults): string {
  if (flags.cells !== undefined) return `--cells ${flags.cells}`;
  if (flags.cell !== undefined) return `--cell ${flags.cell}`;
  return defaults.cell!.source === 'env' ? `SOFAKAFKA_CELL=${defaults.cell!.value}` : `context "${defaults.cell!.context}" (cell ${defaults.cell!.value})`;
}

/** Every unit of a scope that names its cells. */
export function scopeUnits(scope: UnitScope): Unit[] {
  return (scope.cells ?? []).map((cell) => ({ ns: scope.ns, cell }));
}

/** A logical topic in a unit as its physical name, checked as Kafka checks topic names; plain without a unit. */
export function topicIn(unit: Unit | undefined, topic: string): string {
  validateTopicName(topic);
  if (!unit) return topic;
  const physical = physicalTopicName(unit, topic);
  validateTopicName(physical);
  return physical;
}

/** --subscription: needs a cell to compare with. */
export function parseSubscription(value: string | undefined, unit: Unit | undefined): Subscription | undefined {
  if (value === undefined) return undefined;
  if (!subscriptions.includes(value as Subscription)) throw usageError(`--subscription "${value}" is not one of ${subscriptions.join(', ')}`);
  if (!unit) throw usageError(`--subscription ${value} filters on the consuming cell, and no unit is in effect`, 'pass --ns NS --cell CELL (or set them in the context)');
  return value as Subscription;
}

/** The fields every unit-addressed JSON row gains next to its physical name. */
export function unitFields(unit: Unit, logicalName: string): { ns: string; cell: string; logicalName: string } {
  return { ns: unit.ns, cell: unit.cell, logicalName };
}

/** --subscription on msg consume and msg query. */
export function subscriptionOption(command: Command): Command {
  return command.addOption(new Option('--subscription <type>', 'LDC filter on the current cell: local (__UNIT.ORIUNIT), rzone/gzone/czone (__UNIT.TARGET_R/G/C)').choices([...subscriptions]));
}

/** --target-r/--target-g/--target-c on msg send. */
export function targetOptions(command: Command): Command {
  return command
    .option('--target-r <cell>', 'stamp __UNIT.TARGET_R: the RZone cell the message is for (needs a unit)')
    .option('--target-g <cell>', 'stamp __UNIT.TARGET_G: the GZone cell the message is for (needs a unit)')
    .option('--target-c <cell>', 'stamp __UNIT.TARGET_C: the CZone cell the message is for (needs a unit)');
}

/** --target-r/g/c as the stamp takes them; each needs a unit to send from. */
export function parseTargets(flags: { targetR?: string; targetG?: string; targetC?: string }, unit: Unit | undefined): UnitTargets {
  const given = Object.entries({ r: flags.targetR, g: flags.targetG, c: flags.targetC }).filter(([, cell]) => cell !== undefined) as Array<[keyof UnitTargets, string]>;
  if (given.length && !unit) throw usageError(`--target-${given[0]![0]} stamps a unit header, and no unit is in effect`, 'pass --ns NS --cell CELL (the sender\'s unit) as well');
  return Object.fromEntries(given.map(([zone, cell]) => [zone, validateUnitPart(cell, 'cell')]));
}

/** A logical group in a unit as its physical group; plain without a unit. */
export function groupIn(unit: Unit | undefined, group: string): string {
  return unit ? physicalGroupName(unit, group) : group;
}

/** A physical name within a listing scope: its unit and logical name, or undefined when outside. */
export function nameInScope(scope: UnitScope, name: string): (Unit & { name: string }) | undefined {
  return logicalNameIn(name, { ns: scope.ns, ...(scope.cells ? { cell: scope.cells[0]! } : {}) });
}
