import { describe, expect, it } from 'vitest';
import { parsePhysicalName, passesSubscription, physicalGroupName, physicalTopicName, validateUnitPart } from '../../src/kafka/ldc/naming.js';

describe('LDC naming', () => {
  it('builds the whitepaper example and reads it back', () => {
    expect(physicalTopicName({ ns: 'ANT', cell: 'CELL1' }, 'T1')).toBe('ANT.CELL1.T1');
    expect(physicalGroupName({ ns: 'ANT', cell: 'CELL1' }, 'G1')).toBe('ANT.CELL1.G1');
    expect(parsePhysicalName('ANT.CELL1.T1')).toEqual({ ns: 'ANT', cell: 'CELL1', name: 'T1' });
    expect(parsePhysicalName('ANT.CELL1.a.b')).toEqual({ ns: 'ANT', cell: 'CELL1', name: 'a.b' });
  });

  it('plain topic names are not physical names', () => {
    for (const name of ['orders', 'a.b', '.a.b', 'a..b', 'a.b.', 'A_X.CELL.T', '__consumer_offsets']) expect(parsePhysicalName(name)).toBeUndefined();
  });

  it('refuses parts that would make an ambiguous or illegal name', () => {
    for (const bad of ['', 'A.B', 'A_B', 'A B', 'x'.repeat(65), 'ü']) expect(() => validateUnitPart(bad, 'cell')).toThrow(/not a valid cell/);
    expect(validateUnitPart('CELL-1', 'cell')).toBe('CELL-1');
  });

  it('subscriptions filter on the header of their zone', () => {
    const headers = { '__UNIT.ORIUNIT': 'CELL1', '__UNIT.TARGET_R': 'CELL2' };
    expect(passesSubscription(headers, 'local', 'CELL1')).toBe(true);
    expect(passesSubscription(headers, 'local', 'CELL2')).toBe(false);
    expect(passesSubscription(headers, 'rzone', 'CELL2')).toBe(true);
    expect(passesSubscription(headers, 'gzone', 'CELL2')).toBe(false);
  });
});
