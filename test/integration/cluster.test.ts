import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Admin } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, sharedCluster, spawnCli } from '../helpers/cli.js';
import { independentKafka } from '../helpers/groups.js';
import { adminProperties, clientProperties, kafkaTool } from '../helpers/kafka-tools.js';
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

interface PartitionProblem { topic: string; partition: number; leader: number | null; replicas: number[]; isr: number[]; minIsr?: number }
interface Health { healthy: boolean; brokersOnline: number[]; brokersDown: number[]; underReplicated: PartitionProblem[]; offline: PartitionProblem[]; underMinIsr: PartitionProblem[] }

const named = (list: Array<{ topic: string; partition: number }>) => list.map((p) => `${p.topic}:${p.partition}`).sort();

// The one 3-broker cluster of the suite for health and failover: broker 3 is stopped half-way and started again at the end.
describe('on a cluster of three brokers in three racks', { timeout: 180_000 }, () => {
  let cluster: OwnCluster;
  let admin: Admin;
  // Three topics, each to show one kind of trouble when broker 3 stops:
  //   replicated    RF 3, min ISR 2 (the cluster default): under-replicated, still at its min ISR
  //   single-copy   RF 1, min ISR 1, one partition per broker: the one on broker 3 goes offline
  //   strict-isr    RF 3, min ISR 3: under min ISR (acks=all producers are refused)
  beforeAll(async () => {
    cluster = await startOwnCluster({ brokers: 3 });
    admin = independentKafka('cluster-tests', { username: 'admin', password: cluster.adminPassword, brokers: cluster.bootstrap.split(',') }).admin();
    await admin.connect();
    for (const args of [['replicated', '-p', '3', '-r', '3'], ['single-copy', '-p', '3', '-r', '1', '-c', 'min.insync.replicas=1'], ['strict-isr', '-p', '2', '-r', '3', '-c', 'min.insync.replicas=3']]) {
      const created = await ownCli(['topic', 'create', ...args]);
      expect(created.code, created.stderr).toBe(0);
    }
  }, 300_000);
  afterAll(async () => {
    await admin?.disconnect();
    await cluster?.stop();
  });
  const ownCli = (args: string[]) => spawnCli(args, { env: cluster.env });
  const health = async () => {
    const result = await ownCli(['cluster', 'health', '-o', 'json']);
    return { code: result.code, report: result.json<Health>() };
  };
  /** Kafka's own view: kafka-topics --describe with one of its partition filters, as topic:partition. */
  const kafkaTopicsSays = async (filter: string) => {
    const result = await kafkaTool('org.apache.kafka.tools.TopicCommand', ['--bootstrap-server', cluster.bootstrap, '--command-config', clientProperties(cluster.dir, 'admin', cluster.adminPassword), '--describe', filter]);
    expect(result.code, result.stderr).toBe(0);
    return [...result.stdout.matchAll(/Topic: (\S+)\s+Partition: (\d+)/g)].map((m) => `${m[1]}:${m[2]}`).sort();
  };
  const logFile = (node: number) => readFileSync(join(cluster.dataDir, `node-${node}`, 'server.log'), 'utf8').split('\n');

  it('describe lists three brokers with their racks and exactly one controller', async () => {
    const described = (await ownCli(['cluster', 'describe', '-o', 'json'])).json<{ controller: { id: number }; brokers: Array<{ id: number; rack: string; isController: boolean }> }>();
    expect(described.brokers.map((b) => [b.id, b.rack])).toEqual([[1, 'rack-a'], [2, 'rack-b'], [3, 'rack-c']]);
    expect(described.brokers.filter((b) => b.isController).map((b) => b.id)).toEqual([described.controller.id]);
  });

  it('health is healthy (exit 0) with every broker up', async () => {
    const { code, report } = await health();
    expect(code).toBe(0);
    expect(report).toMatchObject({ healthy: true, brokersOnline: [1, 2, 3], brokersDown: [], underReplicated: [], offline: [], underMinIsr: [] });
  });

  it('with the broker at the first bootstrap address frozen (SIGSTOP), topic list answers from the others, as kafka-topics does', async () => {
    const state = JSON.parse(readFileSync(join(cluster.dataDir, 'cluster.json'), 'utf8')) as { nodes: Array<{ id: number; pid: number }> };
    const first = state.nodes.find((n) => n.id === 1)!;
    process.kill(first.pid, 'SIGSTOP');
    try {
      const started = Date.now();
      const listed = await ownCli(['topic', 'list', '--timeout', '20s', '-o', 'json']);
      expect(listed.code).toBe(0);
      expect(listed.json<Array<{ name: string }>>().map((t) => t.name)).toContain('replicated');
      // Well before the 20 s limit (and before the controller would fence the frozen broker at 9 s).
      expect(Date.now() - started).toBeLessThan(8000);
    } finally {
      process.kill(first.pid, 'SIGCONT');
    }
  });

  it('local logs --node N prints node N\'s own log, not another node\'s', async () => {
    const logs = await cli(['local', 'logs', '--dir', cluster.dataDir, '--node', '2', '--tail', '1000000'], { env: cluster.env });
    expect(logs.code).toBe(0);
    expect(logs.stdout).toContain('[KafkaRaftServer nodeId=2] Kafka Server started');
    expect(logs.stdout).not.toContain('[KafkaRaftServer nodeId=1]');
    expect(logs.stdout).not.toContain('[KafkaRaftServer nodeId=3]');
  });

  describe('with broker 3 stopped', () => {
    let sick: Health;
    let offlinePartition: number;
    beforeAll(async () => {
      // Which single-copy partition lives on broker 3, as the cluster says to an independent client.
      const [metadata] = (await admin.fetchTopicMetadata({ topics: ['single-copy'] })).topics;
      offlinePartition = metadata!.partitions.find((p) => p.replicas[0] === 3)!.partitionId;
      expect((await ownCli(['local', 'down', '--dir', cluster.dataDir, '--node', '3'])).code).toBe(0);
      // The controller fences broker 3 once its session lapses; wait until the report shows all of it.
      let last = await health();
      for (let i = 0; i < 40 && !(last.report.brokersDown.includes(3) && last.report.offline.length && named(last.report.underMinIsr).includes('strict-isr:1') && last.report.underReplicated.filter((p) => p.topic === 'replicated').length === 3); i++) {
        await new Promise((resolve) => setTimeout(resolve, 1000));
        last = await health();
      }
      expect(last.code).toBe(8);
      sick = last.report;
    }, 120_000);

    it('health turns unhealthy (exit 8), names the broker down and the under-replicated partitions', async () => {
      expect(sick.healthy).toBe(false);
      expect(sick.brokersOnline).toEqual([1, 2]);
      expect(sick.brokersDown).toEqual([3]);
      const ours = sick.underReplicated.filter((p) => p.topic === 'replicated');
      expect(ours.map((p) => p.partition).sort()).toEqual([0, 1, 2]);
      expect(ours.every((p) => p.replicas.length === 3 && !p.isr.includes(3))).toBe(true);
      expect(named(sick.underReplicated)).toEqual(await kafkaTopicsSays('--under-replicated-partitions'));
      const table = await ownCli(['cluster', 'health']);
      expect(table.code).toBe(8);
      expect(table.stdout).toContain('UNHEALTHY');
      expect(table.stdout).toContain('Under-replicated partitions');
    });

    it('an offline partition (its only replica on the stopped broker) is reported as kafka-topics --unavailable-partitions reports it', async () => {
      expect(sick.offline).toEqual([{ topic: 'single-copy', partition: offlinePartition, leader: null, replicas: [3], isr: expect.any(Array) }]);
      expect(named(sick.offline)).toEqual(await kafkaTopicsSays('--unavailable-partitions'));
      const table = await ownCli(['cluster', 'health']);
      expect(table.stdout).toMatch(/Offline partitions[\s\S]*single-copy\s+\d+\s+none/);
      // The rest of the tool keeps working around it.
      const listed = await ownCli(['topic', 'list', '-o', 'json']);
      expect(listed.code, listed.stderr).toBe(0);
      expect(listed.json<Array<{ name: string }>>().map((t) => t.name)).toEqual(['replicated', 'single-copy', 'strict-isr']);
      const described = await ownCli(['topic', 'describe', 'single-copy', '-o', 'json']);
      expect(described.code, described.stderr).toBe(0);
      expect(described.json<Array<{ partitions: Array<{ partition: number; leader: number | null }> }>>()[0]!.partitions.filter((p) => p.leader === null).map((p) => p.partition)).toEqual([offlinePartition]);
    });

    it('under-min-ISR partitions are reported as kafka-topics --under-min-isr-partitions reports them; an under-replicated one still at its min ISR is not', async () => {
      const underMinIsr = named(sick.underMinIsr);
      expect(underMinIsr).toEqual(expect.arrayContaining(['strict-isr:0', 'strict-isr:1']));
      expect(underMinIsr.filter((p) => p.startsWith('replicated:'))).toEqual([]);
      expect(sick.underMinIsr.filter((p) => p.topic === 'strict-isr').every((p) => p.minIsr === 3 && p.isr.length === 2)).toBe(true);
      expect(underMinIsr).toEqual(await kafkaTopicsSays('--under-min-isr-partitions'));
      // What under min ISR means: an acks=all producer (kafkajs, not ours) is refused there.
      const producer = independentKafka('cluster-tests', { username: 'admin', password: cluster.adminPassword, brokers: cluster.bootstrap.split(',') }).producer({ retry: { retries: 0 } });
      await producer.connect();
      try {
        await expect(producer.send({ topic: 'strict-isr', acks: -1, messages: [{ value: 'x' }] })).rejects.toMatchObject({ cause: { type: 'NOT_ENOUGH_REPLICAS' } });
      } finally {
        await producer.disconnect();
      }
    });

    it('local logs --node 3 --tail 5 prints exactly the last five lines of the stopped broker\'s log', async () => {
      const logs = await cli(['local', 'logs', '--dir', cluster.dataDir, '--node', '3', '--tail', '5'], { env: cluster.env });
      expect(logs.code).toBe(0);
      const file = logFile(3);
      if (file.at(-1) === '') file.pop();
      expect(logs.stdout).toBe(`${file.slice(-5).join('\n')}\n`);
    });
  });

  it('health recovers (exit 0) when broker 3 returns', async () => {
    expect((await ownCli(['local', 'up', '--dir', cluster.dataDir, '--brokers', '3'])).code).toBe(0);
    let recovered = await health();
    for (let i = 0; i < 60 && recovered.code !== 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      recovered = await health();
    }
    expect(recovered.code).toBe(0);
    expect(recovered.report).toMatchObject({ healthy: true, brokersDown: [], offline: [], underMinIsr: [] });
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
    expect(refused.ok).toBe(false);
    expect(refused.out).toContain('SASL authentication error: Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-512');
    const anonymous = await run('kcat', ['-b', cluster.bootstrap, '-L', '-m', '3']).then(
      ({ stdout }) => ({ ok: true, out: stdout }),
      (error: { stdout?: string; stderr?: string }) => ({ ok: false, out: `${error.stdout}${error.stderr}` }),
    );
    expect(anonymous.ok).toBe(false);
    expect(anonymous.out).toContain('broker might require SASL authentication');
    const described = (await spawnCli(['cluster', 'describe', '-o', 'json'], { env: cluster.env })).json<{ brokers: unknown[] }>();
    expect(described.brokers).toHaveLength(1);
  });

  it('sofakafka is refused the same way: a wrong password and no login at all are authentication errors (exit 4)', async () => {
    const wrong = await spawnCli(['cluster', 'describe'], { env: { ...cluster.env, SOFAKAFKA_PASSWORD: 'wrong-password' } });
    expect(wrong.code).toBe(4);
    expect(wrong.stderr).toMatch(/^error: authentication failed: .*invalid credentials with SASL mechanism SCRAM-SHA-512\n/);
    expect(wrong.stdout).toBe('');
    const anonymous = await spawnCli(['cluster', 'describe', '-b', cluster.bootstrap], { env: { ...cluster.env, SOFAKAFKA_CONFIG: join(cluster.dir, 'no-contexts.yaml') } });
    expect(anonymous.code).toBe(4);
    expect(anonymous.stderr).toMatch(/^error: the cluster refused a connection without a login: it needs SASL authentication\n/);
    expect(anonymous.stdout).toBe('');
  });
});
