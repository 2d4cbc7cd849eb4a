import { describe, expect, it } from 'vitest';
import { checkTimeRange, parseHeaderFilters, parseOffsetSpec } from '../../src/commands/msg/query-flags.js';
import { recordMatcher } from '../../src/kafka/messages/query-filters.js';
import { parseTimeArg as parseTimeBound } from '../../src/cli/time.js';
import type { DecodedRecord } from '../../src/kafka/protocol/record-batch.js';

const now = Date.UTC(2026, 10, 20, 12, 0, 0);
const record = (over: Partial<DecodedRecord> = {}): DecodedRecord => ({
  offset: 0, timestamp: now, key: Buffer.from('user-42'), value: Buffer.from('{"refund":true}'), headers: [['sofakafka.msg.id', Buffer.from('id-1')], ['region', Buffer.from('eu')]], sizeBytes: 40, ...over,
});

describe('parseTimeArg as msg query reads --since/--until', () => {
  it('reads ISO-8601, epoch milliseconds and durations ago', () => {
    expect(parseTimeBound('2026-11-20T08:00:00Z', '--since', now)).toBe(Date.UTC(2026, 10, 20, 8));
    expect(parseTimeBound('1795161600000', '--since', now)).toBe(1795161600000);
    expect(parseTimeBound('2h', '--since', now)).toBe(now - 7_200_000);
    expect(parseTimeBound('-30m', '--since', now)).toBe(now - 1_800_000);
    expect(parseTimeBound('3d ago', '--since', now)).toBe(now - 3 * 86_400_000);
  });

  it.each(['yesterday', '12.5', '2026-13-40T00:00:00Z', '', 'h2'])('rejects %j with a usage error', (text) => {
    expect(() => parseTimeBound(text, '--since', now)).toThrow(/--since/);
  });

  it('refuses an until before since', () => {
    expect(() => checkTimeRange(2000, 1000)).toThrow(/before --since/);
    expect(() => checkTimeRange(1000, 1000)).not.toThrow();
  });
});

describe('parseOffsetSpec and parseHeaderFilters', () => {
  it('reads one offset or an inclusive range with open ends', () => {
    expect(parseOffsetSpec('42')).toEqual({ from: 42, to: 42, single: true });
    expect(parseOffsetSpec('10..19')).toEqual({ from: 10, to: 19, single: false });
    expect(parseOffsetSpec('10..')).toEqual({ from: 10, single: false });
    expect(parseOffsetSpec('..19')).toEqual({ to: 19, single: false });
    for (const bad of ['..', '-1', '5..3', 'abc', '1...2']) expect(() => parseOffsetSpec(bad)).toThrow(/--offset/);
  });

  it('reads NAME=VALUE and NAME alone, and refuses a missing name', () => {
    expect(parseHeaderFilters(['region=eu', 'trace', 'empty=', 'eq=a=b'])).toEqual([
      { key: 'region', value: 'eu' }, { key: 'trace', value: null }, { key: 'empty', value: '' }, { key: 'eq', value: 'a=b' },
    ]);
    expect(() => parseHeaderFilters(['=eu'])).toThrow(/has no header name/);
  });
});

describe('recordMatcher', () => {
  it('combines key, headers, msg id, text and time with AND', () => {
    expect(recordMatcher({ headers: [] })(record())).toBe(true);
    expect(recordMatcher({ headers: [], key: 'user-42' })(record())).toBe(true);
    expect(recordMatcher({ headers: [], key: 'user-4' })(record())).toBe(false);
    expect(recordMatcher({ headers: [], key: 'user-42' })(record({ key: null }))).toBe(false);
    expect(recordMatcher({ headers: [{ key: 'region', value: 'eu' }] })(record())).toBe(true);
    expect(recordMatcher({ headers: [{ key: 'region', value: 'us' }] })(record())).toBe(false);
    expect(recordMatcher({ headers: [{ key: 'region', value: null }] })(record())).toBe(true);
    expect(recordMatcher({ headers: [], msgId: 'id-1', grep: 'refund' })(record())).toBe(true);
    expect(recordMatcher({ headers: [], msgId: 'id-2' })(record())).toBe(false);
    expect(recordMatcher({ headers: [], grep: 'refund' })(record({ value: null }))).toBe(false);
    expect(recordMatcher({ headers: [], since: now, until: now })(record())).toBe(true);
    expect(recordMatcher({ headers: [], since: now + 1 })(record())).toBe(false);
    expect(recordMatcher({ headers: [], until: now - 1 })(record())).toBe(false);
  });
});
