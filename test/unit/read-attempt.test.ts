import { describe, expect, it } from 'vitest';
import { CliError } from '../../src/errors.js';
import { againWhileSilent, isFailover, isSilentBroker, readAttempt, readAttemptMs } from '../../src/kafka/failover.js';

describe('readAttempt: a read that gets no answer counts as a lost broker', () => {
  it('a request that never answers fails as a failover once the attempt is over, after closing the connection', async () => {
    let closed = 0;
    const error = await readAttempt(() => new Promise<never>(() => undefined), 20, () => closed++).catch((e: unknown) => e);
    expect(isFailover(error)).toBe(true);
    expect(closed).toBe(1);
  });

  it('an answer in time is passed on, and nothing is closed', async () => {
    let closed = 0;
    expect(await readAttempt(async () => 'answer', 1000, () => closed++)).toBe('answer');
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(closed).toBe(0);
  });

  it('a request that fails is the failure, not a timeout', async () => {
    const refused = Object.assign(new Error('refused'), { type: 'TOPIC_AUTHORIZATION_FAILED' });
    await expect(readAttempt(() => Promise.reject(refused), 1000, () => undefined)).rejects.toBe(refused);
  });

  it('an attempt is a third of --timeout, between 5 and 30 s (no limit: 30 s, Java\'s request.timeout.ms)', () => {
    expect([readAttemptMs(2000), readAttemptMs(30_000), readAttemptMs(60_000), readAttemptMs(2 ** 31 - 1)]).toEqual([5000, 10_000, 20_000, 30_000]);
  });
});

describe('againWhileSilent: a read whose broker stayed silent goes again; any other failure is the answer', () => {
  const silent = () => readAttempt(() => new Promise<never>(() => undefined), 5, () => undefined);

  it('asks again after silent attempts and returns the first answer', async () => {
    let calls = 0;
    expect(await againWhileSilent(() => (++calls < 3 ? silent() : Promise.resolve('answer')))).toBe('answer');
    expect(calls).toBe(3);
  });

  it('a refused connection or a broker\'s error is thrown at once, not asked again', async () => {
    let calls = 0;
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    await expect(againWhileSilent(() => { calls++; return Promise.reject(refused); })).rejects.toBe(refused);
    expect(calls).toBe(1);
  });

  it('a silent attempt is recognised inside the CliError that wraps it', async () => {
    const timeout = await silent().catch((e: unknown) => e);
    expect(isSilentBroker(new CliError('connection', 'describe group "g"', { cause: timeout }))).toBe(true);
    expect(isSilentBroker(new CliError('connection', 'lost', { cause: Object.assign(new Error('closed'), { name: 'KafkaJSConnectionError' }) }))).toBe(false);
  });
});
