import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { binPath, clusterEnv, uniqueName } from '../helpers/cli.js';
import { committedByKafka } from '../helpers/kafka-tools.js';
import { createTopic, plainKafka, produce } from '../helpers/query-kafka.js';

describe('Ctrl-C during msg consume into a slow reader', () => {
  it('commits exactly what reached stdout, partition by partition (checked with kafka-consumer-groups)', async () => {
    const topic = uniqueName('slow-reader');
    const group = uniqueName('slow-group');
    await createTopic(topic, 3);
    await produce(plainKafka('slow-reader'), topic, Array.from({ length: 4500 }, (_, i) => ({ key: `k${i % 30}`, value: `v${i}-${'x'.repeat(300)}` })));
    const child = spawn(process.execPath, [binPath, 'msg', 'consume', '-t', topic, '--group', group, '--from', 'beginning', '-o', 'ndjson'], { env: clusterEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    // A slow reader: a chunk, then a pause, so the tool's writes back up against the pipe.
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      child.stdout.pause();
      setTimeout(() => child.stdout.resume(), 40);
    });
    await new Promise<void>((resolve) => {
      const check = setInterval(() => {
        if (stdout.split('\n').length > 600) {
          clearInterval(check);
          resolve();
        }
      }, 20);
    });
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    const printed: Record<number, number> = {};
    for (const line of stdout.split('\n').filter(Boolean)) {
      const record = JSON.parse(line) as { partition: number; offset: number };
      printed[record.partition] = Math.max(printed[record.partition] ?? 0, record.offset + 1);
    }
    expect(Object.keys(printed).length).toBeGreaterThan(0);
    expect(stderr).toContain('interrupted');
    expect(await committedByKafka(group, topic)).toEqual(printed);
  });
});
