import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kafka } from 'kafkajs';
import { cli } from '../helpers/cli.js';
import { independentKafka } from '../helpers/groups.js';
import { type OwnCluster, startOwnCluster } from '../helpers/own-cluster.js';
import { endOffsets } from '../helpers/read-back.js';

interface SendRow { partition: number; status: string }

// Three brokers in racks rack-a, rack-b, rack-c: local-first producing needs brokers in several racks.
let cluster: OwnCluster;
// The tests' own kafkajs client on that cluster: where the leaders are and what each partition holds.
let kafka: Kafka;
beforeAll(async () => {
  cluster = await startOwnCluster({ brokers: 3 });
  kafka = independentKafka('rack-tests', { username: 'admin', password: cluster.adminPassword, brokers: cluster.bootstrap.split(',') });
}, 300_000);
afterAll(() => cluster?.stop());

const run = (args: string[], stdin?: string) => cli(args, { env: cluster.env, ...(stdin === undefined ? {} : { stdin }) });
const leaders = async (topic: string) => {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return (await admin.fetchTopicMetadata({ topics: [topic] })).topics[0]!.partitions.map((p) => ({ partition: p.partitionId, leader: p.leader }));
  } finally {
    await admin.disconnect();
  }
};
const grown = (before: number[], after: number[]) => after.flatMap((end, partition) => (end > (before[partition] ?? 0) ? [partition] : []));

describe('msg send --prefer-rack', () => {
  it('writes only to partitions led by the rack\'s broker; with that broker stopped it falls back to all and says so', async () => {
    expect((await run(['topic', 'create', 'local-first', '-p', '6', '-r', '3'])).code).toBe(0);
    const brokers = (await run(['cluster', 'describe', '-o', 'json'])).json<{ brokers: Array<{ id: number; rack: string }> }>().brokers;
    const rackB = brokers.find((b) => b.rack === 'rack-b')!.id;
    const ledByB = (await leaders('local-first')).filter((p) => p.leader === rackB).map((p) => p.partition);
    expect(ledByB.length).toBeGreaterThan(0);

    const values = Array.from({ length: 60 }, (_, i) => `v${i}`).join('\n');
    const sent = await run(['msg', 'send', '-t', 'local-first', '--prefer-rack', 'rack-b', '-o', 'json'], `${values}\n`);
    expect(sent.code, sent.stderr).toBe(0);
    expect(new Set(sent.json<SendRow[]>().map((r) => r.partition))).toEqual(new Set(ledByB));
    // The cluster agrees: only those partitions grew, by 60 messages in all.
    const afterFirst = await endOffsets(kafka, 'local-first');
    expect(grown([], afterFirst)).toEqual([...ledByB].sort());
    expect(afterFirst.reduce((a, b) => a + b, 0)).toBe(60);

    expect((await cli(['local', 'down', '--dir', cluster.dataDir, '--node', String(rackB)], { env: cluster.env })).code).toBe(0);
    let fallback = await run(['msg', 'send', '-t', 'local-first', '--prefer-rack', 'rack-b', '-o', 'json'], `${values}\n`);
    for (let i = 0; i < 10 && fallback.code !== 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      fallback = await run(['msg', 'send', '-t', 'local-first', '--prefer-rack', 'rack-b', '-o', 'json'], `${values}\n`);
    }
    expect(fallback.code, fallback.stderr).toBe(0);
    expect(fallback.stderr).toContain('has its leader in rack "rack-b"');
    expect(fallback.json<SendRow[]>().every((r) => r.status === 'sent')).toBe(true);
    expect(new Set(fallback.json<SendRow[]>().map((r) => r.partition)).size).toBeGreaterThan(ledByB.length);
    // Partitions that rack-b's broker never led hold messages now.
    expect(grown(afterFirst, await endOffsets(kafka, 'local-first')).some((p) => !ledByB.includes(p))).toBe(true);
  });
});
