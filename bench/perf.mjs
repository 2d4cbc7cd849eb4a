#!/usr/bin/env node
// `sofakafka perf` against Kafka's own perf tools, in one run on one 3-broker cluster:
//   perf produce (acks=all, and --mode oneway = acks=0) vs ProducerPerformance, 1 KB, same record count;
//   perf consume vs ConsumerPerformance on the same topic (written by ProducerPerformance);
//   perf e2e p99 vs EndToEndLatency, 1 KB, acks=all, one-partition topics;
// and checks our counts with Kafka's own GetOffsetShell: what is on each topic afterwards must
// equal what perf produce said it sent. Both sides report their own figures (rates measured by the
// tool, start-up excluded on both sides). Rounds are interleaved so load on the machine falls on
// both alike; a warm-up round is not counted.
import { spawnSync } from 'node:child_process';
import { availableParallelism, cpus, totalmem } from 'node:os';
import { bin, report, startCluster } from './lib.mjs';

const records = Number(process.env.RECORDS ?? 100_000);
const e2eRecords = Number(process.env.E2E_RECORDS ?? 1000);
const runs = Number(process.env.RUNS ?? 3);
const partitions = 6;
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const fmt = (n, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

function run(command, args, env) {
  const result = spawnSync(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status}): ${result.stderr}\n${result.stdout}`);
  return result.stdout;
}

const cluster = await startCluster({ brokers: 3 });
const rows = [];
try {
  const ours = (args) => JSON.parse(run(process.execPath, [bin, 'perf', ...args, '-o', 'json'], cluster.env));
  const java = (main, args) => run('java', ['-cp', `${cluster.state.libDir}/*`, `org.apache.kafka.tools.${main}`, '--bootstrap-server', cluster.bootstrap, '--command-config', cluster.adminProperties, ...args]);
  const createTopic = (name, count) => run(process.execPath, [bin, 'topic', 'create', name, '--partitions', String(count), '--replication-factor', '3'], cluster.env);
  const storedOn = (topic) => java('GetOffsetShell', ['--topic', topic]).trim().split('\n').reduce((sum, line) => sum + Number(line.split(':').at(-1)), 0);

  const producerPerformance = (topic, acks) => {
    // Last line: "100000 records sent, 12345.6 records/sec (12.06 MB/sec), 1.2 ms avg latency, 80.0 ms max latency, 1 ms 50th, ..."
    const last = java('ProducerPerformance', ['--topic', topic, '--num-records', String(records), '--record-size', '1024', '--throughput', '-1', '--command-property', `acks=${acks}`]).trim().split('\n').at(-1);
    const match = /([\d.]+) records\/sec.*?([\d.]+) ms avg latency.*?(\d+) ms 99th/.exec(last);
    if (!match) throw new Error(`cannot read ProducerPerformance's result: ${last}`);
    return { perSecond: Number(match[1]), avgMs: Number(match[2]), p99: Number(match[3]) };
  };
  const consumerPerformance = (topic, group) => {
    // start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec
    const last = java('ConsumerPerformance', ['--topic', topic, '--num-records', String(records), '--group', group, '--timeout', '60000']).trim().split('\n').at(-1).split(',').map((f) => f.trim());
    return { records: Number(last[4]), perSecond: Number(last[5]), fetchPerSecond: Number(last[9]) };
  };
  const endToEndLatency = (topic) => {
    const out = java('EndToEndLatency', ['--topic', topic, '--num-records', String(e2eRecords), '--producer-acks', 'all', '--record-size', '1024']);
    const match = /50th = (\d+), 99th = (\d+), 99\.9th = (\d+)/.exec(out);
    if (!match) throw new Error(`cannot read EndToEndLatency's result: ${out.slice(-300)}`);
    return { p50: Number(match[1]), p99: Number(match[2]), p999: Number(match[3]) };
  };

  const results = { all: [], all2: [], allTheirs: [], zero: [], zeroTheirs: [], consume: [], consumeTheirs: [], e2e: [], e2eTheirs: [] };
  const counts = [];
  for (let round = 0; round <= runs; round++) {
    const t = (name) => `bench-perf-${name}-${round}`;
    for (const name of ['ours-all', 'ours-all-p2', 'theirs-all', 'ours-zero', 'theirs-zero']) createTopic(t(name), partitions);
    for (const name of ['ours-e2e', 'theirs-e2e']) createTopic(t(name), 1);
    const round_ = {
      all: ours(['produce', '-t', t('ours-all'), '--count', String(records)]),
      allTheirs: producerPerformance(t('theirs-all'), 'all'),
      // Two producers side by side in one process: does parallelism pay on this machine?
      all2: ours(['produce', '-t', t('ours-all-p2'), '--count', String(records), '--producers', '2']),
      zero: ours(['produce', '-t', t('ours-zero'), '--count', String(records), '--mode', 'oneway']),
      zeroTheirs: producerPerformance(t('theirs-zero'), '0'),
      // Both read the same topic, written by ProducerPerformance (so ours needs --yes).
      consumeTheirs: consumerPerformance(t('theirs-all'), `bench-perf-group-${round}`),
      consume: ours(['consume', '-t', t('theirs-all'), '--yes', '--count', String(records)]),
      e2eTheirs: endToEndLatency(t('theirs-e2e')),
      e2e: ours(['e2e', '-t', t('ours-e2e'), '--count', String(e2eRecords)]),
    };
    counts.push(
      { topic: t('ours-all'), reported: round_.all.records, stored: storedOn(t('ours-all')) },
      { topic: t('ours-all-p2'), reported: round_.all2.records, stored: storedOn(t('ours-all-p2')) },
      { topic: t('ours-zero'), reported: round_.zero.records, stored: storedOn(t('ours-zero')), ownCount: round_.zero.stored },
      { topic: t('ours-e2e'), reported: round_.e2e.records, stored: storedOn(t('ours-e2e')) },
    );
    if (round > 0) for (const [name, result] of Object.entries(round_)) results[name].push(result);
    process.stderr.write(`round ${round}${round ? '' : ' (warm-up)'}: all ${fmt(round_.all.recordsPerSecond)} vs ${fmt(round_.allTheirs.perSecond)}, zero ${fmt(round_.zero.recordsPerSecond)} vs ${fmt(round_.zeroTheirs.perSecond)}, consume ${fmt(round_.consume.recordsPerSecond)} vs ${fmt(round_.consumeTheirs.fetchPerSecond)}, e2e p99 ${fmt(round_.e2e.latencyMs.p99, 1)} vs ${round_.e2eTheirs.p99} ms\n`);
  }

  const m = (name, pick) => median(results[name].map(pick));
  const all = m('all', (r) => r.recordsPerSecond);
  const allTheirs = m('allTheirs', (r) => r.perSecond);
  const zero = m('zero', (r) => r.recordsPerSecond);
  const zeroTheirs = m('zeroTheirs', (r) => r.perSecond);
  const consume = m('consume', (r) => r.recordsPerSecond);
  const consumeTheirs = m('consumeTheirs', (r) => r.fetchPerSecond);
  const consumeTheirsWithJoin = m('consumeTheirs', (r) => r.perSecond);
  const e2e = m('e2e', (r) => r.latencyMs.p99);
  const e2eTheirs = m('e2eTheirs', (r) => r.p99);
  const consumedAll = results.consume.every((r) => r.records === records) && results.consumeTheirs.every((r) => r.records === records);
  rows.push(
    { what: 'machine', value: `${availableParallelism()} cores (${cpus()[0]?.model.trim()}), ${Math.round(totalmem() / 2 ** 30)} GB; brokers and clients share it` },
    { what: 'setting', value: `${fmt(records)} x 1 KB, 3 brokers, RF 3, ${partitions} partitions; e2e ${fmt(e2eRecords)} round trips on 1 partition; median of ${runs}` },
    { what: 'perf produce acks=all', value: `${fmt(all)} records/s vs ProducerPerformance ${fmt(allTheirs)} = ${(all / allTheirs).toFixed(2)}x (p99 ${m('all', (r) => r.latencyMs.p99)} vs ${m('allTheirs', (r) => r.p99)} ms)`, target: '>= 1.0x', ok: all / allTheirs >= 1 },
    { what: 'perf produce acks=all --producers 2', value: `${fmt(m('all2', (r) => r.recordsPerSecond))} records/s = ${(m('all2', (r) => r.recordsPerSecond) / all).toFixed(2)}x one producer` },
    { what: 'perf produce --mode oneway (acks=0)', value: `${fmt(zero)} records/s vs ProducerPerformance acks=0 ${fmt(zeroTheirs)} = ${(zero / zeroTheirs).toFixed(2)}x`, target: '>= 1.0x', ok: zero / zeroTheirs >= 1 },
    { what: 'perf consume', value: `${fmt(consume)} records/s vs ConsumerPerformance ${fmt(consumeTheirs)} (fetch.nMsg.sec; ${fmt(consumeTheirsWithJoin)} with its group join) = ${(consume / consumeTheirs).toFixed(2)}x`, target: '>= 1.0x', ok: consume / consumeTheirs >= 1 },
    { what: 'perf e2e p99', value: `${fmt(e2e, 1)} ms vs EndToEndLatency ${e2eTheirs} ms = ${(e2e / e2eTheirs).toFixed(2)}x (p50 ${fmt(m('e2e', (r) => r.latencyMs.p50), 1)} vs ${m('e2eTheirs', (r) => r.p50)} ms)`, target: '<= 1.5x', ok: e2e / e2eTheirs <= 1.5 },
    { what: 'whitepaper (1 KB, acks=all, 3 brokers)', value: `4C8G 5,000 TPS, 16C60G 20,000 TPS; here ${fmt(all)} = ${(all / 5000).toFixed(2)}x / ${(all / 20000).toFixed(2)}x` },
    { what: 'GetOffsetShell count = perf produce/e2e sent', value: `${counts.filter((c) => c.stored === c.reported).length}/${counts.length} topics agree${counts.filter((c) => c.stored !== c.reported).map((c) => `; ${c.topic}: reported ${c.reported}, stored ${c.stored}`).join('')}`, target: 'all', ok: counts.every((c) => c.stored === c.reported && c.reported > 0) },
    { what: 'acks=0: perf produce\'s own stored count = GetOffsetShell', value: counts.filter((c) => 'ownCount' in c).map((c) => `${c.ownCount}/${c.stored}`).join(', '), target: 'equal', ok: counts.filter((c) => 'ownCount' in c).every((c) => c.ownCount === c.stored) },
    { what: 'every record read by both consumers', value: consumedAll ? `${fmt(records)} each round` : 'NO', target: 'all', ok: consumedAll },
  );
} finally {
  cluster.stop();
}
report('perf', rows);
