import type { Kafka } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { coordinatedBy } from '../helpers/broker-faults.js';
import { spawnCli, uniqueName } from '../helpers/cli.js';
import { shareThreeBrokers } from '../helpers/failover.js';
import { clientProperties, committedByKafka } from '../helpers/kafka-tools.js';
import { readBack } from '../helpers/read-back.js';
import { spawnSlow } from '../helpers/slow-child.js';

// Issue 12, item 1 for the commands that read: a broker SIGKILLed in the middle of `msg consume -g`,
// `msg query` and `msg resend`, then brought back with `local up`. Three brokers, replication 3,
// min.insync.replicas 2. The victim is always the broker at the first bootstrap address, which also
// leads partition 0 of the topic read. Every result is checked with a reader that is not sofakafka.
const own = shareThreeBrokers();

const id = (i: number) => `id-${String(i).padStart(6, '0')}`;

/** `count` messages with values "id-NNNNNN <padding>" over 6 partitions, written (acks=all) by the tests' own producer. */
async function fillTopic(kafka: Kafka, topic: string, count: number, options: { padding: number; headers?: (i: number) => Record<string, string> }): Promise<void> {
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  try {
    for (let from = 0; from < count; from += 1000) {
      const messages = Array.from({ length: Math.min(1000, count - from) }, (_, k) => {
        const i = from + k;
        return { key: `key-${i % 24}`, value: `${id(i)} ${'x'.repeat(options.padding)}`, ...(options.headers ? { headers: options.headers(i) } : {}) };
      });
      // A broker restarted by the previous test may not serve a new topic for a moment.
      for (let attempt = 0; ; attempt++) {
        try {
          await producer.send({ topic, acks: -1, messages });
          break;
        } catch (error) {
          if (attempt > 20) throw error;
          await new Promise((r) => setTimeout(r, 500));
        }
      }
    }
  } finally {
    await producer.disconnect();
  }
}

interface Printed { partition: number; offset: number; value: string }
const printedRecords = (stdout: string): Printed[] => stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line) as Printed);

/** Per partition, the offset after the last one printed. */
function nextAfterPrinted(records: Printed[]): Record<number, number> {
  const next: Record<number, number> = {};
  for (const r of records) next[r.partition] = Math.max(next[r.partition] ?? 0, r.offset + 1);
  return next;
}

