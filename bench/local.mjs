#!/usr/bin/env node
// `local up` to ready (jars cached) against the floor, measured in the same run: Kafka's own start,
// `java -cp <libs>/* kafka.Kafka server.properties` on an already formatted folder until its client
// port opens. Then where the time goes: each step of `local up` timed on its own.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { bin, freeBase, report, rssMb, startCluster } from './lib.mjs';

const runs = Number(process.env.RUNS ?? 3);
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const seconds = (ms) => `${(ms / 1000).toFixed(2)} s`;

// Warm-up: the jars, and the class-data archive (recorded as the first cluster stops, adopted by the next start).
for (let i = 0; i < 2; i++) await startCluster({ brokers: 1 }).then((warm) => warm.stop());

// A formatted, stopped one-broker cluster for the floor and the step timings.
const work = mkdtempSync(join(tmpdir(), 'sofakafka-bench-local-'));
const env = { ...process.env, SOFAKAFKA_CONFIG: join(work, 'config.yaml') };
const port = await freeBase(2);
const dataDir = join(work, 'data');
spawnSync(process.execPath, [bin, 'local', 'up', '--dir', dataDir, '--port', String(port), '--context-name', 'bench-floor'], { env });
spawnSync(process.execPath, [bin, 'local', 'down', '--dir', dataDir], { env });
const state = JSON.parse(readFileSync(join(dataDir, 'cluster.json'), 'utf8'));
const node = state.nodes[0];
const props = join(node.dir, 'server.properties');
const classpath = `${state.libDir}/*`;
const archive = readdirSync(join(cacheDir(), 'cds')).filter((f) => f.startsWith(`kafka-${state.kafkaVersion}-`) && f.endsWith('.jsa')).map((f) => join(cacheDir(), 'cds', f))[0];
const ourFlags = ['-Xms128m', '-Xmx512m', '-XX:+UseG1GC', '-XX:MaxGCPauseMillis=20', '-XX:+ExitOnOutOfMemoryError', '-Djava.awt.headless=true',
  `-Dlog4j2.configurationFile=${join(node.dir, 'log4j2.properties')}`, `-Dlog4j.configuration=file:${join(node.dir, 'log4j.properties')}`, `-Dkafka.logs.dir=${node.dir}`];
const cds = archive ? ['-Xshare:auto', `-XX:SharedArchiveFile=${archive}`] : [];

const samples = { floor: [], up1: [], up3: [], javaVersion: [], formatCold: [], formatOurs: [], brokerOurFlags: [], brokerCds: [] };
let rss = {};
for (let i = 0; i < runs; i++) {
  // Interleaved, so a busy moment on a shared machine lands on every figure alike.
  samples.floor.push(await untilPortOpens(['-cp', classpath, 'kafka.Kafka', props]));
  for (const brokers of [1, 3]) {
    const cluster = await startCluster({ brokers });
    samples[`up${brokers}`].push(cluster.wallMs);
    if (i === 0) {
      await sleep(5000); // let start-up garbage settle before reading memory
      rss[brokers] = cluster.state.nodes.map((n) => rssMb(n.pid));
    }
    cluster.stop();
  }
  samples.javaVersion.push(timed(() => spawnSync('java', ['-version'])));
  samples.formatCold.push(format([]));
  samples.formatOurs.push(format(['-XX:TieredStopAtLevel=1', ...cds]));
  samples.brokerOurFlags.push(await untilPortOpens([...ourFlags, '-cp', classpath, 'kafka.Kafka', props]));
  samples.brokerCds.push(await untilPortOpens([...ourFlags, ...cds, '-cp', classpath, 'kafka.Kafka', props]));
}
rmSync(work, { recursive: true, force: true });

const m = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)]));
const rows = [
  { what: 'floor: java -cp <libs>/* kafka.Kafka (formatted) to client port open', value: seconds(m.floor) },
  { what: 'local up, 1 broker: to ready', value: `${seconds(m.up1)} = ${(m.up1 / m.floor).toFixed(2)}x floor`, target: '<= 0.8x', ok: m.up1 / m.floor <= 0.8 },
  { what: 'local up, 3 brokers: to ready', value: `${seconds(m.up3)} = ${(m.up3 / m.floor).toFixed(2)}x floor`, target: '<= 1.5x', ok: m.up3 / m.floor <= 1.5 },
  { what: 'local up, 1 broker: RSS', value: `${rss[1].join(', ')} MB`, target: '<= 600 MB', ok: rss[1].every((mb) => mb <= 600) },
  { what: 'local up, 3 brokers: RSS per broker', value: `${rss[3].join(', ')} MB`, target: '<= 600 MB', ok: rss[3].every((mb) => mb <= 600) },
  { what: 'step: java -version (runs beside the jar check)', value: seconds(m.javaVersion) },
  { what: 'step: storage tool, plain JVM (before: once per node and up; now once per Kafka runtime)', value: seconds(m.formatCold) },
  { what: 'step: storage tool, C1 only + class-data archive (our first run)', value: seconds(m.formatOurs) },
  { what: 'step: broker to port open, our heap/GC flags, no archive', value: seconds(m.brokerOurFlags) },
  { what: 'step: broker to port open, our flags + class-data archive', value: seconds(m.brokerCds) },
];
report('local', rows);

/** ms from spawning java until the node's client port accepts; then the broker is stopped. */
async function untilPortOpens(args) {
  const started = Date.now();
  const child = spawn('java', args, { stdio: 'ignore' });
  while (!(await accepts(node.clientPort))) await sleep(10);
  const ms = Date.now() - started;
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
  return ms;
}

function accepts(clientPort) {
  return new Promise((resolve) => {
    const socket = connect(clientPort, '127.0.0.1');
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}

/** The storage tool on a fresh copy of the node's config, as `local up` runs it. */
function format(flags) {
  const dir = mkdtempSync(join(work, 'format-'));
  const copy = join(dir, 'server.properties');
  writeFileSync(copy, readFileSync(props, 'utf8').replace(/^log\.dirs=.*$/m, `log.dirs=${join(dir, 'data')}`));
  cpSync(join(node.dir, 'log4j2.properties'), join(dir, 'log4j2.properties'));
  const args = [...flags, `-Dlog4j2.configurationFile=${join(dir, 'log4j2.properties')}`, '-cp', classpath, 'kafka.tools.StorageTool', 'format', '-t', state.clusterId, '-c', copy,
    '--add-scram', `SCRAM-SHA-512=[name=admin,password=${state.secrets.adminPassword}]`];
  const ms = timed(() => {
    const result = spawnSync('java', args, { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`format failed: ${result.stdout}${result.stderr}`);
  });
  rmSync(dir, { recursive: true, force: true });
  return ms;
}

function timed(work) {
  const started = Date.now();
  work();
  return Date.now() - started;
}

function cacheDir() {
  return process.env.SOFAKAFKA_CACHE_DIR ?? join(process.env.XDG_CACHE_HOME || join(process.env.HOME, '.cache'), 'sofakafka');
}
