import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { Io } from '../../src/io.js';
import { displayWidth, fitColumnWidths, truncate, wrap } from '../../src/output/fit.js';
import { Output } from '../../src/output/output.js';
import { table, type View } from '../../src/output/view.js';

/** Prints a view through Output to a fake stdout: a terminal of `columns` cells, or a pipe. */
async function printed(view: View, stdout: { isTTY: boolean; columns?: number }): Promise<string> {
  const stream = Object.assign(new PassThrough(), stdout);
  let text = '';
  stream.on('data', (chunk) => (text += chunk));
  const io: Io = { stdout: stream, stderr: new PassThrough(), stdin: new PassThrough(), env: { NO_COLOR: '1' } };
  await new Output(io, { format: 'table', noColor: true, debug: false }).print(view);
  return text;
}

const lines = (text: string) => text.trimEnd().split('\n');

interface Message { partition: number; offset: number; key: string; value: string }
const longValue = `{"order":${'1234567890'.repeat(12)},"status":"paid"}`;
const messages: View = {
  data: [],
  blocks: [table<Message>([
    { header: 'partition', value: (m) => m.partition, align: 'right' },
    { header: 'offset', value: (m) => m.offset, align: 'right' },
    { header: 'key', value: (m) => m.key, shrink: 'truncate' },
    { header: 'value', value: (m) => m.value, shrink: 'truncate' },
  ], [
    { partition: 11, offset: 1234567890123, key: 'user-42', value: longValue },
    { partition: 3, offset: 7, key: 'user-7', value: 'short' },
  ])],
};

interface Config { name: string; value: string; source: string }
const configValue = 'org.example.FirstPolicy,org.example.SecondPolicy,org.example.ThirdPolicy';
const configs: View = {
  data: [],
  blocks: [table<Config>([
    { header: 'config', value: (c) => c.name },
    { header: 'value', value: (c) => c.value, shrink: 'wrap' },
    { header: 'source', value: (c) => c.source },
  ], [{ name: 'create.topic.policy.class.name', value: configValue, source: 'topic' }, { name: 'retention.ms', value: '259200000', source: 'topic' }])],
};

describe('tables on a terminal fit its width', () => {
  it('a 60-column terminal cuts the value with "…" and keeps every line within 60 cells', async () => {
    const text = await printed(messages, { isTTY: true, columns: 60 });
    for (const line of lines(text)) expect(displayWidth(line)).toBeLessThanOrEqual(60);
    expect(text).toContain('…');
    expect(text).not.toContain('"status":"paid"');
    expect(lines(text)[1]).toMatch(/^ *11 +1234567890123 +user-42 +\{"order":1234/);
    expect(lines(text)[2]).toMatch(/^ +3 +7 +user-7 +short$/);
  });

  it('a wide terminal shows the table unchanged', async () => {
    const onTerminal = await printed(messages, { isTTY: true, columns: 300 });
    expect(onTerminal).toBe(await printed(messages, { isTTY: false }));
    expect(onTerminal).toContain(longValue);
  });

  it('off a terminal nothing is cut, whatever COLUMNS-like width the stream reports', async () => {
    const piped = await printed(messages, { isTTY: false, columns: 40 });
    expect(piped).toContain(longValue);
    expect(piped).not.toContain('…');
  });

  it('numeric columns are never cut, even when the table cannot fit', async () => {
    const text = await printed(messages, { isTTY: true, columns: 20 });
    expect(text).toContain('1234567890123');
    expect(lines(text)[1]).toMatch(/^ *11 +1234567890123 /);
    expect(text).toContain('…');
  });

  it('a wrapped column keeps the whole value, broken after commas or dots, each line within the width', async () => {
    const text = await printed(configs, { isTTY: true, columns: 70 });
    for (const line of lines(text)) expect(displayWidth(line)).toBeLessThanOrEqual(70);
    const valueColumn = lines(text)[0]!.indexOf('VALUE');
    const sourceColumn = lines(text)[0]!.indexOf('SOURCE');
    const pieces = lines(text).slice(1, -1).map((line) => line.slice(valueColumn, sourceColumn).trim());
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.join('')).toBe(configValue);
    for (const piece of pieces.slice(0, -1)) expect(piece).toMatch(/[,.]$/);
    expect(text).toContain('create.topic.policy.class.name');
  });
});

describe('fitting', () => {
  it('takes width from the widest shrinkable column first, down to a floor, never from the others', () => {
    const columns = [
      { headerWidth: 4, naturalWidth: 30 },
      { headerWidth: 5, naturalWidth: 100, shrink: 'truncate' as const },
      { headerWidth: 3, naturalWidth: 40, shrink: 'wrap' as const },
    ];
    expect(fitColumnWidths(columns, 200, 2)).toEqual([30, 100, 40]);
    expect(fitColumnWidths(columns, 120, 2)).toEqual([30, 46, 40]);
    expect(fitColumnWidths(columns, 100, 2)).toEqual([30, 33, 33]);
    expect(fitColumnWidths([{ headerWidth: 4, naturalWidth: 30 }, { headerWidth: 5, naturalWidth: 100, shrink: 'truncate' }], 20, 2)).toEqual([30, 10]);
  });

  it('measures in terminal cells: wide characters count twice, combining marks not at all', () => {
    expect(displayWidth('abc')).toBe(3);
    expect(displayWidth('订单')).toBe(4);
    expect(displayWidth('e\u0301')).toBe(1);
    expect(truncate('订单已支付', 6)).toBe('订单…');
    expect(displayWidth(truncate('订单已支付', 6))).toBeLessThanOrEqual(6);
    expect(truncate('line one\nline two', 12)).toBe('line one li…');
    expect(truncate('fits', 4)).toBe('fits');
  });

  it('wraps at break opportunities, and hard-breaks words longer than the width', () => {
    expect(wrap('alpha beta gamma', 11)).toEqual(['alpha beta', 'gamma']);
    expect(wrap('a,b,c,d', 4)).toEqual(['a,b,', 'c,d']);
    expect(wrap('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
    expect(wrap('first\nsecond', 20)).toEqual(['first', 'second']);
  });
});
