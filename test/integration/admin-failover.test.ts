import { spawn } from 'node:child_process';
import kafkajs, { type Kafka } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { binPath, spawnCli, uniqueName } from '../helpers/cli.js';
import { shareThreeBrokers } from '../helpers/failover.js';
import { committed } from '../helpers/groups.js';
import { endOffsets, listTopicNames } from '../helpers/read-back.js';

// Issue 12: the admin commands with one broker SIGKILLed (the one at the first bootstrap address),
// and Ctrl-C in the middle of `offset reset --execute` and of `topic delete` of a pattern. Three
// brokers, replication 3, min.insync.replicas 2; every result is read back with the tests' own
// kafkajs client, bootstrapped on the live brokers only.
const own = shareThreeBrokers();

const sofakafka = (args: string[], stdin?: string) => spawnCli([...args, '--timeout', '60s'], { env: own.cluster.env, ...(stdin === undefined ? {} : { stdin }) });

/** One message in each partition (so --to-earliest and --to-latest differ), written by the tests' own producer. */
async function onePerPartition(kafka: Kafka, topic: string, partitions: number): Promise<void> {
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  await producer.send({ topic, acks: -1, messages: Array.from({ length: partitions }, (_, partition) => ({ partition, value: `m${partition}` })) }).finally(() => producer.disconnect());
}

/**
 * Every partition's committed offset set to the earliest (0), the way an admin does it, and read
 * back with the tests' own client: the starting state the checks compare against. (kafkajs's
 * admin.setOffsets joins the group with a consumer whose late commits raced the reset under test.)
 */
async function startAtEarliest(kafka: Kafka, groupId: string, topic: string, partitions: number): Promise<void> {
  const reset = await sofakafka(['offset', 'reset', groupId, '-t', topic, '--to-earliest', '--new-group', '--execute']);
  expect(reset.code, reset.stderr).toBe(0);
  expect(Object.values(await committed(kafka, groupId, topic))).toEqual(Array(partitions).fill(0));
}

describe.sequential('admin commands with the first bootstrap broker SIGKILLed', () => {
  it('topic create/describe/list, group describe, offset reset --execute, user create, acl add: exit 0, and the cluster holds each result', async () => {
    const victim = own.brokers.firstBootstrap();
    const setup = own.brokers.kafka('admin-failover-setup');
    const existing = uniqueName('admin-existing');
    const group = uniqueName('admin-group');
    await own.brokers.createTopic(setup, existing, victim);
    await onePerPartition(setup, existing, 6);
    const logEnds = await endOffsets(setup, existing);
    await startAtEarliest(setup, group, existing, 6);

    own.brokers.kill(victim);
    const kafka = own.brokers.kafka('admin-failover', victim);
    const created = uniqueName('admin-created');
    const user = uniqueName('admin-user');
    try {
      // Two live brokers: a new topic gets replication 2 (3 is more than the cluster can place).
      const create = await sofakafka(['topic', 'create', created, '-p', '3', '-r', '2']);
      expect(create.code, create.stderr).toBe(0);
      const describe = await sofakafka(['topic', 'describe', existing, '-o', 'json']);
      expect(describe.code, describe.stderr).toBe(0);
      expect(describe.json<Array<{ partitions: unknown[] }>>()[0]!.partitions).toHaveLength(6);
      const list = await sofakafka(['topic', 'list', '-o', 'json']);
      expect(list.code, list.stderr).toBe(0);
      expect(list.json<Array<{ name: string }>>().map((t) => t.name)).toEqual(expect.arrayContaining([existing, created]));
      const groupDescribe = await sofakafka(['group', 'describe', group, '-o', 'json']);
      expect(groupDescribe.code, groupDescribe.stderr).toBe(0);
      const reset = await sofakafka(['offset', 'reset', group, '-t', existing, '--to-latest', '--execute']);
      expect(reset.code, reset.stderr).toBe(0);
      const userCreate = await sofakafka(['user', 'create', user, '--password-stdin'], 'failover-pw-123\n');
      expect(userCreate.code, userCreate.stderr).toBe(0);
      const acl = await sofakafka(['acl', 'add', '--allow', `User:${user}`, '--operation', 'Read', '--topic', existing]);
      expect(acl.code, acl.stderr).toBe(0);

      // What the cluster holds, read by the tests' own client on the two live own.brokers.
      expect(await listTopicNames(kafka)).toContain(created);
      expect(Object.values(await committed(kafka, group, existing))).toEqual(logEnds);
      const admin = kafka.admin();
      await admin.connect();
      try {
        const metadata = await admin.fetchTopicMetadata({ topics: [created] });
        expect(metadata.topics[0]!.partitions).toHaveLength(3);
        const acls = await admin.describeAcls({
          resourceType: kafkajs.AclResourceTypes.TOPIC, resourceName: existing, resourcePatternType: kafkajs.ResourcePatternTypes.LITERAL,
          principal: `User:${user}`, host: '*', operation: kafkajs.AclOperationTypes.ANY, permissionType: kafkajs.AclPermissionTypes.ANY,
        });
        expect(acls.resources.flatMap((r) => r.acls.map((a) => a.operation))).toEqual([kafkajs.AclOperationTypes.READ]);
      } finally {
        await admin.disconnect();
      }
      // The new user logs in (SCRAM) on a live broker.
      const asUser = own.brokers.kafka('admin-failover-user', victim, { username: user, password: 'failover-pw-123' }).admin();
      await asUser.connect();
      await asUser.disconnect();

      // Once the controller has fenced the dead broker, the metadata lists two live brokers; a topic
      // created without -r still gets three replicas (Kafka places one on the fenced broker), not a
      // silent two with min.insync.replicas 2 for ever.
      await fencedOut(kafka, victim);
      const defaulted = uniqueName('admin-default-rf');
      const createDefault = await sofakafka(['topic', 'create', defaulted, '-p', '3', '-o', 'json']);
      expect(createDefault.code, createDefault.stderr).toBe(0);
      expect(createDefault.json<Array<{ replicationFactor: number }>>()[0]!.replicationFactor).toBe(3);
      const defaultAdmin = kafka.admin();
      await defaultAdmin.connect();
      try {
        const [topic] = (await defaultAdmin.fetchTopicMetadata({ topics: [defaulted] })).topics;
        expect(topic!.partitions.map((p) => p.replicas.length)).toEqual([3, 3, 3]);
      } finally {
        await defaultAdmin.disconnect();
      }
    } finally {
      await own.brokers.restartAll();
    }
  }, 300_000);
});

