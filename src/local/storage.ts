import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { environmentError } from '../errors.js';
import { type ClassData, toolClassDataFlags } from './class-data.js';
import { execCollect } from './exec.js';
import type { Java } from './java.js';
import type { NodeLayout } from './layout.js';

export interface FormatJob {
  nodes: NodeLayout[];
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
 * Formats the storage of every node that has none. Kafka's storage tool runs once, for the first
 * of them; the others get a copy of what it wrote. A node's storage is two files: the bootstrap
 * metadata (the cluster's feature levels and the admin's SCRAM credentials, the same for every
 * node of a cluster) and meta.properties (cluster id, node id, and an id of its own for the log
 * folder). Each further JVM cost a second or more of CPU on a two-core machine.
 */
export async function formatStorage(job: FormatJob): Promise<void> {
  const unformatted = job.nodes.filter((node) => !existsSync(metaFile(node)));
  const [first, ...others] = unformatted;
  if (!first) return;
  await runStorageTool(first, job);
  const meta = await readFile(metaFile(first), 'utf8');
  await Promise.all(others.map(async (node) => {
    await mkdir(join(node.dir, 'data'), { recursive: true });
    await copyFile(bootstrapFile(first), bootstrapFile(node));
    await writeFile(metaFile(node), metaPropertiesFor(meta, node.id));
  }));
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
