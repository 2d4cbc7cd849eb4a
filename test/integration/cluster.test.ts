import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, sharedCluster, spawnCli } from '../helpers/cli.js';
import { adminProperties, kafkaTool } from '../helpers/kafka-tools.js';
import { type OwnCluster, startOwnCluster } from '../helpers/own-cluster.js';

const run = promisify(execFile);

describe('cluster describe on the shared single-broker cluster', () => {
  it('reports the cluster id and the active controller that Kafka\'s own metadata-quorum tool reports', async () => {
    const result = await cli(['cluster', 'describe', '-o', 'json']);
    expect(result.code).toBe(0);
    const described = result.json<{ clusterId: string; controller: { id: number; host: string; port: number; rack: string }; brokers: Array<{ id: number; host: string; port: number; rack: string; isController: boolean }> }>();
    expect(Object.keys(described)).toEqual(['clusterId', 'controller', 'brokers']);
    expect(described.brokers).toEqual([{ id: 1, host: '127.0.0.1', port: sharedCluster().basePort, rack: 'rack-a', isController: true }]);
    const quorum = await kafkaTool('org.apache.kafka.tools.MetadataQuorumCommand', ['--bootstrap-server', sharedCluster().bootstrap, '--command-config', adminProperties(), 'describe', '--status']);
    expect(quorum.stdout).toMatch(new RegExp(`ClusterId:\\s+${described.clusterId}`));
    expect(quorum.stdout).toMatch(new RegExp(`LeaderId:\\s+${described.controller.id}\\b`));
  });
});

describe('on a cluster of three brokers in three racks', () => {
  let cluster: OwnCluster;
  beforeAll(async () => {
    cluster = await startOwnCluster({ brokers: 3 });
  });
  afterAll(async () => {
    await cluster?.stop();
  });
  const ownCli = (args: string[]) => spawnCli(args, { env: cluster.env });

  it('describe lists three brokers with their racks and exactly one controller', async () => {
    const described = (await ownCli(['cluster', 'describe', '-o', 'json'])).json<{ controller: { id: number }; brokers: Array<{ id: number; rack: string; isController: boolean }> }>();
    expect(described.brokers.map((b) => [b.id, b.rack])).toEqual([[1, 'rack-a'], [2, 'rack-b'], [3, 'rack-c']]);
    expect(described.brokers.filter((b) => b.isController).map((b) => b.id)).toEqual([described.controller.id]);
  });

  it('health turns unhealthy (exit 8) when a broker stops, names it and its partitions, and recovers when it returns', async () => {
    expect((await ownCli(['topic', 'create', 'replicated', '--partitions', '3', '--replication-factor', '3'])).code).toBe(0);
    const healthy = await ownCli(['cluster', 'health', '-o', 'json']);
    expect(healthy.code).toBe(0);
    expect(healthy.json()).toMatchObject({ healthy: true, brokersOnline: [1, 2, 3], brokersDown: [], underReplicated: [], offline: [], underMinIsr: [] });

    expect((await ownCli(['local', 'down', '--dir', cluster.dataDir, '--node', '3'])).code).toBe(0);
    let sick = await ownCli(['cluster', 'health', '-o', 'json']);
    for (let i = 0; i < 30 && sick.json<{ underReplicated: unknown[] }>().underReplicated.length < 3; i++) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      sick = await ownCli(['cluster', 'health', '-o', 'json']);
    }
    expect(sick.code).toBe(8);
    const report = sick.json<{ healthy: boolean; brokersDown: number[]; underReplicated: Array<{ topic: string; partition: number; isr: number[]; replicas: number[] }> }>();
    expect(report.healthy).toBe(false);
    expect(report.brokersDown).toEqual([3]);
    const ours = report.underReplicated.filter((p) => p.topic === 'replicated');
    expect(ours.map((p) => p.partition).sort()).toEqual([0, 1, 2]);
    expect(ours.every((p) => p.replicas.length === 3 && !p.isr.includes(3))).toBe(true);
    const table = await ownCli(['cluster', 'health']);
    expect(table.stdout).toContain('UNHEALTHY');
    expect(table.stdout).toContain('Under-replicated partitions');

    expect((await ownCli(['local', 'up', '--dir', cluster.dataDir, '--brokers', '3'])).code).toBe(0);
    let recovered = await ownCli(['cluster', 'health', '-o', 'json']);
    for (let i = 0; i < 60 && recovered.code !== 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      recovered = await ownCli(['cluster', 'health', '-o', 'json']);
    }
    expect(recovered.code).toBe(0);
    expect(recovered.json()).toMatchObject({ healthy: true, brokersDown: [] });
  });
});

describe('Kafka 3.9 runs too, and kcat (an independent librdkafka client) sees it', () => {
  let cluster: OwnCluster;
  beforeAll(async () => {
    cluster = await startOwnCluster({ brokers: 1, kafkaVersion: '3.9.1' });
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  const kcat = (mechanism: string, password: string) =>
    run('kcat', ['-b', cluster.bootstrap, '-X', 'security.protocol=SASL_PLAINTEXT', '-X', `sasl.mechanisms=${mechanism}`, '-X', 'sasl.username=admin', '-X', `sasl.password=${password}`, '-L', '-m', '5'])
      .then(({ stdout }) => ({ ok: true, out: stdout }), (error: { stdout?: string; stderr?: string }) => ({ ok: false, out: `${error.stdout}${error.stderr}` }));

  it('lists the broker with the admin credentials for both SCRAM mechanisms, and refuses a wrong password or none', async () => {
    for (const mechanism of ['SCRAM-SHA-256', 'SCRAM-SHA-512']) {
      const listed = await kcat(mechanism, cluster.adminPassword);
      expect(listed.out).toContain(`broker 1 at ${cluster.bootstrap}`);
    }
    const refused = await kcat('SCRAM-SHA-512', 'wrong-password');
    expect(refused.out).not.toContain('broker 1 at');
    expect(refused.out).toMatch(/Authentication failed|invalid credentials/i);
    const anonymous = await run('kcat', ['-b', cluster.bootstrap, '-L', '-m', '3']).then(
      ({ stdout }) => stdout,
      (error: { stdout?: string; stderr?: string }) => `${error.stdout}${error.stderr}`,
    );
    expect(anonymous).not.toContain('broker 1 at');
    const described = (await spawnCli(['cluster', 'describe', '-o', 'json'], { env: cluster.env })).json<{ brokers: unknown[] }>();
    expect(described.brokers).toHaveLength(1);
  });
});
