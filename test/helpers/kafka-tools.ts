import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sharedCluster } from './cli.js';

/**
 * Kafka's own CLI tools, run from the same jars as the brokers: the independent second path that
 * checks what sofakafka did (the kafka-tools artifact comes along with `local up`).
 */
export function kafkaTool(mainClass: string, args: string[], options: { stdin?: string; timeoutMs?: number } = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const cluster = sharedCluster();
  return new Promise((resolve, reject) => {
    const child = spawn('java', ['-Xmx256m', '-Dlog4j2.level=ERROR', '-Dlog4j2.rootLogger.level=ERROR', '-cp', `${cluster.libDir}/*`, mainClass, ...args], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.stdin.end(options.stdin ?? '');
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
  });
}

/** A client properties file for a user, as Kafka's tools take with --command-config. */
export function clientProperties(dir: string, user: string, password: string, mechanism = 'SCRAM-SHA-512'): string {
  const path = join(dir, `${user}-${mechanism}.properties`);
  writeFileSync(path, [
    'security.protocol=SASL_PLAINTEXT',
    `sasl.mechanism=${mechanism}`,
    `sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="${user}" password="${password}";`,
    '',
  ].join('\n'));
  return path;
}

export const adminProperties = () => {
  const cluster = sharedCluster();
  return clientProperties(cluster.dir, 'admin', cluster.adminPassword);
};
