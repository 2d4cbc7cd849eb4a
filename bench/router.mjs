#!/usr/bin/env node
// The router's throughput and delay, against raw kafkajs consume + produce in the same run on the
// same single-broker cluster. Throughput: N 1 KB messages already in a 6-partition source, timed
// from joining the group to the last one copied (router: committed source offsets reach the end;
// raw: the last message produced). Delay: with LogAppendTime on both topics, target append time
// minus source append time per message while the router keeps up with a steady flow, and the time
// until a read_committed consumer of the target sees the copy (the transaction's commit included).
import { Buffer } from 'node:buffer';
import { spawn, spawnSync } from 'node:child_process';
import { setTimeout as delay } from 'node:timers/promises';
import kafkajs from 'kafkajs';
import { bin, report, startCluster } from './lib.mjs';

const records = Number(process.env.RECORDS ?? 100_000);
const latencyRecords = Number(process.env.LATENCY_RECORDS ?? 20_000);
const rate = Number(process.env.RATE ?? 2000);
const partitions = 6;
const value = (i) => Buffer.from(`${String(i).padStart(10, '0')}:${'x'.repeat(1013)}`);
const percentile = (values, p) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))];
const sleep = (ms) => delay(ms);
const step = (text) => process.stderr.write(`${new Date().toISOString()} ${text}\n`);

