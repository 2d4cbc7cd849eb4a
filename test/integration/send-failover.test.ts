import { spawn } from 'node:child_process';
import type { Kafka } from 'kafkajs';
import { beforeAll, describe, expect, it } from 'vitest';
import { coordinatedBy } from '../helpers/broker-faults.js';
import { binPath, spawnCli, uniqueName } from '../helpers/cli.js';
import { type Brokers, shareThreeBrokers } from '../helpers/failover.js';
import type { OwnCluster } from '../helpers/own-cluster.js';
import { readBack, type StoredMessage } from '../helpers/read-back.js';

// Issue 12, item 1: a broker SIGKILLed in the middle of a send. Three brokers, every topic with
// replication 3 and min.insync.replicas 2, so two brokers can still take every acks=all write.
// One cluster for the whole file; the killed broker is restarted (`local up`) after each case.
const own = shareThreeBrokers();
let kafka: Kafka;
let brokers: Brokers;
let cluster: OwnCluster;
beforeAll(() => {
  ({ cluster, brokers } = own);
  kafka = brokers.kafka('failover-tests');
});

const MESSAGES = 20_000;
const KEYS = 64;

const leaderOfPartition0 = (topic: string) => brokers.leaderOf(kafka, topic);

/** NDJSON lines over 64 keys; each value is the message's unique id, rising per key. */
function input(count = MESSAGES): string {
  const lines: string[] = [];
  for (let i = 0; i < count; i++) lines.push(JSON.stringify({ key: `key-${i % KEYS}`, value: `id-${String(i).padStart(6, '0')}` }));
  return `${lines.join('\n')}\n`;
}

interface SendOutcome { code: number; stdout: string; stderr: string; ms: number; killed: number | null }

/**
 * Spawns the built CLI sending `count` keyed messages (`args` say how); once `due` holds (given
 * the confirmations printed so far), SIGKILLs the broker `victim` picks (read at that moment).
 */
async function sendAndKill(topic: string, args: string[], victim: () => Promise<number>, due: (confirmed: number) => boolean | Promise<boolean>, count = MESSAGES): Promise<SendOutcome> {
  const started = Date.now();
  const child = spawn(process.execPath, [binPath, 'msg', 'send', '-t', topic, ...args, '--format', 'ndjson', '-o', 'ndjson', '--timeout', '60s'], { env: cluster.env, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let confirmed = 0;
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk;
    confirmed += chunk.toString().split('\n').length - 1;
  });
  child.stderr.on('data', (chunk) => (stderr += chunk));
  child.stdin.end(input(count));
  const exited = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? -1)));
  let killed: number | null = null;
  const killer = (async () => {
    while (!(await due(confirmed)) && child.exitCode === null) await new Promise((r) => setTimeout(r, 20));
    if (child.exitCode !== null) return;
    const id = await victim();
    brokers.kill(id);
    killed = id;
  })();
  const timer = setTimeout(() => child.kill('SIGKILL'), 150_000);
  const code = await exited;
  clearTimeout(timer);
  await killer;
  return { code, stdout, stderr, ms: Date.now() - started, killed };
}

/** Every id exactly once, and within each partition the ids of one key rising. */
function checkStored(stored: StoredMessage[], count = MESSAGES): { duplicates: number; missing: number } {
  const counts = new Map<string, number>();
  for (const m of stored) counts.set(m.value, (counts.get(m.value) ?? 0) + 1);
  const duplicates = [...counts.values()].filter((n) => n > 1).length;
  let missing = 0;
  for (let i = 0; i < count; i++) if (!counts.has(`id-${String(i).padStart(6, '0')}`)) missing++;
  const last = new Map<string, string>();
  const outOfOrder: string[] = [];
  for (const m of stored) {
    const previous = last.get(m.key!);
    if (previous !== undefined && previous >= m.value) outOfOrder.push(`${m.key}: ${m.value} after ${previous}`);
    last.set(m.key!, m.value);
  }
  expect(outOfOrder.slice(0, 5)).toEqual([]);
  return { duplicates, missing };
}

