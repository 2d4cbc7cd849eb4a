import { describe, expect, it } from 'vitest';
import { parseTargets, unitScopeFrom } from '../../src/cli/unit-flags.js';
import { stampUnit } from '../../src/kafka/ldc/stamp.js';
import { logicalTopics } from '../../src/kafka/ldc/units.js';
import type { UnitDefaults } from '../../src/config/unit-defaults.js';
import type { OutgoingMessage } from '../../src/kafka/messages/message.js';

const context: UnitDefaults = { ns: { value: 'ANT', source: 'context', context: 'c1' }, cell: { value: 'CELL1', source: 'context', context: 'c1' } };

describe('unit flags: flags over env over context, part by part', () => {
  it('no flags and no defaults: plain names', () => {
    expect(unitScopeFrom({}, {}, 'one')).toBeUndefined();
  });

  it('the context default fills both parts; --cell overrides only the cell', () => {
    expect(unitScopeFrom({}, context, 'one')).toEqual({ ns: 'ANT', cells: ['CELL1'] });
    expect(unitScopeFrom({ cell: 'CELL2' }, context, 'one')).toEqual({ ns: 'ANT', cells: ['CELL2'] });
    expect(unitScopeFrom({ ns: 'BANK', cell: 'C9' }, context, 'one')).toEqual({ ns: 'BANK', cells: ['C9'] });
  });

  it('--no-unit escapes the default, and cannot be combined with unit flags', () => {
    expect(unitScopeFrom({ unit: false }, context, 'one')).toBeUndefined();
    expect(() => unitScopeFrom({ unit: false, ns: 'ANT' }, {}, 'one')).toThrow(/--no-unit cannot be combined/);
  });

  it('an empty --ns is an error that points at --no-unit', () => {
    expect(() => unitScopeFrom({ ns: '' }, context, 'one')).toThrow(/empty --ns/);
  });

  it('a cell without a namespace, or a namespace without a cell, is refused and names where it came from', () => {
    expect(() => unitScopeFrom({ cell: 'CELL1' }, {}, 'one')).toThrow(/--cell CELL1 needs a namespace/);
    expect(() => unitScopeFrom({ ns: 'ANT' }, {}, 'one')).toThrow(/--ns ANT needs a cell/);
    expect(() => unitScopeFrom({}, { ns: { value: 'ANT', source: 'env' } }, 'one')).toThrow(/SOFAKAFKA_NS=ANT needs a cell/);
  });

  it('listings take a namespace alone, and --all-cells drops the default cell', () => {
    expect(unitScopeFrom({ ns: 'ANT' }, {}, 'list')).toEqual({ ns: 'ANT', cells: null });
    expect(unitScopeFrom({ allCells: true }, context, 'list')).toEqual({ ns: 'ANT', cells: null });
  });

  it('--cells gives several cells; malformed parts are refused', () => {
    expect(unitScopeFrom({ ns: 'ANT', cells: 'CELL1, CELL2,CELL1' }, {}, 'many')).toEqual({ ns: 'ANT', cells: ['CELL1', 'CELL2'] });
    expect(() => unitScopeFrom({ ns: 'ANT', cell: 'C1', cells: 'C2' }, {}, 'many')).toThrow(/--cell or --cells/);
    expect(() => unitScopeFrom({ ns: 'A.NT', cell: 'C1' }, {}, 'one')).toThrow(/not a valid namespace/);
    expect(() => unitScopeFrom({ ns: 'ANT', cells: 'C1,C_2' }, {}, 'many')).toThrow(/not a valid cell/);
  });

  it('--target-* needs a unit and a valid cell', () => {
    expect(() => parseTargets({ targetR: 'CELL2' }, undefined)).toThrow(/--target-r stamps a unit header/);
    expect(parseTargets({ targetR: 'CELL2', targetC: 'C3' }, { ns: 'ANT', cell: 'CELL1' })).toEqual({ r: 'CELL2', c: 'C3' });
    expect(() => parseTargets({ targetG: 'X.Y' }, { ns: 'ANT', cell: 'CELL1' })).toThrow(/not a valid cell/);
  });
});

describe('stampUnit', () => {
  it('sends to the physical topic and stamps the sender cell over whatever the input said', () => {
    const messages: OutgoingMessage[] = [
      { line: 1, topic: 'T1', key: null, value: Buffer.from('a'), headers: { '__UNIT.ORIUNIT': 'ELSEWHERE', h: 'x' } },
      { line: 2, topic: 'T2', key: null, value: Buffer.from('b'), headers: {} },
    ];
    stampUnit(messages, { ns: 'ANT', cell: 'CELL1' }, { r: 'CELL2' });
    expect(messages.map((m) => m.topic)).toEqual(['ANT.CELL1.T1', 'ANT.CELL1.T2']);
    expect(messages[0]!.headers).toEqual({ '__UNIT.ORIUNIT': 'CELL1', '__UNIT.TARGET_R': 'CELL2', h: 'x' });
  });
});

describe('logicalTopics', () => {
  it('flags partition counts that differ between cells and cells that lack a topic', () => {
    const views = logicalTopics({ ns: 'ANT', cells: [
      { cell: 'C1', topics: [{ name: 'T1', physicalName: 'ANT.C1.T1', partitions: 3 }, { name: 'T2', physicalName: 'ANT.C1.T2', partitions: 1 }], groups: [] },
      { cell: 'C2', topics: [{ name: 'T1', physicalName: 'ANT.C2.T1', partitions: 4 }], groups: [] },
    ] });
    expect(views.map((v) => [v.name, v.partitionsAgree, v.missingIn])).toEqual([['T1', false, []], ['T2', true, ['C2']]]);
  });
});
