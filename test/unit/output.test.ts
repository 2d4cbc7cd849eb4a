import { describe, expect, it } from 'vitest';
import { parseDurationMs, formatDuration } from '../../src/cli/duration.js';
import { globToRegExp, nameFilter } from '../../src/kafka/admin/name-filter.js';
import { redact, redactText } from '../../src/output/redact.js';
import { render, toNdjson } from '../../src/output/render.js';
import { colourEnabled, makeChalk } from '../../src/output/style.js';
import { fields, table } from '../../src/output/view.js';
import { assertKnownTopicConfigs } from '../../src/kafka/admin/topic-config-names.js';

const plain = makeChalk(false);

describe('render', () => {
  const view = {
    data: [{ name: 'a', partitions: 3, at: new Date('2026-01-02T03:04:05Z') }],
    blocks: [table([{ header: 'name', value: (r: { name: string }) => r.name }, { header: 'partitions', value: (r: { partitions: number }) => r.partitions, align: 'right' as const }], [{ name: 'a', partitions: 3 }])],
  };

  it('prints JSON with ISO times and numbers as numbers', () => {
    expect(JSON.parse(render(view, 'json', plain))).toEqual([{ name: 'a', partitions: 3, at: '2026-01-02T03:04:05.000Z' }]);
  });

  it('prints a borderless table with upper-case headers and no colour codes when colour is off', () => {
    const text = render(view, 'table', plain);
    expect(text).toBe('NAME  PARTITIONS\na              3\n');
    expect(text).not.toContain('\u001b[');
  });

  it('prints fields aligned, with "-" for missing values, and a message for empty tables', () => {
    expect(render({ data: {}, blocks: [fields([['Id', 'x'], ['Controller', null]])] }, 'table', plain)).toBe('Id          x\nController  -\n');
    expect(render({ data: [], blocks: [table([{ header: 'a', value: () => 1 }], [], { empty: 'nothing here' })] }, 'table', plain)).toBe('nothing here\n');
  });

  it('writes one JSON document per line for ndjson', () => {
    expect(toNdjson([{ a: 1 }, { a: 2 }])).toBe('{"a":1}\n{"a":2}\n');
    expect(toNdjson([])).toBe('');
  });
});

describe('colour', () => {
  it('follows the terminal, NO_COLOR, FORCE_COLOR and --no-color', () => {
    expect(colourEnabled(true, {}, false)).toBe(true);
    expect(colourEnabled(false, {}, false)).toBe(false);
    expect(colourEnabled(true, { NO_COLOR: '1' }, false)).toBe(false);
    expect(colourEnabled(false, { FORCE_COLOR: '1' }, false)).toBe(true);
    expect(colourEnabled(true, { FORCE_COLOR: '0' }, false)).toBe(false);
    expect(colourEnabled(true, { FORCE_COLOR: '1' }, true)).toBe(false);
  });
});

describe('redaction', () => {
  it('masks secret-looking keys at any depth and leaves the rest', () => {
    expect(redact({ sasl: { username: 'u', password: 'p' }, brokers: ['a'], nested: [{ secret: 's' }] })).toEqual({
      sasl: { username: 'u', password: '***' }, brokers: ['a'], nested: [{ secret: '***' }],
    });
  });

  it('masks passwords inside free text', () => {
    expect(redactText('ScramLoginModule required username="a" password="hunter2";')).not.toContain('hunter2');
    expect(redactText('sasl://user:hunter2@host')).not.toContain('hunter2');
  });
});

describe('durations and names', () => {
  it('parses durations with units, bare numbers as seconds, and rejects junk', () => {
    expect(parseDurationMs('500ms', '--timeout')).toBe(500);
    expect(parseDurationMs('2m', '--timeout')).toBe(120_000);
    expect(parseDurationMs('10', '--timeout')).toBe(10_000);
    expect(() => parseDurationMs('soon', '--timeout')).toThrow(/not a duration/);
    expect(() => parseDurationMs('-5s', '--timeout')).toThrow(/not a duration/);
    expect(formatDuration(90_000)).toBe('1m30s');
  });

  it('matches globs against whole names and plain text anywhere', () => {
    expect(globToRegExp('orders-*').test('orders-eu')).toBe(true);
    expect(globToRegExp('orders-*').test('xorders-eu')).toBe(false);
    expect(globToRegExp('a.b?').test('a.bc')).toBe(true);
    expect(globToRegExp('a.b?').test('axbc')).toBe(false);
    expect(nameFilter('der')('orders')).toBe(true);
  });

  it('names an unknown topic config and suggests the nearest', () => {
    expect(() => assertKnownTopicConfigs(['retention.ms', 'retentoin.ms'])).toThrow(/retentoin\.ms/);
    expect(() => assertKnownTopicConfigs(['cleanup.policy'])).not.toThrow();
  });
});