describe.sequential('msg send through a SIGKILLed broker (3 brokers, RF 3, min ISR 2)', () => {
  // Three runs keep the file within its time budget: sync takes about a minute for 20,000 round trips.
  // The sync run kills the broker that is both partition 0's leader and the first bootstrap address
  // (the case the issue saw fail 3 of 4 times); the async runs kill each kind of broker in turn.
  const cases = [
    { mode: 'sync' as const, where: 'partition 0\'s leader, the broker at the first bootstrap address', first: true, killAfter: 500 },
    { mode: 'async' as const, where: 'partition 0\'s leader, not at the first bootstrap address', first: false, killAfter: 2000 },
    { mode: 'async' as const, where: 'partition 0\'s leader, the broker at the first bootstrap address', first: true, killAfter: 2000 },
  ];
  for (const c of cases) {
    it(`--mode ${c.mode}, killing ${c.where}: all 20,000 sent, exit 0, each once, per-key order kept`, async () => {
      const topic = uniqueName(`failover-${c.mode}`);
      const first = brokers.firstBootstrap();
      const leader0 = c.first ? first : brokers.ids().find((id) => id !== first)!;
      await brokers.createTopic(kafka, topic, leader0);
      try {
        const outcome = await sendAndKill(topic, ['--mode', c.mode], () => leaderOfPartition0(topic), (confirmed) => confirmed >= c.killAfter);
        console.log(`[failover] ${c.mode} kill ${c.first ? 'first-bootstrap' : 'leader0'} node ${outcome.killed}: exit ${outcome.code} in ${outcome.ms} ms; stderr: ${outcome.stderr.trim().split('\n').slice(-3).join(' | ')}`);
        expect(outcome.killed, 'the broker was killed while the send ran').not.toBeNull();
        if (c.first) expect(outcome.killed).toBe(first);
        else expect(outcome.killed).not.toBe(first);
        expect(outcome.code, outcome.stderr).toBe(0);
        const rows = outcome.stdout.trim().split('\n').map((line) => JSON.parse(line) as { status: string });
        expect(rows.length).toBe(MESSAGES);
        expect(rows.filter((r) => r.status !== 'sent')).toEqual([]);
        const stored = await readBack(kafka, topic, MESSAGES, { timeoutMs: 60_000 });
        const { duplicates, missing } = checkStored(stored);
        console.log(`[failover] ${c.mode}: stored ${stored.length}, duplicates ${duplicates}, missing ${missing}`);
        expect({ stored: stored.length, duplicates, missing }).toEqual({ stored: MESSAGES, duplicates: 0, missing: 0 });
      } finally {
        await brokers.restartAll();
      }
    }, 240_000);
  }
});

/** The topic's messages so far (high watermarks, read_uncommitted), with the tests' own kafkajs admin. */
async function storedSoFar(topic: string): Promise<number> {
  const admin = brokers.kafka('stored-so-far').admin();
  await admin.connect();
  try {
    return (await admin.fetchTopicOffsets(topic)).reduce((sum, p) => sum + Number(p.high), 0);
  } catch {
    return 0;
  } finally {
    await admin.disconnect();
  }
}

