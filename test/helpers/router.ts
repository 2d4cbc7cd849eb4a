import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Kafka } from 'kafkajs';
import { expect } from 'vitest';
import { binPath, cli, clusterEnv, sharedCluster, uniqueName } from './cli.js';
import { adminProperties, clientProperties } from './kafka-tools.js';
import type { OwnCluster } from './own-cluster.js';
import { runProcess } from './run-process.js';

/** Where routing tests run: the CLI's environment, and what Kafka's Java tools need to read back. */
export interface RouterCluster {
  env: NodeJS.ProcessEnv;
  bootstrap: string;
  libDir: string;
  /** Admin client properties for the Java tools. */
  properties: string;
}

export function sharedRouterCluster(): RouterCluster {
  const cluster = sharedCluster();
  return { env: clusterEnv(), bootstrap: cluster.bootstrap, libDir: cluster.libDir, properties: adminProperties() };
}

export function ownRouterCluster(cluster: OwnCluster): RouterCluster {
  const { libDir } = JSON.parse(readFileSync(join(cluster.dataDir, 'cluster.json'), 'utf8')) as { libDir: string };
  return { env: cluster.env, bootstrap: cluster.bootstrap, libDir, properties: clientProperties(cluster.dir, 'admin', cluster.adminPassword) };
}

/** The routing tests' flow: 6 partitions, keys spread over all of them, 3 messages in 4 match the rule. */
export const FLOW_PARTITIONS = 6;
export const matchesRule = (id: number) => id % 4 !== 0;

/** A namespace with CELL1.T1 and CELL2.T1 of 6 partitions and the rule CELL1→CELL2 when __UNIT.TARGET_R=CELL2. */
export async function routedNamespace(prefix: string, on: RouterCluster) {
  const ns = uniqueName(prefix);
  const [source, target] = [`${ns}.CELL1.T1`, `${ns}.CELL2.T1`];
  const created = await cli(['topic', 'create', source, target, '--partitions', String(FLOW_PARTITIONS)], { env: on.env });
  expect(created.code, created.stderr).toBe(0);
  const added = await cli(['router', 'rule', 'add', '--ns', ns, '--topic', 'T1', '--from', 'CELL1', '--to', 'CELL2', '--when', '__UNIT.TARGET_R=CELL2'], { env: on.env });
  expect(added.code, added.stderr).toBe(0);
  return { ns, source, target };
}

export function flow(count: number): FlowMessage[] {
  return Array.from({ length: count }, (_, id) => ({
    id, key: `user-${id % 1009}`, partition: (id % 1009) % FLOW_PARTITIONS, headers: { '__UNIT.ORIUNIT': 'CELL1', '__UNIT.TARGET_R': matchesRule(id) ? 'CELL2' : 'CELL3' },
  }));
}

export interface RuleStatusJson { rules: Array<{ copied: number; lag: number; partitions: Array<{ lag: number; worker: string | null }> }>; workers: Array<{ clientId: string; partitions: string[] }> }
export const routerStatus = async (ns: string, on: RouterCluster) => (await cli(['router', 'status', '--ns', ns, '-o', 'json'], { env: on.env })).json<RuleStatusJson>();

