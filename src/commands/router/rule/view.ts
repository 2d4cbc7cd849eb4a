import { describeRule, type RouterRule, type RuleChange } from '../../../kafka/router/rules.js';
import { type Block, table } from '../../../output/view.js';

/** How rules and their changes look in a table; -o json prints the objects as they are. */
export function rulesTable(rules: RouterRule[], title?: string): Block {
  return table([
    { header: 'id', value: (r: RouterRule) => r.id },
    { header: 'route', value: (r) => describeRule(r) },
    { header: 'enabled', value: (r) => (r.enabled ? 'yes' : 'no'), tone: (r) => (r.enabled ? 'good' : 'warn') },
    { header: 'updated', value: (r) => `${r.updatedAt} by ${r.updatedBy}`, tone: () => 'dim' },
  ], rules, { ...(title ? { title } : {}), empty: '(no router rules)' });
}

export function historyTable(changes: RuleChange[]): Block {
  return table([
    { header: 'when', value: (c: RuleChange) => c.at },
    { header: 'who', value: (c) => c.by },
    { header: 'what', value: (c) => c.action },
    { header: 'rule', value: (c) => c.id },
    { header: 'route', value: (c) => describeRule(c.rule), tone: () => 'dim' },
  ], changes, { empty: '(no changes)' });
}

/** The row a changing command prints: {name, status, error} plus the rule (docs/output.md). */
export function changeRow(rule: RouterRule, status: string) {
  return { name: rule.id, status, error: null, rule };
}