describe.sequential('reading through a SIGKILLed broker (3 brokers, RF 3, min ISR 2)', () => {
  // Caught (2026-11-30): kafkajs's consumer gave up after 10 restarts on "Broker 1 not found in the
  // cached metadata" (the fenced leader) and the command ended with exit 1 instead of reading on.
  it('msg consume -g: nothing skipped, and what the group committed is exactly what was printed (kafka-consumer-groups)', async () => {
    const MESSAGES = 20_000;
    const victim = own.brokers.firstBootstrap();
    const kafka = own.brokers.kafka('consume-failover');
    const topic = uniqueName('consume-failover');
    // The victim coordinates the group too: kafkajs kept committing to it after it came back as a
    // broker that no longer coordinates, until --timeout (caught 2026-11-30, 1 run in 3).
    const group = await coordinatedBy(kafka, 'group', 'consume-failover-g', (broker) => broker === victim);
    await own.brokers.createTopic(kafka, topic, victim);
    await fillTopic(kafka, topic, MESSAGES, { padding: 600 });

    const args = ['msg', 'consume', '-t', topic, '-g', group, '--from', 'beginning', '-o', 'ndjson', '--timeout', '60s'];
    const first = spawnSlow(args, own.cluster.env, 40);
    let restarted: Promise<void> | undefined;
    const started = Date.now();
    const phases: string[] = [];
    const phase = (name: string) => phases.push(`${name} at ${((Date.now() - started) / 1000).toFixed(1)} s, ${first.lines()} lines`);
    try {
      await first.until(() => first.lines() >= 3000);
      own.brokers.kill(victim);
      phase('kill');
      const atKill = first.lines();
      // The broker comes back while the consumer goes on; it is stopped (Ctrl-C) with work left.
      await first.until(() => first.lines() >= atKill + 2000);
      phase('restart');
      restarted = own.brokers.restartAll();
      await first.until(() => first.lines() >= 12_000);
      phase('SIGINT');
      first.child.kill('SIGINT');
      expect(await first.exited, first.stderr()).toBe(130);
    } finally {
      first.child.kill('SIGKILL');
      await (restarted ?? own.brokers.restartAll());
    }
    const firstRun = printedRecords(first.stdout());
    const commandConfig = clientProperties(own.cluster.dir, 'admin', own.cluster.adminPassword);
    const committed = await committedByKafka(group, topic, { bootstrap: own.cluster.bootstrap, commandConfig });
    console.log(`[read-failover] consume run 1: ${phases.join(', ')}; ${firstRun.length} printed, ${new Set(firstRun.map((r) => r.value)).size} distinct; committed ${JSON.stringify(committed)}`);
    expect(committed).toEqual(nextAfterPrinted(firstRun));

    // The group resumes where it committed and reads the rest.
    const second = await spawnCli(['msg', 'consume', '-t', topic, '-g', group, '-o', 'ndjson', '--idle-timeout', '8s'], { env: own.cluster.env });
    expect(second.code, second.stderr).toBe(0);
    const secondRun = printedRecords(second.stdout);
    const firstOffsets: Record<number, number> = {};
    for (const r of secondRun) firstOffsets[r.partition] = Math.min(firstOffsets[r.partition] ?? Infinity, r.offset);
    for (const [partition, offset] of Object.entries(firstOffsets)) expect(offset, `partition ${partition} resumed at its commit`).toBe(committed[Number(partition)] ?? 0);

    const seen = new Set([...firstRun, ...secondRun].map((r) => r.value.slice(0, 9)));
    const missing = Array.from({ length: MESSAGES }, (_, i) => id(i)).filter((v) => !seen.has(v));
    console.log(`[read-failover] consume run 2: ${secondRun.length} printed; missing over both runs: ${missing.length}; printed twice: ${firstRun.length + secondRun.length - seen.size}`);
    expect(missing.slice(0, 5)).toEqual([]);
  }, 300_000);

  // Shown able to fail (2026-11-30): with src/ as it was before the reader's failover (925eac3),
  // this query exited 6, "cannot reach the cluster <the dead broker>: connection refused".
  it('msg query: every match found once through the kill, exit 0', async () => {
    const MESSAGES = 30_000;
    const victim = own.brokers.firstBootstrap();
    const kafka = own.brokers.kafka('query-failover');
    const topic = uniqueName('query-failover');
    await own.brokers.createTopic(kafka, topic, victim);
    // Every third message matches. ~20 MB per leader, so the victim still has most of its
    // partitions to serve when the kill comes (the reader fetches at most 8 MB ahead per leader);
    // the slow reader stretches the scan.
    await fillTopic(kafka, topic, MESSAGES, { padding: 2000, headers: (i) => ({ kind: i % 3 === 0 ? 'match' : 'other' }) });
    const expected = Array.from({ length: MESSAGES }, (_, i) => i).filter((i) => i % 3 === 0).map(id);

    const query = spawnSlow(['msg', 'query', '-t', topic, '-H', 'kind=match', '-o', 'ndjson', '--timeout', '60s'], own.cluster.env, 60);
    try {
      await query.until(() => query.lines() >= 1000);
      own.brokers.kill(victim);
      expect(await query.exited, query.stderr()).toBe(0);
    } finally {
      query.child.kill('SIGKILL');
      await own.brokers.restartAll();
    }
    const found = printedRecords(query.stdout()).map((r) => r.value.slice(0, 9));
    console.log(`[read-failover] query: ${found.length} found of ${expected.length}; stderr: ${query.stderr().trim().split('\n').slice(-2).join(' | ')}`);
    expect(found.length).toBe(expected.length);
    expect([...new Set(found)].sort()).toEqual(expected);
  }, 300_000);

  // Before the failover fixes every resend after the kill exited 6 ("cannot reach the cluster ...").
  it('msg resend: each message resent once to the target while its leader dies and comes back, exit 0 every time', async () => {
    const RESENDS = 24;
    const victim = own.brokers.firstBootstrap();
    const kafka = own.brokers.kafka('resend-failover');
    const source = uniqueName('resend-source');
    const target = uniqueName('resend-target');
    await own.brokers.createTopic(kafka, source, victim);
    await own.brokers.createTopic(kafka, target, victim);
    const msgIds = Array.from({ length: RESENDS }, (_, i) => `msg-${i}-${uniqueName('id')}`);
    await fillTopic(kafka, source, RESENDS, { padding: 10, headers: (i) => ({ 'sofakafka.msg.id': msgIds[i]! }) });

    const outcomes: string[] = [];
    let restarted: Promise<void> | undefined;
    try {
      for (const [i, msgId] of msgIds.entries()) {
        if (i === 6) own.brokers.kill(victim);
        if (i === 16) restarted = own.brokers.restartAll();
        const resent = await spawnCli(['msg', 'resend', '-t', source, '--msg-id', msgId, '--to', target, '--yes', '-o', 'json', '--timeout', '60s'], { env: own.cluster.env });
        outcomes.push(`${i}: exit ${resent.code}${resent.code ? ` ${resent.stderr.trim().split('\n')[0]}` : ''}`);
      }
    } finally {
      await (restarted ?? own.brokers.restartAll());
    }
    console.log(`[read-failover] resend: ${outcomes.join('; ')}`);
    expect(outcomes.filter((o) => !/exit 0$/.test(o))).toEqual([]);
    const stored = await readBack(own.brokers.kafka('resend-read-back'), target, RESENDS, { timeoutMs: 60_000 });
    const ids = stored.map((m) => m.headers['sofakafka.msg.id']).sort();
    expect(ids).toEqual([...msgIds].sort());
  }, 300_000);
});
