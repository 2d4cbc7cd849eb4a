import { mkdir, open, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { environmentError, usageError } from '../errors.js';
import { execCollect } from './exec.js';
import { loggingDependencies } from './versions.js';

export interface KafkaRuntime {
  version: string;
  /** A folder of jars: `java -cp '<libDir>/*'`. */
  libDir: string;
  source: 'cache' | 'maven' | 'kafka-home';
}

interface Manifest {
  version: string;
  jars: Array<{ name: string; size: number }>;
}

export interface JarOptions {
  version: string;
  cacheDir: string;
  env: NodeJS.ProcessEnv;
  log: (message: string) => void;
}

/**
 * The broker and tool jars for one Kafka release: from KAFKA_HOME when set, else from the cache,
 * else fetched from Maven Central with Maven into the cache. A cache that fails its manifest check
 * is fetched again.
 */
export async function ensureKafkaRuntime(options: JarOptions): Promise<KafkaRuntime> {
  if (options.env.KAFKA_HOME) return kafkaHomeRuntime(options.env.KAFKA_HOME);
  const versionDir = join(options.cacheDir, 'kafka', options.version);
  const libDir = join(versionDir, 'libs');
  const problem = await verifyCache(versionDir);
  if (problem === undefined) return { version: options.version, libDir, source: 'cache' };
  if (problem !== 'missing') options.log(`the jar cache in ${versionDir} is damaged (${problem}); fetching it again`);
  await fetchWithMaven(options, versionDir, problem);
  return { version: options.version, libDir, source: 'maven' };
}

async function kafkaHomeRuntime(home: string): Promise<KafkaRuntime> {
  const libDir = join(home, 'libs');
  let names: string[];
  try {
    names = await readdir(libDir);
  } catch {
    throw environmentError(`KAFKA_HOME=${home} has no libs/ folder`, 'point KAFKA_HOME at an unpacked Kafka distribution, or unset it to use Maven');
  }
  const broker = names.map((n) => /^kafka_2\.1[23]-(\d+\.\d+\.\d+)\.jar$/.exec(n)).find(Boolean);
  if (!broker) throw environmentError(`KAFKA_HOME=${home}/libs holds no kafka_2.13 jar`, 'point KAFKA_HOME at an unpacked Kafka distribution');
  return { version: broker[1]!, libDir, source: 'kafka-home' };
}

/** Why a cached runtime can't be used, or undefined if it can. Checks sizes and zip magic, not hashes: fast. */
export async function verifyCache(versionDir: string): Promise<string | undefined> {
  let manifest: Manifest;
  try {
    manifest = JSON.parse(await readFile(join(versionDir, 'manifest.json'), 'utf8')) as Manifest;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : 'unreadable manifest';
  }
  if (!Array.isArray(manifest.jars) || manifest.jars.length === 0) return 'empty manifest';
  const magic = Buffer.alloc(4);
  for (const jar of manifest.jars) {
    const path = join(versionDir, 'libs', jar.name);
    try {
      if ((await stat(path)).size !== jar.size) return `${jar.name} has the wrong size`;
      const handle = await open(path, 'r');
      try {
        await handle.read(magic, 0, 4, 0);
      } finally {
        await handle.close();
      }
      if (magic.readUInt32LE(0) !== 0x04034b50) return `${jar.name} is not a jar`;
    } catch {
      return `${jar.name} is missing`;
    }
  }
  return undefined;
}

function pom(version: string): string {
  const dependency = (g: string, a: string, v: string) =>
    `    <dependency><groupId>${g}</groupId><artifactId>${a}</artifactId><version>${v}</version></dependency>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<!-- Written by sofakafka local: the jars of Apache Kafka ${version}, its tools, and a logging binding. -->
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>sofakafka.local</groupId>
  <artifactId>kafka-runtime</artifactId>
  <version>${version}</version>
  <packaging>pom</packaging>
  <dependencies>
${[
  dependency('org.apache.kafka', 'kafka_2.13', version),
  dependency('org.apache.kafka', 'kafka-tools', version),
  ...loggingDependencies(version).map((d) => dependency(d.groupId, d.artifactId, d.version)),
].join('\n')}
  </dependencies>
</project>
`;
}

async function fetchWithMaven(options: JarOptions, versionDir: string, problem: string): Promise<void> {
  const staging = `${versionDir}.partial-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  await writeFile(join(staging, 'pom.xml'), pom(options.version));
  options.log(`fetching Apache Kafka ${options.version} jars from Maven Central (once; cached in ${versionDir})`);
  const extra = (options.env.SOFAKAFKA_MAVEN_ARGS ?? '').split(/\s+/).filter(Boolean);
  const result = await execCollect(
    options.env.SOFAKAFKA_MVN || 'mvn',
    ['-B', '-q', ...extra, '-f', join(staging, 'pom.xml'), // Fully qualified and pinned: no plugin-prefix lookup, the same plugin on every machine.
      'org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies', '-DincludeScope=runtime', `-DoutputDirectory=${join(staging, 'libs')}`],
    { env: options.env },
  );
  if (result.code !== 0) {
    await rm(staging, { recursive: true, force: true });
    throw mavenFailure(options.version, result.code, result.output, problem, versionDir);
  }
  const names = (await readdir(join(staging, 'libs'))).filter((n) => n.endsWith('.jar')).sort();
  const jars = await Promise.all(names.map(async (name) => ({ name, size: (await stat(join(staging, 'libs', name))).size })));
  await writeFile(join(staging, 'manifest.json'), JSON.stringify({ version: options.version, jars } satisfies Manifest, null, 2));
  // Another sofakafka may have filled the cache meanwhile (parallel test runs): keep the one in place.
  if ((await verifyCache(versionDir)) === undefined) {
    await rm(staging, { recursive: true, force: true });
    return;
  }
  await rm(versionDir, { recursive: true, force: true });
  await mkdir(join(options.cacheDir, 'kafka'), { recursive: true });
  await rename(staging, versionDir);
}

/** Maven's long output, read for the one thing the user must do. */
export function mavenFailure(version: string, code: number | null, output: string, problem: string, versionDir: string) {
  const damaged = problem === 'missing' ? '' : ` (the cache in ${versionDir} was damaged: ${problem})`;
  if (code === null) {
    return environmentError(
      `Maven is needed to fetch the Kafka ${version} jars the first time, and "mvn" was not found${damaged}`,
      'install Maven (apt-get install maven), or set KAFKA_HOME to an unpacked Kafka distribution',
    );
  }
  if (/Could not find artifact org\.apache\.kafka|org\.apache\.kafka:kafka_2\.13:(jar|pom):[\d.]+ (was not found|is missing)|Failure to find org\.apache\.kafka/.test(output)) {
    return usageError(`Kafka ${version} is not published on Maven Central`, 'pick a released version with --kafka-version, e.g. 4.3.1 or 3.9.1');
  }
  if (/Could not transfer|Unknown ?Host|Connection refused|Network is unreachable|timed out|offline mode|Could not resolve/i.test(output)) {
    return environmentError(
      `cannot reach Maven Central to fetch the Kafka ${version} jars, and they are not cached${damaged}`,
      'connect to the network (or a Maven mirror via SOFAKAFKA_MAVEN_ARGS="-s settings.xml") once; later runs use the cache',
    );
  }
  const lastLine = output.trim().split('\n').filter((line) => line.includes('ERROR')).at(0) ?? output.trim().split('\n').at(-1);
  return environmentError(`Maven could not fetch the Kafka ${version} jars: ${lastLine ?? `exit code ${code}`}`, 'run again with --debug, or set KAFKA_HOME');
}
