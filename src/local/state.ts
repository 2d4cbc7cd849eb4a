import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { NodeLayout } from './layout.js';
import type { Secrets } from './server-config.js';
import type { TlsFiles } from './tls.js';

/** What `local up` remembers in <dir>/cluster.json (mode 0600: it holds the generated passwords). */
export interface ClusterState {
  kafkaVersion: string;
  clusterId: string;
  brokers: number;
  basePort: number;
  libDir: string;
  secrets: Secrets;
  /** Present once the cluster was started with --tls: the PEM files under <dir>/tls. */
  tls?: TlsFiles;
  /** True once the cluster was started with --with-plain: the admin may also log in with SASL/PLAIN. */
  plain?: boolean;
  nodes: Array<NodeLayout & { pid?: number }>;
  startedAt?: string;
}

export const stateFile = (dataDir: string) => join(dataDir, 'cluster.json');

export async function readState(dataDir: string): Promise<ClusterState | undefined> {
  try {
    return JSON.parse(await readFile(stateFile(dataDir), 'utf8')) as ClusterState;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

export async function writeState(dataDir: string, state: ClusterState): Promise<void> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const temporary = `${stateFile(dataDir)}.tmp`;
  await writeFile(temporary, JSON.stringify(state, null, 2), { mode: 0o600 });
  await chmod(temporary, 0o600);
  await rename(temporary, stateFile(dataDir));
}
