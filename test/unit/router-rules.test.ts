import { describe, expect, it } from 'vitest';
import { buildRule, changeRule, changeKey, describeRule, foldRecords, requireRule, ruleKey, type RuleInput } from '../../src/kafka/router/rules.js';

const now = new Date('2026-11-30T08:00:00Z');
const input: RuleInput = { ns: 'ANT', topic: 'T1', from: 'CELL1', to: 'CELL2', when: '__UNIT.TARGET_R=CELL2' };

describe('router rules', () => {
  it('builds the whitepaper rule with its condition', () => {
    const rule = buildRule(input, 'r-0000000a', 'User:ops', now);
    expect(rule).toMatchObject({ id: 'r-0000000a', ns: 'ANT', topic: 'T1', prefix: null, from: 'CELL1', to: 'CELL2', enabled: true, createdBy: 'User:ops' });
    expect(rule.when).toEqual({ header: '__UNIT.TARGET_R', value: 'CELL2' });
    expect(describeRule(rule)).toBe('ANT.CELL1.T1 → ANT.CELL2.T1 when __UNIT.TARGET_R=CELL2');
    expect(buildRule({ ...input, disabled: true }, 'r-0000000a', 'User:ops', now).enabled).toBe(false);
  });

  it('refuses a rule to the same cell, malformed names, both or neither of topic and prefix, a bad condition', () => {
    const bad: Array<[Partial<RuleInput>, RegExp]> = [
      [{ to: 'CELL1' }, /onto themselves/],
      [{ ns: 'A.NT' }, /not a valid namespace/],
      [{ from: 'CELL_1' }, /not a valid cell/],
      [{ to: '' }, /not a valid cell/],
      [{ prefix: 'T' }, /exactly one of --topic/],
      [{ topic: 'T 1' }, /not a legal logical topic/],
      [{ when: 'NOVALUE' }, /not HEADER=VALUE/],
      [{ when: '=x' }, /not HEADER=VALUE/],
    ];
    for (const [change, message] of bad) expect(() => buildRule({ ...input, ...change }, 'r-0000000a', 'User:ops', now)).toThrow(message);
    expect(() => buildRule({ ns: 'ANT', from: 'CELL1', to: 'CELL2' }, 'r-0000000a', 'User:ops', now)).toThrow(/exactly one/);
  });

  it('folds records into the latest rules and keeps every change', () => {
    const a = buildRule(input, 'r-0000000a', 'User:ops', now);
    const b = buildRule({ ...input, topic: undefined, prefix: 'orders-' }, 'r-0000000b', 'User:ops', new Date(now.getTime() + 1));
    const disable = changeRule(a, 'disable', 'User:bob', new Date(now.getTime() + 2))!;
    const removeB = changeRule(b, 'remove', 'User:bob', new Date(now.getTime() + 3))!;
    const records = [
      { key: ruleKey(a.id), value: JSON.stringify(a) },
      { key: changeKey({ id: a.id, action: 'add', by: 'User:ops', at: a.createdAt, rule: a }, 'x1'), value: JSON.stringify({ id: a.id, action: 'add', by: 'User:ops', at: a.createdAt, rule: a }) },
      { key: ruleKey(b.id), value: JSON.stringify(b) },
      { key: ruleKey(a.id), value: JSON.stringify(disable.rule) },
      { key: changeKey(disable, 'x2'), value: JSON.stringify(disable) },
      { key: ruleKey(b.id), value: null },
      { key: changeKey(removeB, 'x3'), value: JSON.stringify(removeB) },
    ];
    const { rules, history } = foldRecords(records);
    expect(rules.map((r) => [r.id, r.enabled, r.updatedBy])).toEqual([['r-0000000a', false, 'User:bob']]);
    expect(history.map((h) => `${h.action} ${h.id} by ${h.by}`)).toEqual(['add r-0000000a by User:ops', 'disable r-0000000a by User:bob', 'remove r-0000000b by User:bob']);
    // A send that was stored and then sent again (its broker died before answering) repeats both records, keys and all.
    const again = foldRecords([...records, records[3]!, records[4]!]);
    expect(again.history).toEqual(history);
    expect(again.rules).toEqual(rules);
  });

  it('an unknown or malformed id is refused; enabling an enabled rule changes nothing', () => {
    const a = buildRule(input, 'r-0000000a', 'User:ops', now);
    expect(() => requireRule([a], 'r-0000000b')).toThrow(/no router rule "r-0000000b"/);
    expect(() => requireRule([a], 'nonsense')).toThrow(/not a rule id/);
    expect(changeRule(a, 'enable', 'User:ops', now)).toBeNull();
    expect(changeRule(a, 'disable', 'User:ops', now)?.rule.enabled).toBe(false);
  });
});