/** Until the cluster's live brokers (the tests' own admin asks) no longer include `id`. */
async function fencedOut(kafka: Kafka, id: number): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    for (let i = 0; i < 120; i++) {
      if (!(await admin.describeCluster()).brokers.some((b) => b.nodeId === id)) return;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error(`broker ${id} still listed as live after 30 s`);
  } finally {
    await admin.disconnect();
  }
}

interface Attempt { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }

/**
 * Spawns the built CLI and sends it SIGINT `delayMs` after `ready(stderr)` first holds (checked
 * at the start, then on each line of stderr), then waits for it to end.
 */
function interruptWhen(args: string[], ready: (stderr: string) => boolean, delayMs: number): Promise<Attempt> {
  const child = spawn(process.execPath, [binPath, ...args], { env: own.cluster.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let sent = false;
  const check = () => {
    if (sent || !ready(stderr)) return;
    sent = true;
    setTimeout(() => child.kill('SIGINT'), delayMs);
  };
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
    check();
  });
  child.stdout.on('data', (chunk) => (stdout += chunk));
  check();
  return new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
}

describe.sequential('Ctrl-C in the middle of a change', () => {
  it('offset reset --execute over 100 partitions: the group is all old (exit 130, "nothing was changed") or all new (exit 0), never mixed', async () => {
    const PARTITIONS = 100;
    const kafka = own.brokers.kafka('reset-interrupt');
    const topic = uniqueName('reset-interrupt');
    await own.brokers.createTopics(kafka, [topic], PARTITIONS);
    await onePerPartition(kafka, topic, PARTITIONS);
    // The new offsets are the log ends as the tests' own client reads them (a retried produce may have stored a message twice).
    const logEnds = await endOffsets(kafka, topic);
    const outcomes: string[] = [];
    // SIGINT at different moments: as it starts connecting (--debug's first line), 0.3 and 0.6 s
    // after start, just before the commit (--export's line), and just after the result. Which
    // outcome each gets depends on the machine's speed; every one must leave the group all old or
    // all new, as its exit code says.
    const moments = [
      { ready: (e: string) => e.includes('debug: connecting'), delayMs: 0 }, { ready: () => true, delayMs: 300 }, { ready: () => true, delayMs: 600 },
      { ready: (e: string) => e.includes('wrote the plan'), delayMs: 0 }, { ready: (e: string) => e.includes('wrote the plan'), delayMs: 0 },
      { ready: (e: string) => e.includes('wrote the plan'), delayMs: 2 },
      // Just after the result was printed, while the client closes: the result stands (CI once saw
      // "100 of 100 changed" and then a death by SIGINT; the exit status said interrupted).
      { ready: (e: string) => e.includes('partition offsets changed'), delayMs: 0 }, { ready: (e: string) => e.includes('partition offsets changed'), delayMs: 0 },
    ];
    for (const [i, moment] of moments.entries()) {
      const group = uniqueName('reset-interrupt-g');
      await startAtEarliest(kafka, group, topic, PARTITIONS);
      const attempt = await interruptWhen(['offset', 'reset', group, '-t', topic, '--to-latest', '--execute', '--export', `${own.cluster.dir}/export-${i}.json`, '-o', 'json', '--debug'], moment.ready, moment.delayMs);
      const offsets = Object.values(await committed(kafka, group, topic));
      const isNew = (o: number, partition: number) => o === logEnds[partition];
      const state = offsets.every((o) => o === 0) ? 'all old' : offsets.every(isNew) ? 'all new' : `mixed: ${offsets.filter(isNew).length} new`;
      const last = attempt.stderr.trim().split('\n').filter((l) => /interrupted|Ctrl-C|changed/.test(l)).join(' | ');
      outcomes.push(`${i}: exit ${attempt.code ?? attempt.signal}, ${state}${last ? ` (${last})` : ''}`);
      expect(offsets).toHaveLength(PARTITIONS);
      if (attempt.code === 130) {
        expect(state, outcomes.at(-1)).toBe('all old');
        expect(attempt.stderr).toContain('nothing was changed');
      } else if (attempt.code === 0) {
        expect(state, outcomes.at(-1)).toBe('all new');
        expect(attempt.stderr).toContain(`${PARTITIONS} of ${PARTITIONS} partition offsets changed`);
      } else {
        // Ended by the signal itself before sofakafka's handler was installed: nothing could have been sent.
        expect(attempt.signal, outcomes.at(-1)).toBe('SIGINT');
        expect(state, outcomes.at(-1)).toBe('all old');
      }
    }
    console.log(`[admin-failover] offset reset interrupted: ${outcomes.join('; ')}`);
  }, 300_000);

  it('topic delete of a pattern: interrupted before the request deletes nothing (exit 130), during it deletes and reports every match (exit 0)', async () => {
    const kafka = own.brokers.kafka('delete-interrupt');
    const outcomes: string[] = [];
    // SIGINT while connecting and looking the topics up (from the start), and as the request goes out.
    const moments = [{ delayMs: 150, ready: () => true }, { delayMs: 250, ready: () => true }, { delayMs: 0, ready: (e: string) => e.includes('to delete:') }, { delayMs: 1, ready: (e: string) => e.includes('to delete:') }];
    for (const [i, moment] of moments.entries()) {
      const prefix = uniqueName('del-interrupt');
      const names = Array.from({ length: 30 }, (_, n) => `${prefix}-${n}`);
      await own.brokers.createTopics(kafka, names, 1);
      const attempt = await interruptWhen(['topic', 'delete', `${prefix}-*`, '--yes', '-o', 'json'], moment.ready, moment.delayMs);
      // Brokers apply a deletion a moment after the controller answers it: after exit 0 wait (up to
      // 10 s) for the listing to empty; otherwise give a stray deletion the same time to show.
      let left: string[] = [];
      for (let k = 0; k < 20; k++) {
        left = (await listTopicNames(kafka)).filter((t) => names.includes(t));
        if (attempt.code === 0 ? left.length === 0 : left.length < names.length) break;
        await new Promise((r) => setTimeout(r, 500));
      }
      const said = attempt.stderr.split('\n').filter((l) => /interrupted|Ctrl-C/.test(l)).join(' | ');
      outcomes.push(`${i}: exit ${attempt.code ?? attempt.signal}, ${left.length} of 30 left${said ? ` (${said})` : ''}`);
      if (attempt.code === 130) {
        expect(left, outcomes.at(-1)).toHaveLength(30);
        expect(attempt.stderr).toContain('nothing was deleted');
      } else if (attempt.code === 0) {
        expect(left, outcomes.at(-1)).toEqual([]);
      } else {
        expect(attempt.signal, outcomes.at(-1)).toBe('SIGINT');
        expect(left).toHaveLength(30);
      }
    }
    console.log(`[admin-failover] topic delete interrupted: ${outcomes.join('; ')}`);
  }, 300_000);
});
