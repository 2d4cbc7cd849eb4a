import { notFoundError, usageError } from '../../errors.js';
import { validateUnitPart } from '../ldc/naming.js';

/**
 * Router rules, pure: what a rule is, how input becomes one, and how the records of the rules
 * topic fold into the current rules and their history. No I/O here; rule-store.ts reads and writes.
 */
export interface HeaderCondition {
  header: string;
  value: string;
}

export interface RouterRule {
  id: string;
  ns: string;
  /** The logical topic, or null when the rule takes every topic starting with `prefix`. */
  topic: string | null;
  prefix: string | null;
  from: string;
  to: string;
  /** Copy only messages whose header has this value (e.g. __UNIT.TARGET_R=CELL2); null: every message. */
  when: HeaderCondition | null;
  enabled: boolean;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
}

export type RuleAction = 'add' | 'remove' | 'enable' | 'disable';

/** One change, as the rules topic keeps it for ever (history). */
export interface RuleChange {
  id: string;
  action: RuleAction;
  /** The SASL principal that made the change. */
  by: string;
  at: string;
  /** The rule after the change (before it, for remove). */
  rule: RouterRule;
}

export interface RuleInput {
  ns: string;
  topic?: string;
  prefix?: string;
  from: string;
  to: string;
  when?: string;
  disabled?: boolean;
}

const LOGICAL_NAME = /^[A-Za-z0-9._-]{1,200}$/;
const RULE_ID = /^r-[0-9a-f]{8}$/;

/** Checks input and builds the rule; every refusal is a usage error (exit 2) before anything is sent. */
export function buildRule(input: RuleInput, id: string, by: string, now: Date): RouterRule {
  validateUnitPart(input.ns, 'namespace');
  validateUnitPart(input.from, 'cell');
  validateUnitPart(input.to, 'cell');
  if (input.from === input.to) throw usageError(`a rule from ${input.from} to ${input.to} would copy messages onto themselves`, '--from and --to must name different cells');
  if ((input.topic === undefined) === (input.prefix === undefined)) throw usageError('give exactly one of --topic T (one logical topic) or --prefix P (every topic starting with P)');
  const name = input.topic ?? input.prefix!;
  if (!LOGICAL_NAME.test(name) || name === '.' || name === '..') {
    throw usageError(`${input.topic !== undefined ? 'topic' : 'prefix'} "${name}" is not a legal logical topic name`, 'use letters, digits, ".", "_" and "-" (the physical name NS.CELL.TOPIC must be a legal Kafka topic)');
  }
  const at = now.toISOString();
  return {
    id, ns: input.ns, topic: input.topic ?? null, prefix: input.prefix ?? null, from: input.from, to: input.to,
    when: input.when === undefined ? null : parseCondition(input.when), enabled: !input.disabled,
    createdAt: at, createdBy: by, updatedAt: at, updatedBy: by,
  };
}

/** NAME=VALUE, e.g. __UNIT.TARGET_R=CELL2. */
export function parseCondition(text: string): HeaderCondition {
  const separator = text.indexOf('=');
  if (separator <= 0 || separator === text.length - 1) throw usageError(`--when "${text}" is not HEADER=VALUE`, 'for example --when __UNIT.TARGET_R=CELL2');
  return { header: text.slice(0, separator), value: text.slice(separator + 1) };
}

export function validateRuleId(id: string): string {
  if (!RULE_ID.test(id)) throw usageError(`"${id}" is not a rule id`, 'rule ids look like r-1a2b3c4d: `sofakafka router rule list` shows them');
  return id;
}

/** The rule with that id, or a not-found error (exit 3). */
export function requireRule(rules: RouterRule[], id: string): RouterRule {
  const rule = rules.find((r) => r.id === validateRuleId(id));
  if (!rule) throw notFoundError(`no router rule "${id}"`, '`sofakafka router rule list` shows the rules');
  return rule;
}

/** The change a command makes to an existing rule; null when it would change nothing. */
export function changeRule(rule: RouterRule, action: Exclude<RuleAction, 'add'>, by: string, now: Date): RuleChange | null {
  if ((action === 'enable' && rule.enabled) || (action === 'disable' && !rule.enabled)) return null;
  const at = now.toISOString();
  const after = action === 'remove' ? rule : { ...rule, enabled: action === 'enable', updatedAt: at, updatedBy: by };
  return { id: rule.id, action, by, at, rule: after };
}

/** What the rule covers, in one phrase: "ANT.CELL1.T1 → ANT.CELL2.T1". */
export function describeRule(rule: RouterRule): string {
  const name = rule.topic ?? `${rule.prefix}*`;
  return `${rule.ns}.${rule.from}.${name} → ${rule.ns}.${rule.to}.${name}${rule.when ? ` when ${rule.when.header}=${rule.when.value}` : ''}`;
}

/** Record keys in the rules topic: the latest state per rule (compacted), and one key per change (kept). */
export const ruleKey = (id: string) => `rule/${id}`;
export const changeKey = (change: RuleChange, unique: string) => `change/${change.id}/${change.at}/${unique}`;

export interface StoredRecord {
  key: string;
  value: string | null;
}

/** Folds the topic's records, in offset order, into the current rules and every change. */
export function foldRecords(records: StoredRecord[]): { rules: RouterRule[]; history: RuleChange[] } {
  const rules = new Map<string, RouterRule>();
  // By key, as compaction will leave it: a change written again by a retried send is one change.
  const history = new Map<string, RuleChange>();
  for (const record of records) {
    if (record.key.startsWith('rule/')) {
      const id = record.key.slice('rule/'.length);
      if (record.value === null) rules.delete(id);
      else rules.set(id, JSON.parse(record.value) as RouterRule);
    } else if (record.key.startsWith('change/') && record.value !== null) {
      history.set(record.key, JSON.parse(record.value) as RuleChange);
    }
  }
  return { rules: [...rules.values()].sort(byCreation), history: [...history.values()] };
}

const byCreation = (a: RouterRule, b: RouterRule) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id);
