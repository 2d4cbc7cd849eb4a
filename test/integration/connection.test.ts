import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, clusterEnv, sharedCluster, uniqueName } from '../helpers/cli.js';
import { independentKafka } from '../helpers/groups.js';
import { adminProperties, kafkaTool } from '../helpers/kafka-tools.js';
import { listTopicNames } from '../helpers/read-back.js';

const dir = mkdtempSync(join(tmpdir(), 'sofakafka-conn-it-'));
/** Topic names as the tests' own kafkajs admin sees them. */
const theirTopicNames = () => listTopicNames(independentKafka('connection-tests'));
const topicNames = async () => (await cli(['topic', 'list', '-o', 'json'])).json<Array<{ name: string }>>().map((t) => t.name);

describe('reaching the cluster', () => {
  it('an unreachable bootstrap server fails fast with one line and exit 6', async () => {
    const started = Date.now();
    const result = await cli(['topic', 'list', '-b', '127.0.0.1:1', '--timeout', '5s'], { env: clusterEnv() });
    expect(result.code).toBe(6);
    expect(result.stderr.split('\n')[0]).toMatch(/^error: cannot reach the cluster( 127\.0\.0\.1:1)?: connection refused$/);
    expect(result.stderr).toContain('hint:');
    expect(Date.now() - started).toBeLessThan(5000 + 3000);
  });

  describe('a server that accepts connections and never answers', () => {
    let server: Server;
    const sockets: Socket[] = [];
    let port = 0;
    beforeAll(async () => {
      server = createServer((socket) => sockets.push(socket));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      port = (server.address() as { port: number }).port;
    });
    afterAll(() => {
      sockets.forEach((s) => s.destroy());
      server.close();
    });

    it('is given up on after --timeout, exit 6', async () => {
      const started = Date.now();
      const result = await cli(['topic', 'list', '-b', `127.0.0.1:${port}`, '--timeout', '2s']);
      expect(result.code).toBe(6);
      expect(result.stderr).toMatch(/gave up after 2s|did not answer in time|cannot reach/);
      expect(Date.now() - started).toBeLessThan(2000 + 3000);
    });
  });

  it('a wrong password is an authentication error (exit 4) and the secret is never printed, even with --debug', async () => {
    const result = await cli(['topic', 'list', '--debug'], { env: clusterEnv({ SOFAKAFKA_PASSWORD: 'hunter2-wrong' }) });
    expect(result.code).toBe(4);
    expect(result.stderr).toContain('error: authentication failed');
    expect(result.stderr).toContain('debug:');
    expect(result.stderr + result.stdout).not.toContain('hunter2-wrong');
    expect(result.stderr + result.stdout).not.toContain(sharedCluster().adminPassword);
  });

  it('there is no flag that takes a password on the command line', async () => {
    const result = await cli(['topic', 'list', '--password', 'x']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("unknown option '--password'");
  });

  it('a user without rights gets exit 5 and nothing is created', async () => {
    const user = uniqueName('norights');
    const created = await kafkaTool('kafka.admin.ConfigCommand', ['--bootstrap-server', sharedCluster().bootstrap, '--command-config', adminProperties(), '--alter', '--add-config', 'SCRAM-SHA-512=[password=norights-pw]', '--entity-type', 'users', '--entity-name', user]);
    expect(created.code).toBe(0);
    const topic = uniqueName('forbidden');
    const env = clusterEnv({ SOFAKAFKA_PASSWORD: 'norights-pw' });
    const denied = await cli(['topic', 'create', topic, '--username', user, '--replication-factor', '1'], { env });
    expect(denied.code).toBe(5);
    expect(denied.stderr).toMatch(/not authorized/i);
    expect(denied.stderr).toContain(`(as User:${user})`);
    expect(denied.stderr).toContain('acl');
    const health = await cli(['cluster', 'describe', '--username', user], { env });
    expect(health.code).toBe(0);
    expect(await topicNames()).not.toContain(topic);
  });
});

describe('contexts and config files', () => {
  it('a missing context is exit 3 and names the known ones', async () => {
    const result = await cli(['topic', 'list', '--context', 'nope']);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('no context named "nope"');
    expect(result.stderr).toContain('known contexts: local');
  });

  it('SOFAKAFKA_CONTEXT picks the context instead of the current one; --context beats it', async () => {
    const configPath = join(dir, 'env-context.yaml');
    const base = { PATH: process.env.PATH, SOFAKAFKA_CONFIG: configPath };
    const { bootstrap, adminPassword } = sharedCluster();
    // Two contexts to the shared cluster: "admin" logs in, "stale" has an old password and is current.
    expect((await cli(['context', 'add', 'admin', '-b', bootstrap, '--username', 'admin', '--store-password'], { env: { ...base, SOFAKAFKA_PASSWORD: adminPassword } })).code).toBe(0);
    expect((await cli(['context', 'add', 'stale', '-b', bootstrap, '--username', 'admin', '--store-password', '--use'], { env: { ...base, SOFAKAFKA_PASSWORD: 'an-old-password' } })).code).toBe(0);

    const current = await cli(['topic', 'list'], { env: base });
    expect(current.code).toBe(4);
    const topic = uniqueName('env-context');
    const picked = await cli(['topic', 'create', topic], { env: { ...base, SOFAKAFKA_CONTEXT: 'admin' } });
    expect(picked.code, picked.stderr).toBe(0);
    expect(await theirTopicNames()).toContain(topic);
    const overridden = await cli(['--context', 'stale', 'topic', 'list'], { env: { ...base, SOFAKAFKA_CONTEXT: 'admin' } });
    expect(overridden.code).toBe(4);
    expect(overridden.stderr).toContain('error: authentication failed');
    const unknown = await cli(['topic', 'list'], { env: { ...base, SOFAKAFKA_CONTEXT: 'nope' } });
    expect(unknown.code).toBe(3);
    expect(unknown.stderr).toContain('no context named "nope"');
    expect(unknown.stderr).toContain('known contexts: admin, stale');
  });

  it('a malformed config file is exit 2 and names the file', async () => {
    const broken = join(dir, 'broken.yaml');
    writeFileSync(broken, 'currentContext: [x\n');
    const result = await cli(['topic', 'list'], { env: { ...clusterEnv(), SOFAKAFKA_CONFIG: broken } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`config file ${broken} is malformed`);
  });

  it('--command-config takes a Kafka client properties file instead of a context', async () => {
    const props = join(dir, 'admin.properties');
    writeFileSync(props, `bootstrap.servers=${sharedCluster().bootstrap}\nsecurity.protocol=SASL_PLAINTEXT\nsasl.mechanism=SCRAM-SHA-256\nsasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="${sharedCluster().adminPassword}";\n`);
    const result = await cli(['cluster', 'describe', '--command-config', props, '-o', 'json'], { env: { PATH: process.env.PATH, SOFAKAFKA_CONFIG: join(dir, 'none.yaml') } });
    expect(result.code).toBe(0);
    expect(result.json<{ brokers: unknown[] }>().brokers).toHaveLength(1);
  });

  it('context add / use / show / list / remove keep secrets out of the output', async () => {
    const env = { PATH: process.env.PATH, SOFAKAFKA_CONFIG: join(dir, 'contexts.yaml'), SOFAKAFKA_PASSWORD: 'stored-secret' };
    expect((await cli(['context', 'add', 'prod', '-b', 'k1:9092,k2:9092', '--username', 'ops', '--store-password'], { env })).code).toBe(0);
    expect((await cli(['context', 'add', 'dev', '-b', '127.0.0.1:9092'], { env })).code).toBe(0);
    const listed = await cli(['context', 'list', '-o', 'json'], { env });
    expect(listed.json()).toEqual([
      { name: 'prod', current: true, bootstrapServers: ['k1:9092', 'k2:9092'], saslMechanism: 'scram-sha-512', username: 'ops', tls: false },
      { name: 'dev', current: false, bootstrapServers: ['127.0.0.1:9092'], saslMechanism: null, username: null, tls: false },
    ]);
    expect((await cli(['context', 'use', 'dev'], { env })).code).toBe(0);
    const shown = await cli(['context', 'show', 'prod', '-o', 'json'], { env });
    expect(shown.json()).toEqual({ name: 'prod', current: false, bootstrapServers: ['k1:9092', 'k2:9092'], sasl: { mechanism: 'scram-sha-512', username: 'ops', password: '(stored, hidden)' }, tls: null, rack: null, ns: null, cell: null });
    expect(shown.stdout).not.toContain('stored-secret');
    expect((await cli(['context', 'remove', 'prod'], { env })).code).toBe(2);
    expect((await cli(['context', 'remove', 'prod', '--yes'], { env })).code).toBe(0);
    expect((await cli(['context', 'list', '-o', 'json'], { env })).json<Array<{ name: string }>>().map((c) => c.name)).toEqual(['dev']);
    expect((await cli(['context', 'use', 'gone'], { env })).code).toBe(3);
  });
});
