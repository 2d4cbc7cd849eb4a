import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import kafkajs from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, spawnCli, uniqueName } from '../helpers/cli.js';
import { clientProperties, kafkaTool } from '../helpers/kafka-tools.js';
import { type OwnCluster, startOwnCluster } from '../helpers/own-cluster.js';
import { listTopicNames } from '../helpers/read-back.js';

// A cluster of its own started with --with-plain (and --with-tls): the client and TLS listeners take SASL/PLAIN for the admin beside SCRAM.
describe('PLAIN logins to a local cluster started with --with-plain', { timeout: 240_000 }, () => {
  let own: OwnCluster;
  beforeAll(async () => {
    own = await startOwnCluster({ brokers: 1, plain: true, tls: true });
  }, 300_000);
  afterAll(async () => {
    await own?.stop();
  });

  /** Kafka's own TopicCommand --list, logged in as `user` with `mechanism`. */
  const javaTopics = (user: string, password: string, mechanism: string) =>
    kafkaTool('org.apache.kafka.tools.TopicCommand', ['--bootstrap-server', own.bootstrap, '--command-config', clientProperties(own.dir, user, password, mechanism), '--list']);
  /** The test's own kafkajs admin, logged in with PLAIN: a path that shares no code with sofakafka's connection. */
  const kafkajsTopics = (password: string) =>
    listTopicNames(new kafkajs.Kafka({ clientId: 'plain-test', brokers: [own.bootstrap], sasl: { mechanism: 'plain', username: 'admin', password }, logLevel: kafkajs.logLevel.NOTHING, retry: { retries: 0 } }));
  const passwordFile = (name: string, password: string) => {
    const path = join(own.dir, name);
    writeFileSync(path, `${password}\n`, { mode: 0o600 });
    return path;
  };
  const topicsOf = (listed: { stdout: string }) => listed.stdout.split('\n');

  it('the local-plain context logs in with PLAIN and creates a topic that Kafka\'s Java client and kafkajs see, logging in with PLAIN', async () => {
    const shown = await cli(['context', 'show', 'local-plain', '-o', 'json'], { env: own.env });
    expect(shown.json<{ bootstrapServers: string[]; sasl: { mechanism: string; username: string } }>()).toMatchObject({ bootstrapServers: [own.bootstrap], sasl: { mechanism: 'plain', username: 'admin' } });

    const topic = uniqueName('plain');
    const created = await cli(['--context', 'local-plain', 'topic', 'create', topic, '-o', 'json'], { env: own.env });
    expect(created.code).toBe(0);
    const listed = await cli(['--context', 'local-plain', 'topic', 'list', '-o', 'json'], { env: own.env });
    expect(listed.code).toBe(0);
    expect(listed.json<Array<{ name: string }>>().map((t) => t.name)).toContain(topic);

    const java = await javaTopics('admin', own.adminPassword, 'PLAIN');
    expect(java.stderr).not.toMatch(/Exception/);
    expect(topicsOf(java)).toContain(topic);
    expect(await kafkajsTopics(own.adminPassword)).toContain(topic);
  });

  it('a wrong PLAIN password is refused: sofakafka exits 4 and creates nothing, Kafka\'s Java client and kafkajs are refused too', async () => {
    const topic = uniqueName('plain-wrong');
    const wrong = passwordFile('wrong-password', 'not-the-password');
    const ours = await spawnCli(['-b', own.bootstrap, '--sasl-mechanism', 'plain', '--username', 'admin', '--password-file', wrong, 'topic', 'create', topic, '--timeout', '10s'], { env: own.env });
    expect(ours.code).toBe(4);
    expect(ours.stderr).toMatch(/^error: authentication failed: .*PLAIN/);
    expect(ours.stdout).toBe('');

    const java = await javaTopics('admin', 'not-the-password', 'PLAIN');
    expect(java.code).not.toBe(0);
    expect(java.stdout + java.stderr).toContain('Invalid username or password');
    await expect(kafkajsTopics('not-the-password')).rejects.toThrow(/PLAIN/);

    expect(topicsOf(await javaTopics('admin', own.adminPassword, 'PLAIN'))).not.toContain(topic);
  });

  it('PLAIN is the admin\'s alone: a user made with `user create` logs in with SCRAM, and PLAIN refuses it', async () => {
    const user = uniqueName('plain-user');
    const password = `pw-${Math.random().toString(36).slice(2)}`;
    const created = await cli(['user', 'create', user, '--new-password-file', passwordFile('user-password', password), '-o', 'json'], { env: own.env });
    expect(created.code).toBe(0);

    const scram = await javaTopics(user, password, 'SCRAM-SHA-512');
    expect(scram.code).toBe(0);
    expect(scram.stdout + scram.stderr).not.toMatch(/Authentication failed/);
    const plain = await javaTopics(user, password, 'PLAIN');
    expect(plain.code).not.toBe(0);
    expect(plain.stdout + plain.stderr).toContain('Invalid username or password');
    const ours = await spawnCli(['-b', own.bootstrap, '--sasl-mechanism', 'plain', '--username', user, '--password-file', join(own.dir, 'user-password'), 'topic', 'list', '--timeout', '10s'], { env: own.env });
    expect(ours.code).toBe(4);
  });

  it('SCRAM still works on the same listener: the local context, and Kafka\'s Java client with SCRAM-SHA-256 and -512', async () => {
    const topic = uniqueName('plain-scram');
    expect((await cli(['--context', 'local', 'topic', 'create', topic, '-o', 'json'], { env: own.env })).code).toBe(0);
    for (const mechanism of ['SCRAM-SHA-256', 'SCRAM-SHA-512']) {
      const listed = await javaTopics('admin', own.adminPassword, mechanism);
      expect(listed.stderr).not.toMatch(/Exception/);
      expect(topicsOf(listed)).toContain(topic);
    }
  });

  it('the SASL_SSL listener takes PLAIN too: sofakafka and Kafka\'s Java client log in with PLAIN over TLS', async () => {
    const topic = uniqueName('plain-tls');
    const login = ['-b', own.tlsBootstrap!, '--tls', '--tls-ca', own.caFile!, '--sasl-mechanism', 'plain', '--username', 'admin', '--password-file', passwordFile('admin-password', own.adminPassword)];
    expect((await cli([...login, 'topic', 'create', topic, '-o', 'json'], { env: own.env })).code).toBe(0);

    const properties = clientProperties(own.dir, 'admin', own.adminPassword, 'PLAIN', own.caFile);
    const listed = await kafkaTool('org.apache.kafka.tools.TopicCommand', ['--bootstrap-server', own.tlsBootstrap!, '--command-config', properties, '--list']);
    expect(listed.stderr).not.toMatch(/Exception/);
    expect(topicsOf(listed)).toContain(topic);
  });

  it('local status shows PLAIN; down and up without --with-plain keep it for this data dir', async () => {
    const status = await cli(['local', 'status', '--dir', own.dataDir, '-o', 'json'], { env: own.env });
    expect(status.json<{ plain: boolean }>().plain).toBe(true);

    // The version the cluster was made with (a Kafka 3.9 run sets it): a data folder keeps its release.
    const version = process.env.SOFAKAFKA_TEST_KAFKA_VERSION ? ['--kafka-version', process.env.SOFAKAFKA_TEST_KAFKA_VERSION] : [];
    const up = () => spawnCli(['local', 'up', '--dir', own.dataDir, '--port', own.bootstrap.split(':')[1]!, ...version, '-o', 'json'], { env: own.env, timeoutMs: 180_000 });
    expect((await spawnCli(['local', 'down', '--dir', own.dataDir], { env: own.env })).code).toBe(0);
    const restarted = await up();
    expect(restarted.code).toBe(0);
    expect(restarted.json<{ status: string; plainContext: string }>()).toMatchObject({ status: 'started', plainContext: 'local-plain' });
    expect(JSON.parse(readFileSync(join(own.dataDir, 'cluster.json'), 'utf8'))).toMatchObject({ plain: true });

    const topic = uniqueName('plain-restart');
    expect((await cli(['--context', 'local-plain', 'topic', 'create', topic, '-o', 'json'], { env: own.env })).code).toBe(0);
    expect(topicsOf(await javaTopics('admin', own.adminPassword, 'PLAIN'))).toContain(topic);
  });
});
