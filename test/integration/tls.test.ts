import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, spawnCli, uniqueName } from '../helpers/cli.js';
import { clientProperties, kafkaTool } from '../helpers/kafka-tools.js';
import { type OwnCluster, startOwnCluster } from '../helpers/own-cluster.js';

// A cluster of its own started with --tls: a SASL_SSL listener per broker beside the plaintext one.
describe('TLS connections to a local cluster started with --tls', { timeout: 240_000 }, () => {
  let own: OwnCluster;
  let tlsFlags: string[];
  let env: NodeJS.ProcessEnv;
  const tlsDir = () => join(own.dataDir, 'tls');

  beforeAll(async () => {
    own = await startOwnCluster({ brokers: 1, tls: true });
    tlsFlags = ['-b', own.tlsBootstrap!, '--username', 'admin', '--timeout', '20s'];
    env = { ...own.env, SOFAKAFKA_PASSWORD: own.adminPassword };
  }, 300_000);
  afterAll(async () => {
    await own?.stop();
  });

  /** Kafka's own client, over SASL_SSL trusting the cluster's CA as a PEM truststore. */
  const javaTlsProperties = () => clientProperties(own.dir, 'admin', own.adminPassword, 'SCRAM-SHA-512', own.caFile);
  const caDigest = () => createHash('sha256').update(readFileSync(own.caFile!)).digest('hex');

  it('local status shows the TLS port and the CA; the keys are 0600', async () => {
    const status = await cli(['local', 'status', '--dir', own.dataDir, '-o', 'json'], { env });
    expect(status.code).toBe(0);
    const result = status.json<{ caFile: string; nodes: Array<{ tlsPort: number; clientPort: number; controllerPort: number }> }>();
    expect(result.caFile).toBe(own.caFile);
    const node = result.nodes[0]!;
    expect(`127.0.0.1:${node.tlsPort}`).toBe(own.tlsBootstrap);
    expect(node.tlsPort).toBe(node.controllerPort + 1);
    for (const file of ['ca.key', 'broker-keystore.pem', 'client.key']) expect(statSync(join(tlsDir(), file)).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(tlsDir(), 'ca.key'), 'utf8')).toContain('PRIVATE KEY');
  });

  it('the local-tls context creates a topic that Kafka\'s own client sees over SASL_SSL with a PEM truststore', async () => {
    const topic = uniqueName('tls');
    const created = await cli(['--context', 'local-tls', 'topic', 'create', topic, '-o', 'json'], { env: own.env });
    expect(created.code).toBe(0);
    const listed = await kafkaTool('org.apache.kafka.tools.TopicCommand', ['--bootstrap-server', own.tlsBootstrap!, '--command-config', javaTlsProperties(), '--list']);
    expect(listed.stderr).not.toMatch(/Exception/);
    expect(listed.stdout.split('\n')).toContain(topic);
  });

  it('connects with -b --tls-ca, with a --command-config file, and with a client certificate', async () => {
    const describe = (extra: string[]) => cli([...tlsFlags, ...extra, 'cluster', 'describe', '-o', 'json'], { env });
    const withCa = await describe(['--tls', '--tls-ca', own.caFile!]);
    expect(withCa.code).toBe(0);
    expect(withCa.json<{ brokers: unknown[] }>().brokers).toHaveLength(1);

    const config = await cli(['-b', own.tlsBootstrap!, '--command-config', javaTlsProperties(), 'cluster', 'describe', '-o', 'json'], { env: own.env });
    expect(config.code).toBe(0);

    const mutual = await describe(['--tls-ca', own.caFile!, '--tls-cert', join(tlsDir(), 'client.pem'), '--tls-key', join(tlsDir(), 'client.key')]);
    expect(mutual.code).toBe(0);
    // The certificate is really sent and checked: the broker refuses one its CA did not sign.
    const stranger = join(own.dir, 'stranger');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${stranger}.key`, '-out', `${stranger}.pem`, '-days', '1', '-subj', '/CN=stranger'], { stdio: 'ignore' });
    const refused = await describe(['--tls-ca', own.caFile!, '--tls-cert', `${stranger}.pem`, '--tls-key', `${stranger}.key`]);
    expect(refused.code).toBe(6);
    expect(refused.stderr).toMatch(/^error: TLS handshake with 127\.0\.0\.1:\d+ failed: the broker refused it \(certificate unknown\)\nhint: .*client certificate/);
  });

  it('an untrusted certificate fails with one line and a hint; --tls-insecure connects', async () => {
    const untrusted = await spawnCli([...tlsFlags, '--tls', 'cluster', 'describe'], { env });
    expect(untrusted.code).toBe(6);
    expect(untrusted.stderr).toMatch(/^error: TLS handshake with 127\.0\.0\.1:\d+ failed: the broker's certificate is not trusted \(self-signed certificate in certificate chain\)\nhint: .*--tls-ca.*--tls-insecure/);
    expect(untrusted.stdout).toBe('');

    const insecure = await cli([...tlsFlags, '--tls', '--tls-insecure', 'cluster', 'describe', '-o', 'json'], { env });
    expect(insecure.code).toBe(0);
  });

  it('a plaintext client on the TLS port fails cleanly and creates nothing', async () => {
    const topic = uniqueName('tls-plain');
    const plain = await spawnCli([...tlsFlags, 'topic', 'create', topic], { env });
    expect(plain.code).toBe(6);
    expect(plain.stderr).toMatch(/^error: cannot reach the cluster .*closed the connection \(is it a TLS listener\? then add --tls\)\n/);
    const topics = await cli(['--context', 'local-tls', 'topic', 'list', '-o', 'json'], { env: own.env });
    expect(topics.json<Array<{ name: string }>>().map((t) => t.name)).not.toContain(topic);
  });

  it('up again, down and up keep the CA: certificates are made once per data dir', async () => {
    const before = caDigest();
    const up = (extra: string[]) => spawnCli(['local', 'up', '--dir', own.dataDir, '--port', own.bootstrap.split(':')[1]!, ...extra, '-o', 'json'], { env: own.env, timeoutMs: 180_000 });
    const again = await up(['--with-tls']);
    expect(again.code).toBe(0);
    expect(again.json<{ status: string; caFile: string }>()).toMatchObject({ status: 'already-running', caFile: own.caFile });

    expect((await spawnCli(['local', 'down', '--dir', own.dataDir], { env: own.env })).code).toBe(0);
    // TLS stays on for this data dir even without --tls: the local-tls context keeps working.
    const restarted = await up([]);
    expect(restarted.code).toBe(0);
    expect(restarted.json<{ tlsBootstrapServers: string[] }>().tlsBootstrapServers).toEqual([own.tlsBootstrap]);
    expect(caDigest()).toBe(before);
    const described = await cli(['--context', 'local-tls', 'cluster', 'describe', '-o', 'json'], { env: own.env });
    expect(described.code).toBe(0);
  });
});
