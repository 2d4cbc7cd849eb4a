import { describe, expect, it } from 'vitest';
import { parseTimeArg } from '../../src/cli/time.js';
import { CliError } from '../../src/errors.js';

const now = Date.UTC(2026, 10, 20, 12, 0, 0);

describe('parseTimeArg (--time)', () => {
  it.each([
    ['2026-11-20T08:00:00Z', Date.UTC(2026, 10, 20, 8)],
    ['2026-11-20T08:00:00.250Z', Date.UTC(2026, 10, 20, 8, 0, 0, 250)],
    ['2026-11-20T16:00+08:00', Date.UTC(2026, 10, 20, 8)],
    ['2026-11-20T03:30:00-0430', Date.UTC(2026, 10, 20, 8)],
    ['2026-11-20 08:00Z', Date.UTC(2026, 10, 20, 8)],
  ])('reads ISO-8601 with a zone: %s', (text, expected) => {
    expect(parseTimeArg(text, '--time', now)).toBe(expected);
  });

  it('reads ISO-8601 without a zone as local time, as kafka-consumer-groups --to-datetime does', () => {
    expect(parseTimeArg('2026-11-20T08:00:00', '--time', now)).toBe(new Date(2026, 10, 20, 8).getTime());
    expect(parseTimeArg('2026-11-20T08:00:00.123', '--time', now)).toBe(new Date(2026, 10, 20, 8, 0, 0, 123).getTime());
    expect(parseTimeArg('2026-11-20', '--time', now)).toBe(new Date(2026, 10, 20).getTime());
  });

  it('reads epoch milliseconds, "now" and relative times', () => {
    expect(parseTimeArg('1795161600000', '--time', now)).toBe(1795161600000);
    expect(parseTimeArg('now', '--time', now)).toBe(now);
    expect(parseTimeArg('-2h', '--time', now)).toBe(now - 2 * 3600_000);
    expect(parseTimeArg('2h ago', '--time', now)).toBe(now - 2 * 3600_000);
    expect(parseTimeArg('1h30m ago', '--time', now)).toBe(now - 90 * 60_000);
    expect(parseTimeArg('-3d', '--time', now)).toBe(now - 3 * 86_400_000);
    expect(parseTimeArg('2h', '--time', now)).toBe(now - 2 * 3600_000);
    expect(parseTimeArg('1h 30m', '--time', now)).toBe(now - 90 * 60_000);
  });

  it.each(['yesterday', '2026-13-01T00:00:00Z', '2026-02-30', '2026-11-20T25:00', '2026-11-20T08:00+25:00', '-5', '-2x', 'abc ago', '2x', '5 apples', ''])('rejects %j as a usage error', (text) => {
    let error: unknown;
    try {
      parseTimeArg(text, '--time', now);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).exitCode).toBe(2);
    expect((error as CliError).message).toContain('--time');
  });
});
