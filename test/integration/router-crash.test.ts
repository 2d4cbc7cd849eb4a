import { beforeAll, describe, expect, it } from 'vitest';
import { clusterEnv } from '../helpers/cli.js';
import { independentKafka } from '../helpers/groups.js';
import {
  expectExactlyOnce, flow, FLOW_PARTITIONS as PARTITIONS, matchesRule as matches, produceFlow, routedNamespace, type RouterCluster, type RouterProcess,
  routerStatus, sharedRouterCluster, startRouter, stopRouter, waitUntilCaughtUp,
} from '../helpers/router.js';

/**
 * The router's exactly-once promise, checked the hard way: workers (the built binary) are killed
 * with SIGKILL, frozen with SIGSTOP and replaced while messages flow, and afterwards Kafka's own
 * Java consumer (read_committed) must find in each target partition exactly the matching messages
 * of the same source partition, in the same order: none lost, none twice.
 */
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const randomBetween = (min: number, max: number) => min + Math.random() * (max - min);

describe('router run: exactly once for read_committed readers', () => {
  let shared: RouterCluster;
  beforeAll(() => {
    shared = sharedRouterCluster();
  });

  it('is SIGKILLed at least 3 times at random moments while 100,000 messages flow, and every matching message arrives once, in order', async () => {
    const { ns, source, target } = await routedNamespace('CRASH', shared);
    const messages = flow(100_000);
    let router: RouterProcess = startRouter(ns, clusterEnv());
    await router.waitFor(/joined group/);
    let producing = true;
    let kills = 0;
    const killer = (async () => {
      while (producing || kills < 3) {
        await router.waitFor(/ready \(earlier owners fenced\)/, 90_000);
        await sleep(randomBetween(500, 4000));
        router.signal('SIGKILL');
        await router.exited;
        kills++;
        router = startRouter(ns, clusterEnv());
      }
    })();
    await produceFlow(independentKafka('router-crash'), source, messages, 4000);
    producing = false;
    await killer;
    // The last restart may still be starting (the lag can read 0 from the previous worker's commits):
    // a SIGTERM before its handlers are in place ends it by the signal, not by a clean stop.
    await router.waitFor(/joined group/, 90_000);
    const final = await waitUntilCaughtUp(ns, shared, () => router.log());
    expect(final.rules[0]!.copied).toBe(messages.filter((m) => matches(m.id)).length);
    expect(await stopRouter(router)).toBe(0);
    expect(router.log()).toMatch(/router stopped/);
    console.log(`SIGKILLed ${kills} times`);
    expect(kills).toBeGreaterThanOrEqual(3);
    await expectExactlyOnce(shared, source, target, messages.filter((m) => matches(m.id)).length);
  }, 400_000);

  it('a worker frozen with SIGSTOP while the group rebalances is fenced when it wakes: no duplicates', async () => {
    const { ns, source, target } = await routedNamespace('ZOMBIE', shared);
    const messages = flow(30_000);
    const frozen = startRouter(ns, clusterEnv());
    await frozen.waitFor(/ready \(earlier owners fenced\)/);
    let other: RouterProcess | undefined;
    await produceFlow(independentKafka('router-zombie'), source, messages, 3000, async (sent) => {
      if (sent !== 6000) return;
      frozen.signal('SIGSTOP');
      other = startRouter(ns, clusterEnv());
      // The frozen member misses its session timeout; the group gives its partitions to the other.
      await other.waitFor(/ready \(earlier owners fenced\)/, 60_000);
      await sleep(2000);
      frozen.signal('SIGCONT');
    });
    await waitUntilCaughtUp(ns, shared, () => `${frozen.log()}\n${other?.log()}`);
    expect(await stopRouter(frozen)).toBe(0);
    expect(await stopRouter(other!)).toBe(0);
    // Woken, it found itself out of the group (and its producers fenced) and joined again.
    expect(frozen.log().match(/joined group/g)?.length ?? 0).toBeGreaterThanOrEqual(2);
    console.log(`woken worker's log:\n${frozen.log().split('\n').filter((l) => /failed|joined/.test(l)).join('\n')}`);
    await expectExactlyOnce(shared, source, target, messages.filter((m) => matches(m.id)).length);
  }, 300_000);

  it('two workers in one group split the partitions; when one is killed the other takes over within the session timeout', async () => {
    const { ns, source, target } = await routedNamespace('PAIR', shared);
    const messages = flow(30_000);
    const [first, second] = [startRouter(ns, clusterEnv()), startRouter(ns, clusterEnv())];
    await Promise.all([first.waitFor(/joined group/), second.waitFor(/joined group/)]);
    let killedAt = 0;
    await produceFlow(independentKafka('router-pair'), source, messages, 3000, async (sent) => {
      if (sent === 3000) {
        const split = await routerStatus(ns, shared);
        expect(split.workers).toHaveLength(2);
        const assigned = split.workers.flatMap((w) => w.partitions);
        expect(new Set(assigned).size).toBe(PARTITIONS);
        expect(split.workers.every((w) => w.partitions.length === PARTITIONS / 2)).toBe(true);
      }
      if (sent === 9000) {
        first.signal('SIGKILL');
        killedAt = Date.now();
      }
    });
    await first.exited;
    // Session timeout 6 s: the survivor must own every partition soon after.
    for (;;) {
      const now = await routerStatus(ns, shared);
      if (now.workers.length === 1 && now.workers[0]!.partitions.length === PARTITIONS) break;
      expect(Date.now() - killedAt).toBeLessThan(20_000);
      await sleep(500);
    }
    console.log(`survivor took over all partitions ${Date.now() - killedAt} ms after the kill`);
    await waitUntilCaughtUp(ns, shared, () => second.log());
    expect(await stopRouter(second)).toBe(0);
    await expectExactlyOnce(shared, source, target, messages.filter((m) => matches(m.id)).length);
  }, 300_000);
});
