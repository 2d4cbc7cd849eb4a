import { describe, expect, it } from 'vitest';
import { cli, clusterEnv, sharedCluster, uniqueName } from '../helpers/cli.js';
import { independentKafka } from '../helpers/groups.js';
import { adminProperties } from '../helpers/kafka-tools.js';
import { countValues, type FlowMessage, produceFlow, readCommittedWithJava, type RouterProcess, startRouter, stopRouter } from '../helpers/router.js';

/**
 * The router's exactly-once promise, checked the hard way: workers (the built binary) are killed
 * with SIGKILL, frozen with SIGSTOP and replaced while messages flow, and afterwards Kafka's own
 * Java consumer (read_committed) must find in each target partition exactly the matching messages
 * of the same source partition, in the same order: none lost, none twice.
 */
const PARTITIONS = 6;
const matches = (id: number) => id % 4 !== 0;

async function routedNamespace(prefix: string) {
  const ns = uniqueName(prefix);
  const [source, target] = [`${ns}.CELL1.T1`, `${ns}.CELL2.T1`];
  expect((await cli(['topic', 'create', source, target, '--partitions', String(PARTITIONS)])).code).toBe(0);
  expect((await cli(['router', 'rule', 'add', '--ns', ns, '--topic', 'T1', '--from', 'CELL1', '--to', 'CELL2', '--when', '__UNIT.TARGET_R=CELL2'])).code).toBe(0);
  return { ns, source, target };
}

function flow(count: number): FlowMessage[] {
  return Array.from({ length: count }, (_, id) => ({
    id, key: `user-${id % 1009}`, headers: { '__UNIT.ORIUNIT': 'CELL1', '__UNIT.TARGET_R': matches(id) ? 'CELL2' : 'CELL3' },
  }));
}

interface RuleStatusJson { rules: Array<{ copied: number; lag: number; partitions: Array<{ lag: number; worker: string | null }> }>; workers: Array<{ clientId: string; partitions: string[] }> }
const status = async (ns: string) => (await cli(['router', 'status', '--ns', ns, '-o', 'json'])).json<RuleStatusJson>();

async function waitUntilCaughtUp(ns: string, logs: () => string, timeoutMs = 120_000): Promise<RuleStatusJson> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const current = await status(ns);
    if (current.rules[0]!.lag === 0) return current;
    if (Date.now() > deadline) throw new Error(`router still behind: ${JSON.stringify(current.rules[0])}\n${logs()}`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

/** Target partition by partition: exactly the matching source messages of that partition, in order. */
async function expectExactlyOnce(source: string, target: string, expectedCount: number) {
  const cluster = sharedCluster();
  const [sourceRead, targetRead] = [
    await readCommittedWithJava(cluster.libDir, cluster.bootstrap, adminProperties(), source),
    await readCommittedWithJava(cluster.libDir, cluster.bootstrap, adminProperties(), target),
  ];
  const duplicates = [...countValues(targetRead)].filter(([, n]) => n > 1);
  const total = [...targetRead.values()].reduce((sum, values) => sum + values.length, 0);
  console.log(`${target}: ${total} messages read back with read_committed, ${duplicates.length} duplicated ids`);
  expect(duplicates).toEqual([]);
  for (let partition = 0; partition < PARTITIONS; partition++) {
    const expected = (sourceRead.get(partition) ?? []).filter((id) => matches(Number(id)));
    expect(targetRead.get(partition) ?? [], `partition ${partition}`).toEqual(expected);
  }
  expect(total).toBe(expectedCount);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const randomBetween = (min: number, max: number) => min + Math.random() * (max - min);

describe('router run: exactly once for read_committed readers', () => {
  it('is SIGKILLed at least 3 times at random moments while 100,000 messages flow, and every matching message arrives once, in order', async () => {
    const { ns, source, target } = await routedNamespace('CRASH');
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
    const final = await waitUntilCaughtUp(ns, () => router.log());
    expect(final.rules[0]!.copied).toBe(messages.filter((m) => matches(m.id)).length);
    expect(await stopRouter(router)).toBe(0);
    expect(router.log()).toMatch(/router stopped/);
    console.log(`SIGKILLed ${kills} times`);
    expect(kills).toBeGreaterThanOrEqual(3);
    await expectExactlyOnce(source, target, messages.filter((m) => matches(m.id)).length);
  }, 400_000);

  it('a worker frozen with SIGSTOP while the group rebalances is fenced when it wakes: no duplicates', async () => {
    const { ns, source, target } = await routedNamespace('ZOMBIE');
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
    await waitUntilCaughtUp(ns, () => `${frozen.log()}\n${other?.log()}`);
    expect(await stopRouter(frozen)).toBe(0);
    expect(await stopRouter(other!)).toBe(0);
    // Woken, it found itself out of the group (and its producers fenced) and joined again.
    expect(frozen.log().match(/joined group/g)?.length ?? 0).toBeGreaterThanOrEqual(2);
    console.log(`woken worker's log:\n${frozen.log().split('\n').filter((l) => /failed|joined/.test(l)).join('\n')}`);
    await expectExactlyOnce(source, target, messages.filter((m) => matches(m.id)).length);
  }, 300_000);

  it('two workers in one group split the partitions; when one is killed the other takes over within the session timeout', async () => {
    const { ns, source, target } = await routedNamespace('PAIR');
    const messages = flow(30_000);
    const [first, second] = [startRouter(ns, clusterEnv()), startRouter(ns, clusterEnv())];
    await Promise.all([first.waitFor(/joined group/), second.waitFor(/joined group/)]);
    let killedAt = 0;
    await produceFlow(independentKafka('router-pair'), source, messages, 3000, async (sent) => {
      if (sent === 3000) {
        const split = await status(ns);
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
      const now = await status(ns);
      if (now.workers.length === 1 && now.workers[0]!.partitions.length === PARTITIONS) break;
      expect(Date.now() - killedAt).toBeLessThan(20_000);
      await sleep(500);
    }
    console.log(`survivor took over all partitions ${Date.now() - killedAt} ms after the kill`);
    await waitUntilCaughtUp(ns, () => second.log());
    expect(await stopRouter(second)).toBe(0);
    await expectExactlyOnce(source, target, messages.filter((m) => matches(m.id)).length);
  }, 300_000);
});
