import { copyFileSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import kafkajs from 'kafkajs';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { cli, clusterEnv, sharedCluster, uniqueName } from '../helpers/cli.js';
import { committed, independentKafka, topicExists } from '../helpers/groups.js';
import { plainKafka, produce } from '../helpers/query-kafka.js';
import { onTerminal } from '../helpers/pty.js';

/** Every prompt is talk: it appears on the terminal (stderr) and never in stdout, which may be a file. */
const yes = 'y\r';
const no = 'n\r';


async function canLogIn(user: string, password: string): Promise<boolean> {
  const kafka = new kafkajs.Kafka({ clientId: 'prompt-login', brokers: [sharedCluster().bootstrap], sasl: { mechanism: 'scram-sha-512', username: user, password }, logLevel: kafkajs.logLevel.NOTHING, retry: { retries: 0 } });
  const admin = kafka.admin();
  try {
    await admin.connect();
    await admin.listTopics();
    return true;
  } catch {
    return false;
  } finally {
    await admin.disconnect();
  }
}

describe('prompts on a terminal', () => {
  it('topic delete asks on the terminal; "n" keeps the topic (exit 10), "y" deletes it; stdout holds only the result', async () => {
    const topic = uniqueName('prompt-topic');
    expect((await cli(['topic', 'create', topic])).code).toBe(0);
    const declined = await onTerminal(['topic', 'delete', topic, '-o', 'json'], [{ expect: 'Delete 1 topic', send: no }]);
    expect(declined.unmet).toBeNull();
    expect(declined.code).toBe(10);
    expect(declined.stdout).toBe('');
    expect(await topicExists(topic)).toBe(true);

    const accepted = await onTerminal(['topic', 'delete', topic, '-o', 'json'], [{ expect: 'Delete 1 topic', send: yes }]);
    expect(accepted.code).toBe(0);
    expect(accepted.terminal).toContain('Delete 1 topic');
    expect(accepted.stdout).not.toContain('Delete');
    expect(JSON.parse(accepted.stdout)).toEqual([{ name: topic, status: 'deleted', error: null }]);
    expect(await topicExists(topic)).toBe(false);
  });

  it('Ctrl-C at the confirmation is an interrupt (exit 130, one line), and the topic stays', async () => {
    const topic = uniqueName('prompt-ctrl-c');
    expect((await cli(['topic', 'create', topic])).code).toBe(0);
    const result = await onTerminal(['topic', 'delete', topic], [{ expect: 'Delete 1 topic', send: '\x03' }]);
    expect(result.code).toBe(130);
    expect(result.terminal).toContain('error: interrupted at the prompt: nothing was changed');
    expect(result.terminal).not.toContain('unexpected error');
    expect(await topicExists(topic)).toBe(true);
  });

  it('user create asks for the password twice without echoing it; user delete confirms', async () => {
    const user = uniqueName('prompt-user');
    const password = 'pty-secret-1234';
    const created = await onTerminal(['user', 'create', user, '-o', 'json'], [
      { expect: 'New password for', send: `${password}\r` },
      { expect: 'Repeat to confirm', send: `${password}\r` },
    ]);
    expect(created.unmet).toBeNull();
    expect(created.code).toBe(0);
    expect(created.terminal).not.toContain(password);
    expect(created.stdout).not.toContain('password');
    expect(await canLogIn(user, password)).toBe(true);

    const deleted = await onTerminal(['user', 'delete', user], [{ expect: 'Delete 1 user', send: yes }]);
    expect(deleted.code).toBe(0);
    expect(await canLogIn(user, password)).toBe(false);
  });

  it('a connection password is asked on the terminal when no file, variable or context holds it', async () => {
    const { bootstrap, adminPassword } = sharedCluster();
    const env = clusterEnv({ SOFAKAFKA_CONFIG: join(mkdtempSync(join(tmpdir(), 'sofakafka-prompt-')), 'none.yaml') });
    const result = await onTerminal(['topic', 'list', '-b', bootstrap, '--sasl-mechanism', 'scram-sha-512', '--username', 'admin', '-o', 'json'], [
      { expect: 'Password for admin', send: `${adminPassword}\r` },
    ], env);
    expect(result.unmet).toBeNull();
    expect(result.code).toBe(0);
    expect(result.terminal).not.toContain(adminPassword);
    expect(Array.isArray(JSON.parse(result.stdout))).toBe(true);
  });

  it('offset reset --execute offers an export file on the terminal, not in the JSON on stdout, and writes it', async () => {
    const topic = uniqueName('prompt-reset');
    const group = uniqueName('prompt-group');
    expect((await cli(['topic', 'create', topic])).code).toBe(0);
    await produce(plainKafka('prompt-reset'), topic, [{ value: 'a' }, { value: 'b' }, { value: 'c' }]);
    expect((await cli(['offset', 'reset', group, '-t', topic, '--to-latest', '--new-group', '--execute'])).code).toBe(0);
    const exportPath = join(mkdtempSync(join(tmpdir(), 'sofakafka-export-')), 'before.json');
    const result = await onTerminal(['offset', 'reset', '-g', group, '-t', topic, '--to-earliest', '--execute', '-o', 'json'], [
      { expect: 'Save the current offsets first', send: `${'\x7f'.repeat(120)}${exportPath}\r` },
    ]);
    expect(result.unmet).toBeNull();
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain('Save the current offsets');
    expect(JSON.parse(result.stdout)).toMatchObject({ group, executed: true });
    expect(existsSync(exportPath)).toBe(true);
    expect(JSON.parse(readFileSync(exportPath, 'utf8'))).toMatchObject({ group });
    expect(await committed(independentKafka('prompt-reset'), group, topic)).toEqual({ 0: 0 });
  });

  it('local up on a running cluster asks before replacing a current context of another name', async () => {
    const shared = sharedCluster();
    const dir = mkdtempSync(join(tmpdir(), 'sofakafka-ctx-'));
    const configPath = join(dir, 'config.yaml');
    copyFileSync(shared.configPath, configPath);
    const env = clusterEnv({ SOFAKAFKA_CONFIG: configPath });
    expect((await cli(['context', 'add', 'prod', '-b', '127.0.0.1:1', '--use'], { env })).code).toBe(0);
    const upArgs = ['local', 'up', '--dir', shared.dataDir, '--port', String(shared.basePort), '-o', 'json'];
    const kept = await onTerminal(upArgs, [{ expect: 'Make "local" current', send: no }], env);
    expect(kept.code).toBe(0);
    expect(YAML.parse(readFileSync(configPath, 'utf8')).currentContext).toBe('prod');
    const switched = await onTerminal(upArgs, [{ expect: 'Make "local" current', send: yes }], env);
    expect(switched.code).toBe(0);
    expect(YAML.parse(readFileSync(configPath, 'utf8')).currentContext).toBe('local');
  });
});