const cluster = await startCluster({ brokers: 1 });
const cli = (...args) => {
  const result = spawnSync(process.execPath, [bin, ...args], { env: cluster.env, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`sofakafka ${args.join(' ')}: ${result.stderr}`);
  return result.stdout;
};
const kafka = new kafkajs.Kafka({
  clientId: 'bench-router', brokers: cluster.bootstrap.split(','), logLevel: kafkajs.logLevel.NOTHING,
  sasl: { mechanism: 'scram-sha-512', username: 'admin', password: cluster.state.secrets.adminPassword },
});

async function fill(topic, count) {
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  for (let at = 0; at < count; at += 1000) {
    await producer.send({ topic, acks: -1, messages: Array.from({ length: Math.min(1000, count - at) }, (_, k) => ({ key: `k${at + k}`, value: value(at + k) })) });
  }
  await producer.disconnect();
}

/** Raw kafkajs: a group consumer whose eachBatch produces the batch (acks=all) and lets kafkajs commit. */
async function rawCopy(source, target, count) {
  // A fresh cluster answers group requests with "coordinator not available" while it creates
  // __consumer_offsets: let kafkajs restart the consumer rather than give up.
  const consumer = kafka.consumer({ groupId: `raw-${Date.now()}`, retry: { retries: 10, restartOnFailure: async () => true } });
  const producer = kafka.producer();
  await Promise.all([consumer.connect(), producer.connect()]);
  await consumer.subscribe({ topic: source, fromBeginning: true });
  consumer.on(consumer.events.CRASH, ({ payload }) => step(`raw consumer: ${payload.error.message}`));
  let copied = 0;
  let joinedAt = 0;
  consumer.on(consumer.events.GROUP_JOIN, () => (joinedAt ||= Date.now()));
  const done = new Promise((resolve) => {
    consumer.run({
      partitionsConsumedConcurrently: partitions,
      eachBatch: async ({ batch }) => {
        const copies = batch.messages.map((m) => ({ partition: batch.partition, key: m.key, value: m.value, headers: m.headers, timestamp: m.timestamp }));
        // A fetched batch (up to 1 MiB) is more than one produce request may carry: 200 KB at a time, as the router does.
        for (let at = 0; at < copies.length; at += 200) await producer.send({ topic: target, acks: -1, messages: copies.slice(at, at + 200) });
        copied += batch.messages.length;
        if (copied >= count) resolve(Date.now());
      },
    });
  });
  const finishedAt = await done;
  await Promise.all([consumer.disconnect(), producer.disconnect()]);
  return (finishedAt - joinedAt) / 1000;
}

function startRouter(ns) {
  const child = spawn(process.execPath, [bin, 'router', 'run', '--ns', ns, '--poll', '1s'], { env: cluster.env, stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr.on('data', (chunk) => (log += chunk));
  return { child, log: () => log };
}

async function committedSum(group, topic) {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const [offsets] = await admin.fetchOffsets({ groupId: group, topics: [topic] });
    return offsets.partitions.reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
  } catch {
    return 0;
  } finally {
    await admin.disconnect();
  }
}

async function routerCopy(ns, source, count) {
  const router = startRouter(ns);
  while (!/joined group/.test(router.log())) await sleep(20);
  const joinedAt = Date.now();
  while ((await committedSum(`sofakafka-router.${ns}`, source)) < count) await sleep(100);
  const seconds = (Date.now() - joinedAt) / 1000;
  router.child.kill('SIGTERM');
  await new Promise((resolve) => router.child.on('exit', resolve));
  return seconds;
}

async function delays(ns) {
  const [source, target] = [`${ns}.CELL1.T1`, `${ns}.CELL2.T1`];
  cli('topic', 'create', source, target, '--partitions', String(partitions), '-c', 'message.timestamp.type=LogAppendTime');
  cli('router', 'rule', 'add', '--ns', ns, '--topic', 'T1', '--from', 'CELL1', '--to', 'CELL2');
  const router = startRouter(ns);
  while (!/ready/.test(router.log())) await sleep(50);
  const seen = new Map();
  const reader = kafka.consumer({ groupId: `bench-reader-${Date.now()}`, readUncommitted: false, maxWaitTimeInMs: 100, retry: { retries: 10, restartOnFailure: async () => true } });
  await reader.connect();
  await reader.subscribe({ topic: target, fromBeginning: true });
  await reader.run({ eachMessage: async ({ message }) => seen.set(message.value.toString().slice(0, 10), { appended: Number(message.timestamp), visible: Date.now() }) });
  await sleep(3000);
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const started = Date.now();
  for (let i = 0; i < latencyRecords; i += rate / 20) {
    const batch = Array.from({ length: rate / 20 }, (_, k) => ({ key: `k${i + k}`, value: value(i + k) }));
    await producer.send({ topic: source, acks: -1, messages: batch });
    const due = started + ((i + batch.length) / rate) * 1000;
    if (due > Date.now()) await sleep(due - Date.now());
  }
  while (seen.size < latencyRecords) await sleep(200);
  await producer.disconnect();
  await reader.disconnect();
  // Source append times: read the source back (LogAppendTime = the broker's clock at append).
  const appendedAt = new Map();
  const sourceReader = kafka.consumer({ groupId: `bench-source-${Date.now()}`, retry: { retries: 10, restartOnFailure: async () => true } });
  await sourceReader.connect();
  await sourceReader.subscribe({ topic: source, fromBeginning: true });
  await sourceReader.run({ eachMessage: async ({ message }) => appendedAt.set(message.value.toString().slice(0, 10), Number(message.timestamp)) });
  while (appendedAt.size < latencyRecords) await sleep(200);
  await sourceReader.disconnect();
  router.child.kill('SIGTERM');
  await new Promise((resolve) => router.child.on('exit', resolve));
  const appendDelays = [...seen].map(([id, t]) => t.appended - appendedAt.get(id));
  const visibleDelays = [...seen].map(([id, t]) => t.visible - appendedAt.get(id));
  return { appendDelays, visibleDelays };
}

const rows = [];
try {
  const ns = 'BENCH';
  const [source, target] = [`${ns}.CELL1.T1`, `${ns}.CELL2.T1`];
  cli('topic', 'create', source, target, 'raw-src', 'raw-dst', '--partitions', String(partitions));
  cli('router', 'rule', 'add', '--ns', ns, '--topic', 'T1', '--from', 'CELL1', '--to', 'CELL2');
  step('filling the source topics');
  await Promise.all([fill(source, records), fill('raw-src', records)]);
  step('raw copy');
  const rawSeconds = await rawCopy('raw-src', 'raw-dst', records);
  step(`raw: ${rawSeconds} s; router copy`);
  const routerSeconds = await routerCopy(ns, source, records);
  step(`router: ${routerSeconds} s; delays`);
  const [rawRate, routerRate] = [records / rawSeconds, records / routerSeconds];
  rows.push({ what: `raw kafkajs consume + produce, 1 KB, ${partitions} partitions`, value: `${Math.round(rawRate)} msg/s` });
  rows.push({ what: 'router run (exactly once), same messages', value: `${Math.round(routerRate)} msg/s = ${(routerRate / rawRate).toFixed(2)}x raw`, target: '>= 0.5x', ok: routerRate / rawRate >= 0.5 });
  const { appendDelays, visibleDelays } = await delays('LAT');
  rows.push({ what: `delay source append -> target append (${rate} msg/s)`, value: `p50 ${percentile(appendDelays, 0.5)} ms, p99 ${percentile(appendDelays, 0.99)} ms` });
  rows.push({ what: 'delay source append -> visible to read_committed', value: `p50 ${percentile(visibleDelays, 0.5)} ms, p99 ${percentile(visibleDelays, 0.99)} ms` });
} finally {
  cluster.stop();
}
report('router', rows);
