import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import type { Kafka } from 'kafkajs';
import { binPath } from './cli.js';
import { runProcess } from './run-process.js';

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

/** Stops a worker with SIGTERM and returns its exit code (it must stop on its own, cleanly). */
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
  headers: Record<string, string>;
}

/**
 * Writes messages with an independent, idempotent kafkajs producer (no duplicates at the source),
 * `perSecond` at most, in batches; `onBatch` runs between batches (to kill routers mid-flow).
 */
export async function produceFlow(kafka: Kafka, topic: string, messages: FlowMessage[], perSecond: number, onBatch?: (sent: number) => Promise<void> | void): Promise<void> {
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const batchSize = Math.max(1, Math.floor(perSecond / 10));
  const started = Date.now();
  try {
    for (let sent = 0; sent < messages.length; sent += batchSize) {
      const batch = messages.slice(sent, sent + batchSize);
      await producer.send({ topic, acks: -1, messages: batch.map((m) => ({ key: m.key, value: String(m.id), headers: { ...m.headers, 'test.id': String(m.id) } })) });
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
