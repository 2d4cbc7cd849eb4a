import type { Kafka } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { coordinatorOf, firstBootstrapNode, killBroker, partitionLeaders, restartBrokers } from '../helpers/broker-faults.js';
import { cli } from '../helpers/cli.js';
import { independentKafka } from '../helpers/groups.js';
import { readBack } from '../helpers/read-back.js';
import { type OwnCluster, startOwnCluster } from '../helpers/own-cluster.js';
import {
  expectExactlyOnce, flow, matchesRule, ownRouterCluster, produceFlow, routedNamespace, type RouterCluster, startRouter, stopRouter, waitUntilCaughtUp,
} from '../helpers/router.js';

/**
 * The router under broker faults: a 3-broker cluster (replication 3, min.insync.replicas 2), and
 * while keyed messages flow through a rule CELL1→CELL2, brokers are SIGKILLed and started again,
 * one at a time: the one at the first bootstrap address (leading source and target partitions),
 * then the transaction coordinator of a lane's transactional id, then the router group's
 * coordinator. `router run` must ride through every one (and read a rule change while the first
 * bootstrap broker is down), and Kafka's Java consumer
 * (read_committed) must find each matching message once, in source order per partition.
 */
let cluster: OwnCluster;
let on: RouterCluster;
let kafka: Kafka;
beforeAll(async () => {
  cluster = await startOwnCluster({ brokers: 3 });
  on = ownRouterCluster(cluster);
  kafka = independentKafka('router-brokers', { username: 'admin', password: cluster.adminPassword, brokers: cluster.bootstrap.split(',') });
}, 300_000);
afterAll(() => cluster?.stop());

// 60,000 at 1,200 a second: 50 s of flow, long enough for three kills each followed by a restart.
const MESSAGES = 60_000;
const PER_SECOND = 1200;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What a broker leads right now: partitions of the given topics. */
async function ledBy(broker: number, topics: string[]): Promise<string[]> {
  const led: string[] = [];
  for (const topic of topics) {
    for (const [partition, leader] of await partitionLeaders(kafka, topic)) if (leader === broker) led.push(`${topic}:${partition}`);
  }
  return led;
}

describe('router run while brokers of a 3-broker cluster are SIGKILLed and restarted', () => {
  it('rides through the first bootstrap broker, a transaction coordinator and the group coordinator dying in turn: every matching message once, in order', async () => {
    const { ns, source, target } = await routedNamespace('BROKERS', on);
    const group = `sofakafka-router.${ns}`;
    const messages = flow(MESSAGES);
    const router = startRouter(ns, on.env);
    await router.waitFor(/ready \(earlier owners fenced\)/, 90_000);
    const victims = [
      { role: 'the first bootstrap address', pick: async () => firstBootstrapNode(cluster) },
      { role: `the transaction coordinator of ${group}.${source}.0`, pick: () => coordinatorOf(kafka, 'transaction', `${group}.${source}.0`) },
      { role: `the coordinator of group ${group}`, pick: () => coordinatorOf(kafka, 'group', group) },
    ];
    let sent = 0;
    const faults: Array<{ role: string; broker: number; led: string[]; atSent: number }> = [];
    const producing = produceFlow(kafka, source, messages, PER_SECOND, (n) => {
      sent = n;
    });
    const killing = (async () => {
      for (const [i, victim] of victims.entries()) {
        while (sent < ((i + 1) * MESSAGES) / (victims.length + 2)) await sleep(100);
        const broker = await victim.pick();
        const led = await ledBy(broker, [source, target]);
        killBroker(cluster, broker);
        faults.push({ role: victim.role, broker, led, atSent: sent });
        console.log(`[router-brokers] SIGKILLed broker ${broker} (${victim.role}; leading ${led.join(' ') || 'nothing of the two topics'}) after ${sent} sent`);
        if (i === 0) {
          // With the first bootstrap broker down, the worker still reads rule changes: a rule for a
          // topic that does not exist yet shows in its log (as waiting) before the broker is back.
          // (Added once the rules topic has a live leader: a write to a dead leader fails until the
          // controller moves leadership, broker.session.timeout.ms later.)
          while ([...(await partitionLeaders(kafka, '__sofakafka_router_rules')).values()].includes(broker)) await sleep(500);
          const added = await cli(['router', 'rule', 'add', '--ns', ns, '--topic', 'LATER', '--from', 'CELL1', '--to', 'CELL2', '-o', 'json'], { env: on.env });
          expect(added.code, added.stderr).toBe(0);
          const ruleId = added.json<Array<{ name: string }>>()[0]!.name;
          await router.waitFor(new RegExp(`rules: .*${ruleId}`), 60_000);
        }
        await sleep(2000 + Math.random() * 3000);
        await restartBrokers(cluster);
        console.log(`[router-brokers] broker ${broker} serves again; ${sent} sent`);
      }
    })();
    await Promise.all([producing, killing]);
    expect(faults).toHaveLength(3);
    expect(faults[0]!.led.length, 'the first victim led partitions of the source or the target').toBeGreaterThan(0);
    const expected = messages.filter((m) => matchesRule(m.id)).length;
    const final = await waitUntilCaughtUp(ns, on, () => router.log(), 180_000);
    expect(final.rules[0]!.copied).toBe(expected);
    expect(await stopRouter(router)).toBe(0);
    console.log(`[router-brokers] the router's log:\n${router.log()}`);
    await expectExactlyOnce(on, source, target, expected);
  }, 600_000);
});

describe('router rule changes while the rules topic\'s leader is lost', () => {
  it('rule add right after the leader dies waits for the new leader (exit 0) and the rule is stored once', async () => {
    const { ns } = await routedNamespace('RULELEADER', on);
    const rulesTopic = '__sofakafka_router_rules';
    const leader = (await partitionLeaders(kafka, rulesTopic)).get(0)!;
    killBroker(cluster, leader);
    try {
      // Before the controller fences the dead broker (broker.session.timeout.ms), its partition has
      // no live leader: a send must wait for the new one, as Kafka's producer does, not exit 6.
      const added = await cli(['router', 'rule', 'add', '--ns', ns, '--topic', 'LOST', '--from', 'CELL1', '--to', 'CELL2', '--timeout', '60s', '-o', 'json'], { env: on.env });
      expect(added.code, added.stderr).toBe(0);
      const ruleId = added.json<Array<{ name: string }>>()[0]!.name;
      expect((await partitionLeaders(kafka, rulesTopic)).get(0)).not.toBe(leader);
      // Read back with the tests' own kafkajs consumer: the rule's record and its change record.
      const stored = (await readBack(kafka, rulesTopic, 1)).filter((m) => m.key?.split('/')[1] === ruleId);
      expect(stored.map((m) => m.key!.split('/')[0]).sort()).toEqual(['change', 'rule']);
      expect(JSON.parse(stored.find((m) => m.key!.startsWith('rule/'))!.value)).toMatchObject({ id: ruleId, ns, topic: 'LOST', from: 'CELL1', to: 'CELL2' });
    } finally {
      await restartBrokers(cluster);
    }
  }, 300_000);
});
