import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { environmentError } from '../errors.js';
import { withAdminPassword } from './bootstrap-metadata.js';
import { type ClassData, toolClassDataFlags } from './class-data.js';
import { execCollect } from './exec.js';
import type { Java } from './java.js';
import type { NodeLayout } from './layout.js';

export interface FormatJob {
  nodes: NodeLayout[];
  kafkaVersion: string;
  cacheDir: string;
  clusterId: string;
  libDir: string;
  adminPassword: string;
  java: Java;
  classData: ClassData;
  propsPath: (node: NodeLayout) => string;
  loggingFlags: (node: NodeLayout) => string[];
}

const metaFile = (node: NodeLayout) => join(node.dir, 'data', 'meta.properties');
const bootstrapFile = (node: NodeLayout) => join(node.dir, 'data', 'bootstrap.checkpoint');

/**
 * Formats the storage of every node that has none. A node's storage is two files: the bootstrap
 * metadata (the release's feature levels and the admin's SCRAM credentials, the same for every node
 * of a cluster) and meta.properties (cluster id, node id, and an id for its log folder).
 *
 * Kafka's storage tool (a JVM: seconds of CPU on a small machine) runs once per Kafka runtime: what
 * it writes is kept as a template beside the jar cache, with credentials for a throwaway password.
 * Later clusters get the template with the admin's credentials made again for their password
 * (bootstrap-metadata.ts), and within a cluster every node gets the same bootstrap metadata.
 * A template that cannot be read that way is dropped and the storage tool runs again.
 */
export async function formatStorage(job: FormatJob): Promise<void> {
  const unformatted = job.nodes.filter((node) => !existsSync(metaFile(node)));
  if (!unformatted.length) return;
  const template = templateDir(job);
  const fromTemplate = await fromFormatTemplate(template, job).catch(() => undefined);
  let storage = fromTemplate;
  if (!storage) {
    const [first] = unformatted;
    await runStorageTool(first!, job);
    storage = { bootstrap: await readFile(bootstrapFile(first!)), meta: await readFile(metaFile(first!), 'utf8') };
    await saveFormatTemplate(template, storage).catch(() => undefined);
  }
  await Promise.all(unformatted.map(async (node) => {
    await mkdir(join(node.dir, 'data'), { recursive: true });
    if (existsSync(metaFile(node))) return; // the storage tool's own node
    await writeFile(bootstrapFile(node), storage.bootstrap);
    await writeFile(metaFile(node), metaPropertiesFor(storage.meta, node.id));
  }));
}

interface Storage {
  bootstrap: Buffer;
  meta: string;
}

function templateDir(job: FormatJob): string {
  const runtime = createHash('sha256').update(job.libDir).digest('hex').slice(0, 16);
  return join(job.cacheDir, 'format', `kafka-${job.kafkaVersion}-${runtime}`);
}

async function fromFormatTemplate(dir: string, job: FormatJob): Promise<Storage | undefined> {
  if (!existsSync(join(dir, 'meta.properties'))) return undefined;
  try {
    const meta = (await readFile(join(dir, 'meta.properties'), 'utf8')).replace(/^cluster\.id=.*$/m, `cluster.id=${job.clusterId}`);
    return { bootstrap: await withAdminPassword(await readFile(join(dir, 'bootstrap.checkpoint')), job.adminPassword), meta };
  } catch {
    await rm(dir, { recursive: true, force: true });
    return undefined;
  }
}

/** The storage tool's output, with the credentials made for a password nobody knows; meta.properties last, as the mark of a whole template. */
async function saveFormatTemplate(dir: string, storage: Storage): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const partial = `${dir}/.${process.pid}`;
  await writeFile(`${partial}.checkpoint`, await withAdminPassword(storage.bootstrap, randomBytes(24).toString('base64url')));
  await rename(`${partial}.checkpoint`, join(dir, 'bootstrap.checkpoint'));
  await writeFile(`${partial}.meta`, storage.meta);
  await rename(`${partial}.meta`, join(dir, 'meta.properties'));
}

/** Node 1's meta.properties as node `id`'s: its node id, and a new log-folder id. */
export function metaPropertiesFor(meta: string, id: number): string {
  return meta
    .replace(/^node\.id=.*$/m, `node.id=${id}`)
    .replace(/^directory\.id=.*$/m, `directory.id=${directoryId()}`);
}

/** A random Kafka Uuid as its tools print it (URL-safe base64); ids below 100 are reserved, so the high bits are set. */
function directoryId(): string {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0]! & 0x7f) | 0x40; // high bits set, and never a leading '-' (which Kafka's tools avoid too)
  return bytes.toString('base64url');
}

async function runStorageTool(node: NodeLayout, job: FormatJob): Promise<void> {
  const user = (mechanism: string) => `${mechanism}=[name=admin,password=${job.adminPassword}]`;
  // The password goes to the storage tool in an @file (argparse4j's: one argument a line; 0600,
  // removed after): on the command line, `ps` and /proc/<pid>/cmdline would show it while it runs.
  const argFile = join(node.dir, 'format.args');
  await writeFile(argFile, ['--add-scram', user('SCRAM-SHA-256'), '--add-scram', user('SCRAM-SHA-512')].join('\n'), { mode: 0o600 });
  const result = await execCollect(
    job.java.binary,
    [...toolClassDataFlags(job.classData), ...job.loggingFlags(node), '-cp', `${job.libDir}/*`, 'kafka.tools.StorageTool', 'format', '-t', job.clusterId, '-c', job.propsPath(node), `@${argFile}`],
  ).finally(() => rm(argFile, { force: true }));
  if (result.code !== 0) {
    const reason = result.output.split('\n').find((line) => /error|exception|cannot/i.test(line)) ?? `exit code ${result.code}`;
    throw environmentError(`could not format the storage of node ${node.id}: ${reason.trim()}`, `remove ${node.dir} or use another --dir`);
  }
}