export async function waitUntilCaughtUp(ns: string, on: RouterCluster, logs: () => string, timeoutMs = 120_000): Promise<RuleStatusJson> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const current = await routerStatus(ns, on).catch(() => null);
    if (current?.rules[0]!.lag === 0) return current;
    if (Date.now() > deadline) throw new Error(`router still behind: ${JSON.stringify(current?.rules[0])}\n${logs()}`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

/**
 * Target partition by partition, read back with Kafka's own Java consumer (read_committed):
 * exactly the matching source messages of that partition, in order; none twice.
 */
export async function expectExactlyOnce(on: RouterCluster, source: string, target: string, expectedCount: number) {
  const [sourceRead, targetRead] = [
    await readCommittedWithJava(on.libDir, on.bootstrap, on.properties, source),
    await readCommittedWithJava(on.libDir, on.bootstrap, on.properties, target),
  ];
  const duplicates = [...countValues(targetRead)].filter(([, n]) => n > 1);
  const total = [...targetRead.values()].reduce((sum, values) => sum + values.length, 0);
  console.log(`${target}: ${total} messages read back with read_committed, ${duplicates.length} duplicated ids`);
  expect(duplicates).toEqual([]);
  for (let partition = 0; partition < FLOW_PARTITIONS; partition++) {
    const expected = (sourceRead.get(partition) ?? []).filter((id) => matchesRule(Number(id)));
    expect(targetRead.get(partition) ?? [], `partition ${partition}`).toEqual(expected);
  }
  expect(total).toBe(expectedCount);
}

/** A `router run` worker as the built binary, in its own process: killable, freezable, its log kept. */
export interface RouterProcess {
  child: ChildProcessWithoutNullStreams;
  log(): string;
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
  exited: Promise<number | null>;
  signal(name: NodeJS.Signals): void;
}

export function startRouter(ns: string, env: NodeJS.ProcessEnv, extra: string[] = []): RouterProcess {
  const child = spawn(process.execPath, [binPath, 'router', 'run', '--ns', ns, '--session-timeout', '6s', '--poll', '1s', ...extra], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  let log = '';
  child.stderr.on('data', (chunk) => (log += chunk));
  child.stdout.on('data', () => undefined);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code, signal) => resolve(signal ? null : code)));
  return {
    child,
    log: () => log,
    exited,
    signal: (name) => child.kill(name),
    async waitFor(pattern, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      while (!pattern.test(log)) {
        if (child.exitCode !== null) throw new Error(`router exited (${child.exitCode}) before ${pattern}:\n${log}`);
        if (Date.now() > deadline) throw new Error(`router did not log ${pattern} in ${timeoutMs} ms:\n${log}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
  };
}

/** SIGTERM, then SIGKILL if the worker has not finished its transactions and left the group in time (a loaded CI machine is slow). */
export async function stopRouter(router: RouterProcess, timeoutMs = 90_000): Promise<number | null> {
  router.signal('SIGTERM');
  const timer = setTimeout(() => router.signal('SIGKILL'), timeoutMs);
  const code = await router.exited;
  clearTimeout(timer);
  return code;
}

export interface FlowMessage {
  id: number;
  key: string;
  /** The key's partition, fixed by the test (each send below goes to one partition). */
  partition: number;
  headers: Record<string, string>;
}

/**
 * Writes messages with an independent, idempotent kafkajs producer (no duplicates at the source),
 * `perSecond` at most, in batches; `onBatch` runs between batches (to kill routers mid-flow).
 * Each send() holds one partition: a send() to several leaders that fails on one (a broker
 * SIGKILLed) is retried while its request to another is still in flight, and that second request
 * for the same partition breaks the idempotent sequence (OUT_OF_ORDER_SEQUENCE_NUMBER, kafkajs 2.2.4).
 * Retries ride through a lost leader as Kafka's producer does (leadership moves after ~9 s).
 */
export async function produceFlow(kafka: Kafka, topic: string, messages: FlowMessage[], perSecond: number, onBatch?: (sent: number) => Promise<void> | void): Promise<void> {
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, retry: { retries: 1000, initialRetryTime: 200, maxRetryTime: 2000 } });
  await producer.connect();
  const batchSize = Math.max(1, Math.floor(perSecond / 10));
  const started = Date.now();
  try {
    for (let sent = 0; sent < messages.length; sent += batchSize) {
      const batch = messages.slice(sent, sent + batchSize);
      const byPartition = new Map<number, FlowMessage[]>();
      for (const m of batch) byPartition.set(m.partition, [...(byPartition.get(m.partition) ?? []), m]);
      await Promise.all([...byPartition].map(([partition, part]) => producer.send({
        topic, acks: -1, messages: part.map((m) => ({ partition, key: m.key, value: String(m.id), headers: { ...m.headers, 'test.id': String(m.id) } })),
      })));
      await onBatch?.(sent + batch.length);
      const due = started + ((sent + batch.length) / perSecond) * 1000;
      if (due > Date.now()) await new Promise((resolve) => setTimeout(resolve, due - Date.now()));
    }
  } finally {
    await producer.disconnect();
  }
}

/**
 * Reads a whole topic with Kafka's own Java console consumer, read_committed: the independent
 * reader. Returns the values (our message ids) per partition, in offset order.
 */
export async function readCommittedWithJava(libDir: string, bootstrap: string, properties: string, topic: string, idleMs = 8000): Promise<Map<number, string[]>> {
  const result = await runProcess('java', [
    '-Xmx256m', '-Dlog4j2.level=ERROR', '-Dlog4j2.rootLogger.level=ERROR', '-cp', `${libDir}/*`, 'org.apache.kafka.tools.consumer.ConsoleConsumer',
    '--bootstrap-server', bootstrap, '--consumer.config', properties, '--topic', topic, '--from-beginning',
    '--isolation-level', 'read_committed', '--timeout-ms', String(idleMs), '--property', 'print.partition=true',
  ], { timeoutMs: 180_000 });
  const byPartition = new Map<number, string[]>();
  for (const line of result.stdout.split('\n')) {
    const match = /^Partition:(\d+)\t(.*)$/.exec(line);
    if (!match) continue;
    const partition = Number(match[1]);
    const values = byPartition.get(partition) ?? [];
    values.push(match[2]!);
    byPartition.set(partition, values);
  }
  if (!byPartition.size && !/Processed a total of 0 messages/.test(result.stderr)) throw new Error(`console consumer read nothing:\n${result.stderr.slice(-2000)}`);
  return byPartition;
}

/** Every value read, with how often: duplicates stand out. */
export function countValues(byPartition: Map<number, string[]>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const values of byPartition.values()) for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
}
