import { describe, expect, it } from 'vitest';
import { BriefCache } from '../../src/console/cache.js';
import { ApiFailure, statusForKind } from '../../src/console/http-errors.js';
import { CliError, ExitCode } from '../../src/errors.js';

describe('the console\'s brief cache', () => {
  it('answers from the cache within its time, and asks again after it', async () => {
    let now = 0;
    let loads = 0;
    const cache = new BriefCache(5000, () => now);
    const load = async () => ++loads;
    expect(await cache.get('topics', load)).toBe(1);
    now = 4999;
    expect(await cache.get('topics', load)).toBe(1);
    now = 5000;
    expect(await cache.get('topics', load)).toBe(2);
  });

  it('shares one request among readers that ask at once, and keeps no failure', async () => {
    let loads = 0;
    const cache = new BriefCache(5000, () => 0);
    const failing = () => Promise.reject(new Error(`failed ${++loads}`));
    const [a, b] = await Promise.allSettled([cache.get('x', failing), cache.get('x', failing)]);
    expect([a.status, b.status, loads]).toEqual(['rejected', 'rejected', 1]);
    await expect(cache.get('x', failing)).rejects.toThrow('failed 2');
  });

  it('forgets everything after a change', async () => {
    let loads = 0;
    const cache = new BriefCache(5000, () => 0);
    await cache.get('a', async () => ++loads);
    cache.clear();
    expect(await cache.get('a', async () => ++loads)).toBe(2);
  });
});

describe('exit codes as HTTP statuses', () => {
  it('gives every kind of CLI failure a status, and a CLI exit code back its kind', () => {
    for (const kind of Object.keys(ExitCode).filter((k) => k !== 'ok')) expect(statusForKind[kind as keyof typeof statusForKind]).toBeGreaterThanOrEqual(400);
    expect(ApiFailure.fromCli(2, 'a topic name cannot be empty', undefined, undefined).status).toBe(400);
    expect(ApiFailure.fromCli(3, 'missing', 'hint', undefined).toJSON()).toEqual({ error: { message: 'missing', kind: 'notFound', exitCode: 3, hint: 'hint' } });
    expect(ApiFailure.fromCli(7, 'group is active', undefined, undefined).status).toBe(409);
  });

  it('keeps a CliError\'s line and hint, and hides nothing else behind "internal"', () => {
    const failure = ApiFailure.from(new CliError('authorization', 'not allowed (as User:x)', { hint: 'ask an admin' }));
    expect([failure.status, failure.message, failure.body.hint]).toEqual([403, 'not allowed (as User:x)', 'ask an admin']);
    expect(ApiFailure.from(new Error('boom')).status).toBe(500);
  });
});
