import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, clusterEnv, sharedCluster, uniqueName } from '../helpers/cli.js';
import { independentKafka } from '../helpers/groups.js';
import { adminProperties } from '../helpers/kafka-tools.js';
import { readCommittedWithJava, startRouter, stopRouter } from '../helpers/router.js';

/** Router rules, routing and msg trace against the shared cluster; results read back with Kafka's Java consumer. */
const java = (topic: string) => readCommittedWithJava(sharedCluster().libDir, sharedCluster().bootstrap, adminProperties(), topic, 5000);
const flat = (byPartition: Map<number, string[]>) => [...byPartition.values()].flat().sort();

async function produce(topic: string, messages: Array<{ value: string; key?: string; headers?: Record<string, string> }>) {
  const producer = independentKafka('router-tests').producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  await producer.send({ topic, acks: -1, messages });
  await producer.disconnect();
}

interface StatusJson { rules: Array<{ id: string; copied: number; lag: number; waiting: string[] }> }
async function waitForRouting(ns: string, copied: number, timeoutMs = 60_000): Promise<StatusJson> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = (await cli(['router', 'status', '--ns', ns, '-o', 'json'])).json<StatusJson>();
    if (status.rules.every((r) => r.lag === 0) && status.rules.reduce((sum, r) => sum + r.copied, 0) === copied) return status;
    if (Date.now() > deadline) throw new Error(`not routed: ${JSON.stringify(status)}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

const ruleIdOf = (result: { json<T>(): T }) => result.json<Array<{ name: string }>>()[0]!.name;

describe('router: the whitepaper example', () => {
  it('ANT/CELL1 sends T1 with __UNIT.TARGET_R=CELL2; the rule CELL1→CELL2 copies it to ANT.CELL2.T1, and msg trace finds the copy', async () => {
    const ns = uniqueName('ANT');
    const [t1Cell1, t1Cell2] = [`${ns}.CELL1.T1`, `${ns}.CELL2.T1`];
    expect((await cli(['topic', 'create', t1Cell1, t1Cell2, '--partitions', '3'])).code).toBe(0);
    const added = await cli(['router', 'rule', 'add', '--ns', ns, '--topic', 'T1', '--from', 'CELL1', '--to', 'CELL2', '--when', '__UNIT.TARGET_R=CELL2', '-o', 'json']);
    expect(added.code).toBe(0);
    await produce(t1Cell1, [
      { key: 'bill-1', value: 'bill for CELL2', headers: { '__UNIT.ORIUNIT': 'CELL1', '__UNIT.TARGET_R': 'CELL2', 'sofakafka.msg.id': `${ns}-bill` } },
      { key: 'local-1', value: 'stays in CELL1', headers: { '__UNIT.ORIUNIT': 'CELL1' } },
    ]);
    const router = startRouter(ns, clusterEnv());
    const status = await waitForRouting(ns, 1);
    expect(status.rules[0]!.id).toBe(ruleIdOf(added));
    expect(await stopRouter(router)).toBe(0);

    const [source, target] = [await java(t1Cell1), await java(t1Cell2)];
    expect(flat(target)).toEqual(['bill for CELL2']);
    const partition = [...source].find(([, values]) => values.includes('bill for CELL2'))![0];
    expect(target.get(partition)).toEqual(['bill for CELL2']); // same partition number as the source

    const trace = await cli(['msg', 'trace', '-t', t1Cell1, '--msg-id', `${ns}-bill`, '-o', 'json']);
    const routed = trace.json<{ routed: { copies: Array<{ topic: string; partition: number; rule: string; hops: string; abortedAttempts: number }> } }>().routed;
    expect(routed.copies).toEqual([{ topic: t1Cell2, partition, offset: 0, rule: ruleIdOf(added), hops: 'CELL1,CELL2', abortedAttempts: 0 }]);
  }, 180_000);
});

describe('router: the whitepaper example with unit addressing end to end', () => {
  const consume = async (ns: string, cell: string, subscription: string) => {
    const result = await cli(['msg', 'consume', '-t', 'T1', '--ns', ns, '--cell', cell, '--subscription', subscription, '--broadcast', '--from', 'beginning', '--idle-timeout', '5s', '-o', 'ndjson']);
    expect(result.code).toBe(0);
    return result.stdout.split('\n').filter(Boolean).map((line) => (JSON.parse(line) as { value: string }).value).sort();
  };

  it('CELL1 sends with --target-r CELL2; after routing an RZone consumer in CELL2 gets it, a Local one in CELL2 gets none of CELL1\'s messages, a Local one in CELL1 gets both', async () => {
    const ns = uniqueName('ANT');
    expect((await cli(['topic', 'create', 'T1', '--ns', ns, '--cells', 'CELL1,CELL2', '--partitions', '3'])).code).toBe(0);
    expect((await cli(['router', 'rule', 'add', '--ns', ns, '--topic', 'T1', '--from', 'CELL1', '--to', 'CELL2', '--when', '__UNIT.TARGET_R=CELL2'])).code).toBe(0);
    expect((await cli(['msg', 'send', '-t', 'T1', '--ns', ns, '--cell', 'CELL1', '--target-r', 'CELL2', '--key', 'bill-B', 'bill for CELL2'])).code).toBe(0);
    expect((await cli(['msg', 'send', '-t', 'T1', '--ns', ns, '--cell', 'CELL1', '--key', 'local-A', 'stays in CELL1'])).code).toBe(0);
    const router = startRouter(ns, clusterEnv());
    await waitForRouting(ns, 1);
    expect(await stopRouter(router)).toBe(0);
    // The copy as Kafka's own read_committed consumer sees it, then through the subscriptions.
    expect(flat(await java(`${ns}.CELL2.T1`))).toEqual(['bill for CELL2']);
    expect(await consume(ns, 'CELL2', 'rzone')).toEqual(['bill for CELL2']);
    expect(await consume(ns, 'CELL2', 'local')).toEqual([]);
    expect(await consume(ns, 'CELL1', 'local')).toEqual(['bill for CELL2', 'stays in CELL1']);
  }, 180_000);
});

describe('router: running', () => {
  it('rules both ways between two cells copy each message once and never loop; a rule added while running waits for its topic and then starts', async () => {
    const ns = uniqueName('LOOP');
    const [c1, c2, c3] = [`${ns}.CELL1.T1`, `${ns}.CELL2.T1`, `${ns}.CELL3.T1`];
    expect((await cli(['topic', 'create', c1, c2, '--partitions', '2'])).code).toBe(0);
    for (const [from, to] of [['CELL1', 'CELL2'], ['CELL2', 'CELL1']]) {
      expect((await cli(['router', 'rule', 'add', '--ns', ns, '--topic', 'T1', '--from', from!, '--to', to!])).code).toBe(0);
    }
    const router = startRouter(ns, clusterEnv());
    await produce(c1, Array.from({ length: 10 }, (_, i) => ({ key: `k${i}`, value: `from-1-${i}` })));
    await produce(c2, Array.from({ length: 10 }, (_, i) => ({ key: `k${i}`, value: `from-2-${i}` })));
    await waitForRouting(ns, 20);

    // A rule added while running: it waits for its target, then applies to what the router reads from then on.
    expect((await cli(['router', 'rule', 'add', '--ns', ns, '--topic', 'T1', '--from', 'CELL1', '--to', 'CELL3'])).code).toBe(0);
    const escaped = (text: string) => text.replace(/[.-]/g, '\\$&');
    await router.waitFor(new RegExp(`waiting for ${escaped(c3)} to exist`), 30_000);
    expect((await cli(['topic', 'create', c3, '--partitions', '2'])).code).toBe(0);
    await router.waitFor(new RegExp(`→ ${escaped(c3)}`), 30_000);
    const lates = Array.from({ length: 5 }, (_, i) => `late-${i}`);
    await produce(c1, lates.map((value, i) => ({ key: `k${i}`, value })));
    await waitForRouting(ns, 30);
    await new Promise((resolve) => setTimeout(resolve, 3000)); // a loop would keep copying
    await waitForRouting(ns, 30);
    expect(await stopRouter(router)).toBe(0);

    const ones = Array.from({ length: 10 }, (_, i) => `from-1-${i}`);
    const twos = Array.from({ length: 10 }, (_, i) => `from-2-${i}`);
    expect(flat(await java(c1))).toEqual([...ones, ...twos, ...lates].sort());
    expect(flat(await java(c2))).toEqual([...ones, ...twos, ...lates].sort());
    expect(flat(await java(c3))).toEqual(lates);
  }, 240_000);
});

describe('router rules: bad input and rights', () => {
  it('a rule to the same cell, malformed names and unknown ids are one-line errors and change nothing', async () => {
    const ns = uniqueName('BAD');
    const before = (await cli(['router', 'rule', 'list', '-o', 'json'])).stdout;
    const cases: Array<[string[], number, RegExp]> = [
      [['router', 'rule', 'add', '--ns', ns, '--topic', 'T1', '--from', 'CELL1', '--to', 'CELL1'], 2, /onto themselves/],
      [['router', 'rule', 'add', '--ns', 'A.NT', '--topic', 'T1', '--from', 'CELL1', '--to', 'CELL2'], 2, /namespace "A.NT" is not a valid/],
      [['router', 'rule', 'add', '--ns', ns, '--topic', 'T1', '--from', 'CELL_1', '--to', 'CELL2'], 2, /cell "CELL_1" is not a valid/],
      [['router', 'rule', 'remove', 'r-00000000'], 3, /no router rule "r-00000000"/],
      [['router', 'rule', 'disable', 'r-00000000'], 3, /no router rule/],
      [['router', 'rule', 'enable', 'nonsense'], 2, /not a rule id/],
      [['router', 'run', '--ns', 'A_B'], 2, /not a valid namespace/],
    ];
    for (const [argv, code, message] of cases) {
      const result = await cli(argv);
      expect(result.code, argv.join(' ')).toBe(code);
      expect(result.stderr.split('\n')[0]).toMatch(message);
      expect(result.stderr.split('\n').filter(Boolean).length).toBeLessThanOrEqual(2); // error + hint
    }
    expect((await cli(['router', 'rule', 'list', '-o', 'json'])).stdout).toBe(before);
  });

  it('ACLs on the rules topic decide who may change rules; history names who did', async () => {
    const ns = uniqueName('ACL');
    const added = await cli(['router', 'rule', 'add', '--ns', ns, '--topic', 'T1', '--from', 'CELL1', '--to', 'CELL2', '-o', 'json']);
    const id = ruleIdOf(added);
    const user = uniqueName('rules-editor');
    expect((await cli(['user', 'create', user, '--password-stdin'], { stdin: `${user}-pw` })).code).toBe(0);
    const passwordFile = join(sharedCluster().dir, `${user}.pw`);
    writeFileSync(passwordFile, `${user}-pw`);
    const asUser = ['--username', user, '--password-file', passwordFile];
    const before = (await cli(['router', 'rule', 'list', '-o', 'json'])).stdout;

    const refusedAdd = await cli(['router', 'rule', 'add', '--ns', ns, '--topic', 'T2', '--from', 'CELL1', '--to', 'CELL2', ...asUser]);
    expect(refusedAdd.code).toBe(5);
    expect(refusedAdd.stderr).toMatch(new RegExp(`^error: User:${user} is not allowed to Write the router rules topic`));
    const refusedDisable = await cli(['router', 'rule', 'disable', id, ...asUser]);
    expect(refusedDisable.code).toBe(5);
    expect(refusedDisable.stderr).toContain(`User:${user}`);
    expect((await cli(['router', 'rule', 'list', '-o', 'json'])).stdout).toBe(before);

    for (const operation of ['Read', 'Write']) {
      expect((await cli(['acl', 'add', '--allow', `User:${user}`, '--operation', operation, '--topic', '__sofakafka_router_rules'])).code).toBe(0);
    }
    expect((await cli(['router', 'rule', 'disable', id, ...asUser])).code).toBe(0);
    const history = (await cli(['router', 'rule', 'history', id, '-o', 'json'])).json<Array<{ action: string; by: string }>>();
    expect(history.map((h) => `${h.action} by ${h.by}`)).toEqual(['add by User:admin', `disable by User:${user}`]);
    const listed = (await cli(['router', 'rule', 'list', '--ns', ns, '-o', 'json'])).json<Array<{ id: string; enabled: boolean }>>();
    expect(listed).toEqual([expect.objectContaining({ id, enabled: false })]);
  }, 120_000);
});
