import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execCollect } from './exec.js';
import type { Java } from './java.js';

/**
 * Class-data sharing (AppCDS) for the brokers and the storage tool: a JVM that maps the classes of
 * an archive skips finding, reading, parsing and verifying them, most of a cold broker's start on a
 * small machine. One dynamic archive per Kafka runtime and JVM build, beside the jar cache: the
 * first cluster's node 1 records its classes as it stops (-XX:ArchiveClassesAtExit: a few seconds
 * more for that one `local down`), and the next `local up` checks the recording and adopts it.
 *
 * The JVM itself drops an archive made by another build or for other jars (-Xshare:auto), but a
 * truncated one crashes it (SIGBUS, JDK 17): so a recording is adopted only after a JVM mapped it
 * cleanly, and used only while its size and time are those seen then. Anything else is removed and
 * recorded again; the brokers start without it meanwhile.
 */
export interface ClassData {
  /** The archive to map, when a checked one is there. */
  archive?: string;
  /** Where node 1 records its classes when it exits; set while there is no archive yet. */
  recordTo?: string;
}

interface Seen {
  size: number;
  mtimeMs: number;
}

/** The archive for this runtime and JVM, adopting a recording a stopped broker finished. */
export async function classData(cacheDir: string, kafkaVersion: string, libDir: string, java: Java): Promise<ClassData> {
  // Dynamic archives need JDK 13+; Kafka 4 needs 17 anyway, and 3.9 on an older JVM runs without.
  if (java.major < 17) return {};
  const dir = join(cacheDir, 'cds');
  const key = createHash('sha256').update(`${libDir}\n${java.binary}\n${java.build}`).digest('hex').slice(0, 16);
  const archive = join(dir, `kafka-${kafkaVersion}-${key}.jsa`);
  try {
    if (!intact(archive)) await adoptRecording(dir, archive, libDir, java);
    if (intact(archive)) return { archive };
    await Promise.all([rm(archive, { force: true }), rm(`${archive}.seen`, { force: true })]);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    return { recordTo: `${archive}.${process.pid}-${Date.now()}.recording` };
  } catch {
    return {}; // an unwritable cache: start without
  }
}

/** JVM flags for a broker: map the archive, or (node 1, no archive yet) record one at exit. */
export function brokerClassDataFlags(data: ClassData, nodeId: number): string[] {
  // The JVM's notes on classes it leaves out of an archive would only fill stdout.log.
  if (data.archive) return ['-Xshare:auto', `-XX:SharedArchiveFile=${data.archive}`, '-Xlog:cds*=off'];
  if (data.recordTo && nodeId === 1) return [`-XX:ArchiveClassesAtExit=${data.recordTo}`, '-Xlog:cds*=off'];
  return [];
}

/** JVM flags for the storage tool: a short run, so C1 only, and the brokers' archive (it shares most classes). */
export function toolClassDataFlags(data: ClassData): string[] {
  return ['-XX:TieredStopAtLevel=1', ...(data.archive ? ['-Xshare:auto', `-XX:SharedArchiveFile=${data.archive}`] : [])];
}

function intact(archive: string): boolean {
  try {
    const seen = JSON.parse(readFileSync(`${archive}.seen`, 'utf8')) as Seen;
    const now = statSync(archive);
    return now.size === seen.size && now.mtimeMs === seen.mtimeMs;
  } catch {
    return false;
  }
}

/** The first recording whose JVM has exited and that a JVM maps cleanly becomes the archive; broken ones go. */
async function adoptRecording(dir: string, archive: string, libDir: string, java: Java): Promise<void> {
  const prefix = `${archive.slice(dir.length + 1)}.`;
  const names = existsSync(dir) ? readdirSync(dir).filter((n) => n.startsWith(prefix) && n.endsWith('.recording')) : [];
  for (const recording of names.map((name) => join(dir, name))) {
    if (recordingOpen(recording)) continue;
    if (!(await mapsCleanly(recording, libDir, java))) {
      await rm(recording, { force: true });
      continue;
    }
    await rename(recording, archive);
    const { size, mtimeMs } = statSync(archive);
    await writeFile(`${archive}.seen`, JSON.stringify({ size, mtimeMs } satisfies Seen));
    return;
  }
}

/** A JVM that was started to write this recording is still running (it writes as it exits). */
function recordingOpen(recording: string): boolean {
  return readdirSync('/proc').some((pid) => {
    if (!/^\d+$/.test(pid)) return false;
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(recording);
    } catch {
      return false;
    }
  });
}

async function mapsCleanly(recording: string, libDir: string, java: Java): Promise<boolean> {
  const args = ['-Xshare:on', `-XX:SharedArchiveFile=${recording}`, '-XX:ErrorFile=/dev/null', '-XX:-CreateCoredumpOnCrash', '-cp', `${libDir}/*`, '-version'];
  return (await execCollect(java.binary, args)).code === 0;
}