describe.sequential('the unconfirmed and the transactional send under a SIGKILLed leader', () => {
  it('--mode oneway (acks=0): ends on its own, says nothing was confirmed, and stores nothing that was not sent', async () => {
    // Enough that the send is still running when the kill comes: 50,000 once went out in 1.7 s on a quiet machine, before the first poll saw 5,000 stored.
    const COUNT = 200_000;
    const topic = uniqueName('failover-oneway');
    const first = brokers.firstBootstrap();
    await brokers.createTopic(kafka, topic, first);
    try {
      const outcome = await sendAndKill(topic, ['--mode', 'oneway', '--batch-size', '100'], () => leaderOfPartition0(topic), async () => (await storedSoFar(topic)) >= 5000, COUNT);
      const summary = outcome.stderr.trim().split('\n').pop()!;
      console.log(`[failover] oneway kill node ${outcome.killed}: exit ${outcome.code} in ${outcome.ms} ms; ${summary}`);
      expect(outcome.killed, 'the broker was killed while the send ran').not.toBeNull();
      // acks=0 confirms nothing: no row per message, and the summary never claims delivery.
      expect(outcome.stdout).toBe('');
      // Read back once the broker is back, so the reader's own group is not held up by the dead one.
      await brokers.restartAll();
      const stored = await readBack(brokers.kafka('oneway-read-back'), topic, COUNT, { timeoutMs: 30_000 });
      const values = new Set(stored.map((m) => m.value));
      const unknown = stored.filter((m) => !/^id-\d{6}$/.test(m.value));
      console.log(`[failover] oneway: stored ${stored.length}, distinct ${values.size}, lost ${COUNT - values.size}`);
      expect(unknown).toEqual([]);
      // The read-back works: acks=0 loses only what a dying leader had not passed on.
      expect(stored.length).toBeGreaterThan(0);
      if (outcome.code === 0) {
        expect(summary).toContain(`sent ${COUNT} messages one-way (acks=0: not confirmed`);
      } else {
        // Gave up: the counts on stderr cover every line, and the exit code says partial or unreachable.
        expect([6, 8]).toContain(outcome.code);
        const [sent, failed, notSent] = [/(\d+) sent/, /(\d+) (?:failed|unknown)/, /(\d+) not sent/].map((re) => Number(re.exec(summary)?.[1] ?? NaN));
        expect(sent! + failed! + notSent!).toBe(COUNT);
        expect(values.size).toBeLessThanOrEqual(sent! + failed!);
      }
    } finally {
      await brokers.restartAll();
    }
  }, 240_000);

  it('--transactional-id: a read_committed reader sees every message once (exit 0) or none (exit non-zero, "nothing committed")', async () => {
    const COUNT = 2000;
    const topic = uniqueName('failover-txn');
    const first = brokers.firstBootstrap();
    await brokers.createTopic(kafka, topic, first);
    const started = Date.now();
    try {
      // sync: one message per request, so the transaction is open for a while; the kill comes 3 s in.
      const outcome = await sendAndKill(topic, ['--mode', 'sync', '--transactional-id', uniqueName('txn')], () => leaderOfPartition0(topic), () => Date.now() - started > 3000, COUNT);
      // The error line, not the hint that may follow it.
      const lines = outcome.stderr.trim().split('\n');
      const summary = lines.find((line) => line.startsWith('error:')) ?? lines.pop()!;
      console.log(`[failover] transaction kill node ${outcome.killed}: exit ${outcome.code} in ${outcome.ms} ms; ${lines.join(' | ')}`);
      expect(outcome.killed, 'the broker was killed while the transaction was open').not.toBeNull();
      await brokers.restartAll();
      const stored = await readBack(brokers.kafka('txn-read-back'), topic, outcome.code === 0 ? COUNT : 1, { timeoutMs: outcome.code === 0 ? 90_000 : 15_000 });
      const { duplicates, missing } = checkStored(stored, COUNT);
      console.log(`[failover] transaction: read_committed sees ${stored.length}, duplicates ${duplicates}`);
      if (outcome.code === 0) {
        expect({ stored: stored.length, duplicates, missing }).toEqual({ stored: COUNT, duplicates: 0, missing: 0 });
      } else {
        expect(summary).toMatch(/nothing committed|may or may not/);
        if (/nothing committed/.test(summary)) expect(stored).toEqual([]);
        else expect([0, COUNT]).toContain(stored.length);
      }
    } finally {
      await brokers.restartAll();
    }
  }, 300_000);

  // Caught in CI (2026-11-30): the kill landed while the producer was connecting, and kafkajs gives
  // up on InitProducerId at once when the coordinator it was told of does not answer: exit 6,
  // "cannot reach the cluster", on a cluster with two brokers serving. Here the transaction's
  // coordinator is killed just before the send, so FindCoordinator still names it.
  it('--transactional-id whose transaction coordinator was just lost: waits for the new one, every message once, exit 0', async () => {
    const topic = uniqueName('failover-txn-coordinator');
    const victim = brokers.ids().find((id) => id !== brokers.firstBootstrap())!;
    await brokers.createTopic(kafka, topic, brokers.firstBootstrap());
    const transactionalId = await coordinatedBy(kafka, 'transaction', 'txn-on-victim', (id) => id === victim);
    try {
      brokers.kill(victim);
      const started = Date.now();
      const sent = await spawnCli(['msg', 'send', '-t', topic, '--transactional-id', transactionalId, '--format', 'ndjson', '--timeout', '60s'], { env: cluster.env, stdin: input(50) });
      console.log(`[failover] transaction with its coordinator lost: exit ${sent.code} in ${Date.now() - started} ms; ${sent.stderr.trim().split('\n').join(' | ')}`);
      expect(sent.code, sent.stderr).toBe(0);
      const stored = await readBack(brokers.kafka('txn-coordinator-read-back', victim), topic, 50);
      expect(checkStored(stored, 50)).toEqual({ duplicates: 0, missing: 0 });
      expect(stored).toHaveLength(50);
    } finally {
      await brokers.restartAll();
    }
  }, 300_000);
});
