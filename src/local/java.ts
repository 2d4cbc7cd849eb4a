import { join } from 'node:path';
import { environmentError } from '../errors.js';
import { execCollect } from './exec.js';

export interface Java {
  binary: string;
  major: number;
  /** What `java -version` printed: names the exact build (class-data archives fit one build only). */
  build: string;
}

/** The java to run Kafka with: $JAVA_HOME/bin/java, else the one on PATH; 17+ for Kafka 4, 11+ for 3.9. */
export async function findJava(env: NodeJS.ProcessEnv, minimumMajor: number): Promise<Java> {
  const binary = env.JAVA_HOME ? join(env.JAVA_HOME, 'bin', 'java') : 'java';
  const result = await execCollect(binary, ['-version'], { env });
  if (result.code === null) {
    throw environmentError(
      `Java ${minimumMajor}+ is needed to run Kafka and "${binary}" was not found`,
      'install it (apt-get install openjdk-17-jre-headless) or set JAVA_HOME',
    );
  }
  const match = /version "(\d+)(?:\.(\d+))?/.exec(result.output);
  const major = match ? (match[1] === '1' ? Number(match[2]) : Number(match[1])) : 0;
  if (major < minimumMajor) {
    throw environmentError(`Kafka needs Java ${minimumMajor}+, and ${binary} is Java ${major || 'of unknown version'}`, 'install a newer JDK or point JAVA_HOME at one');
  }
  return { binary, major, build: result.output.trim() };
}
