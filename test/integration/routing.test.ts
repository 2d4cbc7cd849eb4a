import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, clusterEnv, sharedCluster, uniqueName } from '../helpers/cli.js';
import { independentKafka } from '../helpers/groups.js';

/**
 * Global options are commander's to find, wherever they stand. The current context points at a
 * dead port, so a command that ignored --context (or the connection flags) fails instead of passing.
 */
describe('global options anywhere on the line', () => {
  let env: NodeJS.ProcessEnv;
  let passwordFile: string;
  const topic = uniqueName('routing');

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sofakafka-routing-'));
    const configPath = join(dir, 'config.yaml');
    copyFileSync(sharedCluster().configPath, configPath);
    env = clusterEnv({ SOFAKAFKA_CONFIG: configPath });
    passwordFile = join(dir, 'password');
    writeFileSync(passwordFile, sharedCluster().adminPassword, { mode: 0o600 });
    expect((await cli(['context', 'add', 'dead', '-b', '127.0.0.1:1', '--use'], { env })).code).toBe(0);
    expect((await cli(['topic', 'create', topic, '--context', 'local'], { env })).code).toBe(0);
  });

  const listsTheTopic = async (argv: string[]) => {
    const result = await cli(argv, { env });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.json<Array<{ name: string }>>().map((t) => t.name)).toContain(topic);
  };

  it('--context before the noun, between noun and verb, and after the verb', async () => {
    await listsTheTopic(['--context', 'local', 'topic', 'list', '-o', 'json']);
    await listsTheTopic(['topic', '--context', 'local', 'list', '-o', 'json']);
    await listsTheTopic(['topic', 'list', '--context', 'local', '-o', 'json']);
    await listsTheTopic(['-o', 'json', 'topic', 'list', '--context=local']);
  });

  it('connection flags (-b, --sasl-mechanism, --username, --password-file) in every position', async () => {
    const connection = ['-b', sharedCluster().bootstrap, '--sasl-mechanism', 'scram-sha-512', '--username', 'admin', '--password-file', passwordFile];
    await listsTheTopic([...connection, 'topic', 'list', '-o', 'json']);
    await listsTheTopic(['topic', ...connection, 'list', '-o', 'json']);
    await listsTheTopic(['topic', 'list', ...connection, '-o', 'json']);
    await listsTheTopic(['--username', 'admin', 'topic', '--password-file', passwordFile, 'list', '-b', sharedCluster().bootstrap, '--sasl-mechanism', 'scram-sha-512', '-o', 'json']);
  });

  it('a context named like a command does not derail routing', async () => {
    expect((await cli(['context', 'add', 'topic', '-b', sharedCluster().bootstrap, '--username', 'admin', '--password-file', passwordFile, '--store-password'], { env })).code).toBe(0);
    await listsTheTopic(['--context', 'topic', 'topic', 'list', '-o', 'json']);
    await listsTheTopic(['topic', 'list', '--context', 'topic', '-o', 'json']);
  });

  it('msg send with --context before the noun keeps its own -t and the message (read back with kafkajs)', async () => {
    const sent = await cli(['--context', 'local', 'msg', 'send', '-t', topic, 'routed-hello', '--timeout', '20s'], { env });
    expect(sent.code).toBe(0);
    const sentBetween = await cli(['msg', '--timeout', '20s', 'send', '--context', 'local', '-t', topic, 'routed-again'], { env });
    expect(sentBetween.code).toBe(0);
    const values = await readAll(topic, 2);
    expect(values).toEqual(['routed-hello', 'routed-again']);
  });

  it('the other habit\'s verb runs the same command: ls for list, remove/rm for delete, delete for remove (the cluster agrees)', async () => {
    await listsTheTopic(['topic', 'ls', '--context', 'local', '-o', 'json']);
    const gone = uniqueName('routing-rm');
    expect((await cli(['topic', 'create', gone, '--context', 'local'], { env })).code).toBe(0);
    const removed = await cli(['topic', 'rm', gone, '--yes', '--context', 'local'], { env });
    expect(removed.code, removed.stderr).toBe(0);
    const admin = independentKafka('routing-aliases').admin();
    await admin.connect();
    try {
      expect(await admin.listTopics()).not.toContain(gone);
    } finally {
      await admin.disconnect();
    }
    expect((await cli(['context', 'add', 'spare', '-b', '127.0.0.1:1'], { env })).code).toBe(0);
    expect((await cli(['context', 'delete', 'spare', '--yes'], { env })).code).toBe(0);
    const contexts = (await cli(['context', 'list', '-o', 'json'], { env })).json<Array<{ name: string }>>().map((c) => c.name);
    expect(contexts).not.toContain('spare');
    // Help names both, so the alias is found where the verb is.
    expect((await cli(['context', '--help'], { env })).stdout).toMatch(/remove\|delete/);
  });

  it('a noun alone, an unknown verb and stray arguments are usage errors (exit 2), never a silent success', async () => {
    for (const argv of [['topic'], ['--context', 'local', 'topic'], ['topic', 'lst'], ['topic', 'list', 'a', 'b'], ['--context', 'local']]) {
      const result = await cli(argv, { env });
      expect({ argv, code: result.code }).toEqual({ argv, code: 2 });
    }
  });

  it('an unknown option is a usage error naming it', async () => {
    const result = await cli(['topic', 'list', '--no-such-flag'], { env });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("unknown option '--no-such-flag'");
  });
});

async function readAll(topic: string, count: number): Promise<string[]> {
  const kafka = independentKafka('routing-reader');
  const consumer = kafka.consumer({ groupId: uniqueName('routing-reader') });
  const values: string[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`read ${values.length} of ${count}`)), 30_000);
      void consumer.run({
        eachMessage: async ({ message }) => {
          values.push(message.value!.toString());
          if (values.length >= count) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
  return values;
}
