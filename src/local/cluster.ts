import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { openSync, closeSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { basename, join } from 'node:path';
import { CliError, environmentError, usageError } from '../errors.js';
import { type ClassData, brokerClassDataFlags, classData } from './class-data.js';
import { childEnv } from './exec.js';
import { findJava, type Java } from './java.js';
import { ensureKafkaRuntime } from './jars.js';
import { allPorts, bootstrapServers, layoutNodes, type NodeLayout } from './layout.js';
import { portAnswers } from './ports.js';
import { isOurProcess, sleep, stopProcesses } from './processes.js';
import { log4j2Config, reload4jConfig, serverProperties } from './server-config.js';
import { type ClusterState, readState, stateFile, writeState } from './state.js';
import { formatStorage } from './storage.js';
import { ensureTlsFiles } from './tls.js';
import { isKafka4 } from './versions.js';

export interface UpOptions {
  dataDir: string;
  brokers: number;
  /** --brokers was on the line: a data folder holding another count is refused, even while running. */
  brokersGiven?: boolean;
  basePort: number;
  kafkaVersion: string;
  cacheDir: string;
  env: NodeJS.ProcessEnv;
  waitMs: number;
  /** Also open a SASL_SSL listener per broker; stays on for this data dir once asked for. */
  tls: boolean;
  /** Also accept SASL/PLAIN for the admin; stays on for this data dir once asked for, as tls does. */
  plain: boolean;
  log: (message: string) => void;
  /** Asks the cluster, as admin, how many brokers it has; resolves once it answers. */
  verify: (bootstrap: string[], adminPassword: string) => Promise<number>;
}

export interface UpResult {
  alreadyRunning: boolean;
  state: ClusterState;
  bootstrap: string[];
  readyMs: number;
}

const propsPath = (node: NodeLayout) => join(node.dir, 'server.properties');

/** Starts (or restarts on its kept data) a local KRaft cluster and waits until it answers a client. */
export async function up(options: UpOptions): Promise<UpResult> {
  const started = Date.now();
  const previous = await readState(options.dataDir);
  const alive = previous?.nodes.filter((node) => isOurProcess(node.pid, propsPath(node))) ?? [];
  // Checked before "already running": a flag that asks for another shape must not be ignored.
  if (previous && options.brokersGiven) assertBrokerCount(options.dataDir, previous, options.brokers);
  if (previous && alive.length === previous.nodes.length) {
    return { alreadyRunning: true, state: previous, bootstrap: bootstrapServers(previous.nodes), readyMs: 0 };
  }
  if (previous && alive.length > 0) return startMissingNodes(previous, options, started);
  if (previous && previous.kafkaVersion !== options.kafkaVersion) {
    throw usageError(
      `${options.dataDir} was created by Kafka ${previous.kafkaVersion}, not ${options.kafkaVersion}`,
      `run with --kafka-version ${previous.kafkaVersion}, another --dir, or \`sofakafka local down --purge\` first`,
    );
  }

  const withTls = options.tls || previous?.tls !== undefined;
  const withPlain = options.plain || previous?.plain === true;
  const nodes = layoutNodes(options.brokers, options.basePort, options.dataDir, { tls: withTls });
  await assertPortsFree(allPorts(nodes));
  // `java -version` is a JVM start of its own: it runs while the jar cache is checked.
  const [java, runtime] = await bothOrFirstError(
    findJava(options.env, isKafka4(options.kafkaVersion) ? 17 : 11),
    ensureKafkaRuntime({ version: options.kafkaVersion, cacheDir: options.cacheDir, env: options.env, log: options.log }),
  );
  const classes = await classData(options.cacheDir, runtime.version, runtime.libDir, java);

  const state: ClusterState = {
    kafkaVersion: runtime.version,
    clusterId: previous?.clusterId ?? kafkaUuid(),
    brokers: options.brokers,
    basePort: options.basePort,
    libDir: runtime.libDir,
    secrets: previous?.secrets ?? { adminPassword: secret(), controllerPassword: secret() },
    nodes,
  };
  await mkdir(options.dataDir, { recursive: true, mode: 0o700 });
  if (withTls) state.tls = await ensureTlsFiles(options.dataDir);
  if (withPlain) state.plain = true;
  await Promise.all(nodes.map((node) => writeNodeConfig(node, state)));
  await formatStorage({
    nodes, kafkaVersion: runtime.version, cacheDir: options.cacheDir, clusterId: state.clusterId, libDir: state.libDir,
    adminPassword: state.secrets.adminPassword, java, classData: classes, propsPath, loggingFlags,
  });

  try {
    for (const node of state.nodes) node.pid = startNode(node, state, java, classes);
    state.startedAt = new Date().toISOString();
    await writeState(options.dataDir, state);
    await waitForPorts(state, options.waitMs - (Date.now() - started));
    const bootstrap = bootstrapServers(nodes);
    await waitForBrokers(options, bootstrap, state, options.waitMs - (Date.now() - started));
    return { alreadyRunning: false, state, bootstrap, readyMs: Date.now() - started };
  } catch (error) {
    // Leave nothing half-started behind.
    await stopProcesses(state.nodes.flatMap((node) => (node.pid ? [node.pid] : [])), 0);
    for (const node of state.nodes) delete node.pid;
    delete state.startedAt;
    await writeState(options.dataDir, state);
    throw error;
  }
}

async function writeNodeConfig(node: NodeLayout, state: ClusterState): Promise<void> {
  await mkdir(node.dir, { recursive: true, mode: 0o700 });
  await writeFile(propsPath(node), serverProperties(node, state.nodes, state.kafkaVersion, state.secrets, { tls: state.tls, plain: state.plain }), { mode: 0o600 });
  await writeFile(join(node.dir, 'log4j2.properties'), log4j2Config(node));
  await writeFile(join(node.dir, 'log4j.properties'), reload4jConfig(node));
}

/** Both results; if both fail, the first one's error (no Java is said before no Maven). */
async function bothOrFirstError<A, B>(first: Promise<A>, second: Promise<B>): Promise<[A, B]> {
  const [a, b] = await Promise.allSettled([first, second]);
  if (a.status === 'rejected') throw a.reason;
  if (b.status === 'rejected') throw b.reason;
  return [a.value, b.value];
}

function loggingFlags(node: NodeLayout): string[] {
  return [`-Dlog4j2.configurationFile=${join(node.dir, 'log4j2.properties')}`, `-Dlog4j.configuration=file:${join(node.dir, 'log4j.properties')}`, `-Dkafka.logs.dir=${node.dir}`];
}

function startNode(node: NodeLayout, state: ClusterState, java: Java, classes: ClassData): number {
  const out = openSync(join(node.dir, 'stdout.log'), 'a');
  try {
    const child = spawn(
      java.binary,
      ['-Xms128m', '-Xmx512m', '-XX:+UseG1GC', '-XX:MaxGCPauseMillis=20', '-XX:+ExitOnOutOfMemoryError', '-Djava.awt.headless=true',
        ...brokerClassDataFlags(classes, node.id), ...loggingFlags(node), '-cp', `${state.libDir}/*`, 'kafka.Kafka', propsPath(node)],
      { detached: true, stdio: ['ignore', out, out], env: childEnv() },
    );
    child.unref();
    if (!child.pid) throw environmentError(`could not start java for node ${node.id}`);
    return child.pid;
  } finally {
    closeSync(out);
  }
}

/** A connect attempt to 127.0.0.1 costs well under a millisecond: look often, so no start waits on the poll. */
const PORT_POLL_MS = 25;

/** The client port opens only once a broker is ready to serve. */
async function waitForPorts(state: ClusterState, budgetMs: number): Promise<void> {
  const deadline = Date.now() + budgetMs;
  const pending = new Set(state.nodes);
  while (pending.size) {
    for (const node of [...pending]) {
      if (!isOurProcess(node.pid, propsPath(node))) throw await nodeDied(node);
      if (await portAnswers('127.0.0.1', node.clientPort)) pending.delete(node);
    }
    if (!pending.size) break;
    if (Date.now() > deadline) throw new CliError('connection', `the local cluster did not become ready in time (node ${[...pending][0]!.id})`, { hint: `see \`sofakafka local logs --broker ${[...pending][0]!.id}\`` });
    await sleep(PORT_POLL_MS);
  }
}

async function waitForBrokers(options: UpOptions, bootstrap: string[], state: ClusterState, budgetMs: number): Promise<void> {
  const deadline = Date.now() + Math.max(budgetMs, 1000);
  for (;;) {
    // A node that died after its port answered (a bind lost on another listener) says why, rather
    // than leaving the wait to end in "cannot reach".
    const dead = state.nodes.find((node) => !isOurProcess(node.pid, propsPath(node)));
    if (dead) throw await nodeDied(dead);
    try {
      if ((await options.verify(bootstrap, state.secrets.adminPassword)) >= state.brokers) return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    if (Date.now() > deadline) throw new CliError('connection', 'the local cluster started but not every broker registered in time', { hint: 'see `sofakafka local logs`' });
    await sleep(PORT_POLL_MS);
  }
}

async function nodeDied(node: NodeLayout): Promise<CliError> {
  const log = await readFile(join(node.dir, 'server.log'), 'utf8').catch(() => '');
  const stdout = await readFile(join(node.dir, 'stdout.log'), 'utf8').catch(() => '');
  const reason = [...log.split('\n'), ...stdout.split('\n')].reverse().find((line) => /ERROR|Exception|Error:/.test(line));
  return environmentError(`node ${node.id} exited during start-up${reason ? `: ${reason.trim().slice(0, 300)}` : ''}`, `see ${join(node.dir, 'server.log')}`);
}

async function assertPortsFree(ports: number[]): Promise<void> {
  for (const port of ports) {
    const free = await new Promise<boolean>((resolve) => {
      const server = createServer();
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
    if (!free) throw environmentError(`port ${port} on 127.0.0.1 is already in use`, 'pick other ports with --port, or stop what holds it');
  }
}

/** Kafka's cluster ids are 16 random bytes in URL-safe base64; ids starting with "-" confuse its tools. */
function kafkaUuid(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

const secret = () => randomBytes(24).toString('base64url');

export interface DownResult {
  stopped: number;
  purged: boolean;
  wasRunning: boolean;
}

/**
 * Stops every process `up` started; keeps the data unless purge. Purge deletes only what `up` made
 * (recognised by its cluster.json) and refuses a folder without one: `--dir ~` must never wipe a home.
 */
export async function down(dataDir: string, options: { purge: boolean }): Promise<DownResult> {
  const state = await readState(dataDir);
  if (options.purge && !state) {
    throw new CliError('notFound', `no local cluster in ${dataDir} (it has no ${basename(stateFile(dataDir))}); nothing was stopped or deleted`, {
      hint: 'check --dir: purge only deletes a folder that `sofakafka local up` made',
    });
  }
  const pids = (state?.nodes ?? []).filter((node) => isOurProcess(node.pid, propsPath(node))).map((node) => node.pid!);
  await stopProcesses(pids, 20_000);
  if (state) {
    for (const node of state.nodes) delete node.pid;
    delete state.startedAt;
    if (!options.purge) await writeState(dataDir, state);
  }
  if (options.purge && state) await purgeClusterFiles(dataDir, state);
  return { stopped: pids.length, purged: options.purge && state !== undefined, wasRunning: pids.length > 0 };
}

export interface NodeStatus {
  id: number;
  pid: number | null;
  running: boolean;
  clientPort: number;
  controllerPort: number;
  /** The SASL_SSL port; null on clusters started without --tls. */
  tlsPort: number | null;
  rack: string;
  dir: string;
}

export interface ClusterStatus {
  state: 'running' | 'degraded' | 'stopped' | 'absent';
  kafkaVersion: string | null;
  clusterId: string | null;
  bootstrapServers: string[];
  /** The CA that signed the brokers' TLS certificates (--tls-ca); null without --tls. */
  caFile: string | null;
  /** Whether the admin may also log in with SASL/PLAIN (--with-plain). */
  plain: boolean;
  dataDir: string;
  startedAt: string | null;
  uptimeSeconds: number | null;
  nodes: NodeStatus[];
}

export async function status(dataDir: string): Promise<ClusterStatus> {
  const state = await readState(dataDir);
  if (!state) {
    return { state: 'absent', kafkaVersion: null, clusterId: null, bootstrapServers: [], caFile: null, plain: false, dataDir, startedAt: null, uptimeSeconds: null, nodes: [] };
  }
  const nodes = state.nodes.map((node) => {
    const running = isOurProcess(node.pid, propsPath(node));
    return { id: node.id, pid: running ? node.pid! : null, running, clientPort: node.clientPort, controllerPort: node.controllerPort, tlsPort: node.tlsPort ?? null, rack: node.rack, dir: node.dir };
  });
  const up = nodes.filter((node) => node.running).length;
  const startedAt = up && state.startedAt ? state.startedAt : null;
  return {
    state: up === 0 ? 'stopped' : up === nodes.length ? 'running' : 'degraded',
    kafkaVersion: state.kafkaVersion,
    clusterId: state.clusterId,
    bootstrapServers: bootstrapServers(state.nodes),
    caFile: state.tls?.caFile ?? null,
    plain: state.plain === true,
    dataDir,
    startedAt,
    uptimeSeconds: startedAt ? Math.round((Date.now() - Date.parse(startedAt)) / 1000) : null,
    nodes,
  };
}

/** Stops or starts one node of a running cluster: for failover drills and health tests. */
export async function stopNode(dataDir: string, id: number): Promise<void> {
  const state = await requireState(dataDir);
  const node = state.nodes.find((n) => n.id === id);
  if (!node) throw usageError(`the local cluster has no node ${id}`, `nodes: ${state.nodes.map((n) => n.id).join(', ')}`);
  if (isOurProcess(node.pid, propsPath(node))) await stopProcesses([node.pid!], 20_000);
  delete node.pid;
  await writeState(dataDir, state);
}

/** Brings back the stopped nodes of a partly running cluster, as it was configured. */
async function startMissingNodes(state: ClusterState, options: UpOptions, started: number): Promise<UpResult> {
  const java = await findJava(options.env, isKafka4(state.kafkaVersion) ? 17 : 11);
  const classes = await classData(options.cacheDir, state.kafkaVersion, state.libDir, java);
  const missing = state.nodes.filter((node) => !isOurProcess(node.pid, propsPath(node)));
  await assertPortsFree(allPorts(missing));
  for (const node of missing) node.pid = startNode(node, state, java, classes);
  await writeState(options.dataDir, state);
  await waitForPorts({ ...state, nodes: missing }, options.waitMs);
  const bootstrap = bootstrapServers(state.nodes);
  await waitForBrokers(options, bootstrap, state, options.waitMs - (Date.now() - started));
  options.log(`started node${missing.length > 1 ? 's' : ''} ${missing.map((node) => node.id).join(', ')} of the running cluster`);
  return { alreadyRunning: false, state, bootstrap, readyMs: Date.now() - started };
}

async function requireState(dataDir: string): Promise<ClusterState> {
  const state = await readState(dataDir);
  if (!state) throw new CliError('notFound', `no local cluster in ${dataDir}`, { hint: 'start one with `sofakafka local up`' });
  return state;
}

export function logPath(node: NodeLayout): string {
  return join(node.dir, 'server.log');
}

/** A data folder holds one shape of cluster: asking for another is refused, running or not. */
export function assertBrokerCount(dataDir: string, previous: ClusterState, brokers: number): void {
  if (previous.brokers === brokers) return;
  const running = previous.nodes.some((node) => isOurProcess(node.pid, propsPath(node)));
  throw usageError(
    `${dataDir} holds a ${previous.brokers}-broker cluster${running ? ' (running)' : ''}, not ${brokers}`,
    `run with --brokers ${previous.brokers}, another --dir, or \`sofakafka local down --purge\` first`,
  );
}

/** The files and folders `up` made, then the folder itself if nothing else is left in it. */
async function purgeClusterFiles(dataDir: string, state: ClusterState): Promise<void> {
  const made = [...state.nodes.map((node) => node.dir), join(dataDir, 'tls'), `${stateFile(dataDir)}.tmp`];
  for (const path of made) await rm(path, { recursive: true, force: true });
  await rm(stateFile(dataDir), { force: true });
  const left = await readdir(dataDir).catch(() => undefined);
  if (left && left.length === 0) await rm(dataDir, { recursive: true, force: true });
}
