import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/main.js';
import { cli, clusterEnv, sharedCluster, uniqueName } from '../helpers/cli.js';
import { clientProperties, kafkaTool } from '../helpers/kafka-tools.js';

interface UserJson {
  name: string;
  credentials: Array<{ mechanism: string; iterations: number }>;
  status?: string;
}

const passwordFile = (name: string, password: string) => {
  const path = join(sharedCluster().dir, `${name}.pw`);
  writeFileSync(path, `${password}\n`);
  return path;
};

/** Logs in with Kafka's own Java client (not kafkajs): exit 0 when the broker accepted the user. */
const JVM_TEST_TIMEOUT = 180_000; // several JVM starts on a busy 2-core machine
async function javaLogin(user: string, password: string, mechanism: string) {
  const { bootstrap } = sharedCluster();
  // A folder per login: two logins as one user at once must not share a properties file.
  const dir = mkdtempSync(join(sharedCluster().dir, 'login-'));
  const result = await kafkaTool('org.apache.kafka.tools.TopicCommand', ['--bootstrap-server', bootstrap, '--command-config', clientProperties(dir, user, password, mechanism), '--list']);
  // The tool prints its failure on stdout, and its log (kafka-tools.ts: errors only) on stderr.
  return { code: result.code, log: `${result.stdout}\n${result.stderr}` };
}

/**
 * Runs sofakafka as if on a terminal, typing each answer when its prompt appears. The fake stderr
 * claims to be stdio (inquirer ends any other stream it writes to after each prompt) and has the
 * cursor methods the spinner uses.
 */
async function onTerminal(argv: string[], answers: Array<[prompt: string, typed: string]>) {
  const stdin = Object.assign(new PassThrough(), { isTTY: true, setRawMode: () => stdin });
  const stderr = Object.assign(new PassThrough(), { isTTY: true, _isStdio: true, columns: 80, cursorTo: () => true, clearLine: () => true, moveCursor: () => true });
  let talk = '';
  stderr.on('data', (chunk) => {
    talk += chunk;
    while (answers.length && talk.includes(answers[0]![0])) {
      const [, typed] = answers.shift()!;
      setTimeout(() => { stdin.write(typed); setTimeout(() => stdin.write('\r'), 20); }, 20);
    }
  });
  const code = await run(argv, { stdin, stdout: new PassThrough(), stderr, env: clusterEnv() });
  return { code, talk };
}

const userList = async () => (await cli(['user', 'list', '-o', 'json'])).json<UserJson[]>();

describe('user create, passwd and delete, checked by logging in with Kafka\'s Java client', () => {
  it('a user created for both mechanisms logs in with each', async () => {
    const name = uniqueName('app');
    const created = await cli(['user', 'create', name, '-m', 'SCRAM-SHA-256', '-m', 'SCRAM-SHA-512', '--new-password-file', passwordFile(name, 'first-pw'), '-o', 'json']);
    expect(created.code).toBe(0);
    expect(created.json()).toEqual({ name, status: 'created', credentials: [{ mechanism: 'SCRAM-SHA-256', iterations: 4096 }, { mechanism: 'SCRAM-SHA-512', iterations: 4096 }] });
    const [sha256, sha512] = await Promise.all([javaLogin(name, 'first-pw', 'SCRAM-SHA-256'), javaLogin(name, 'first-pw', 'SCRAM-SHA-512')]);
    expect(sha256.log).not.toContain('Authentication failed');
    expect(sha256.code).toBe(0);
    expect(sha512.code).toBe(0);
  }, JVM_TEST_TIMEOUT);

  it('after passwd the old password fails and the new one works; after delete nothing works', async () => {
    const name = uniqueName('rotate');
    expect((await cli(['user', 'create', name, '--password-stdin'], { stdin: 'old-pw\n' })).code).toBe(0);
    const changed = await cli(['user', 'passwd', name, '--new-password-file', passwordFile(name, 'new-pw'), '-o', 'json']);
    expect(changed.code).toBe(0);
    expect(changed.json<UserJson>().status).toBe('password changed');
    const [oldLogin, newLogin] = await Promise.all([javaLogin(name, 'old-pw', 'SCRAM-SHA-512'), javaLogin(name, 'new-pw', 'SCRAM-SHA-512')]);
    expect(oldLogin.code).not.toBe(0);
    expect(oldLogin.log).toContain('Authentication failed');
    expect(newLogin.code).toBe(0);

    const deleted = await cli(['user', 'delete', name, '--yes', '-o', 'json']);
    expect(deleted.code).toBe(0);
    expect(deleted.json()).toEqual([{ name, status: 'deleted', error: null }]);
    const afterDelete = await javaLogin(name, 'new-pw', 'SCRAM-SHA-512');
    expect(afterDelete.log).toContain('Authentication failed');
    expect((await userList()).map((u) => u.name)).not.toContain(name);
  }, JVM_TEST_TIMEOUT);
});

describe('user list and describe', () => {
  it('-o json has name and credentials (mechanism, iterations), never a salt or salted password', async () => {
    const name = uniqueName('json');
    await cli(['user', 'create', name, '--iterations', '8192', '-m', 'sha-256', '--password-stdin'], { stdin: 'pw' });
    const list = await cli(['user', 'list', '-o', 'json']);
    const listed = list.json<UserJson[]>();
    expect(listed.find((u) => u.name === name)).toEqual({ name, credentials: [{ mechanism: 'SCRAM-SHA-256', iterations: 8192 }] });
    expect(listed.find((u) => u.name === 'admin')?.credentials.map((c) => c.mechanism)).toEqual(['SCRAM-SHA-256', 'SCRAM-SHA-512']);
    for (const user of listed) {
      expect(Object.keys(user).sort()).toEqual(['credentials', 'name']);
      for (const credential of user.credentials) expect(Object.keys(credential).sort()).toEqual(['iterations', 'mechanism']);
    }
    expect(list.stdout).not.toMatch(/salt|password/i);
    const described = await cli(['user', 'describe', name, '-o', 'json']);
    expect(described.json()).toEqual({ name, credentials: [{ mechanism: 'SCRAM-SHA-256', iterations: 8192 }] });
    const table = await cli(['user', 'list', name]);
    expect(table.stdout).toContain('SCRAM-SHA-256 (8192)');
  });

  it('describing or deleting a user that does not exist is exit 3', async () => {
    const ghost = uniqueName('ghost');
    const described = await cli(['user', 'describe', ghost]);
    expect(described.code).toBe(3);
    expect(described.stderr).toContain(`no user named "${ghost}"`);
    const deleted = await cli(['user', 'delete', ghost, '--yes']);
    expect(deleted.code).toBe(3);
    expect((await cli(['user', 'delete', ghost, '--yes', '--if-exists'])).code).toBe(0);
  });
});

describe('bad input changes nothing', () => {
  it('creating a user that exists is exit 7 and keeps its credential; --if-not-exists accepts it', async () => {
    const name = uniqueName('twice');
    await cli(['user', 'create', name, '--iterations', '8192', '--password-stdin'], { stdin: 'pw' });
    const again = await cli(['user', 'create', name, '--password-stdin'], { stdin: 'other' });
    expect(again.code).toBe(7);
    expect(again.stderr).toContain(`user "${name}" already exists`);
    const accepted = await cli(['user', 'create', name, '--password-stdin', '--if-not-exists', '-o', 'json'], { stdin: 'other' });
    expect(accepted.code).toBe(0);
    expect(accepted.json<UserJson>().status).toBe('exists (unchanged)');
    expect((await cli(['user', 'describe', name, '-o', 'json'])).json<UserJson>().credentials).toEqual([{ mechanism: 'SCRAM-SHA-512', iterations: 8192 }]);
  });

  it.each([
    [['--password-stdin'], '', 'is empty'],
    [['--password-stdin'], '\n', 'is empty'],
    [[], undefined, 'no terminal to ask on'],
    [['--password-stdin', '--new-password-file', '/nonexistent'], 'pw', 'not both'],
    [['--new-password-file', '/nonexistent/pw'], undefined, 'cannot read password file'],
    [['--iterations', '1000', '--password-stdin'], 'pw', 'outside what Kafka accepts'],
    [['--iterations', '20000', '--password-stdin'], 'pw', 'outside what Kafka accepts'],
    [['-m', 'PLAIN', '--password-stdin'], 'pw', 'unknown SCRAM mechanism "PLAIN"'],
  ])('user create %j is exit 2 with one line, and creates nothing', async (args, stdin, message) => {
    const name = uniqueName('bad');
    const result = await cli(['user', 'create', name, ...args], { stdin });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr.trim().split('\n').length).toBeLessThanOrEqual(2);
    expect((await userList()).map((u) => u.name)).not.toContain(name);
  });

  it('on a terminal the password is asked twice: a mismatch creates nothing, a match creates the user', async () => {
    const name = uniqueName('typed');
    const mismatch = await onTerminal(['user', 'create', name], [['New password for', 'one'], ['Repeat to confirm', 'two']]);
    expect(mismatch.code).toBe(2);
    expect(mismatch.talk).toContain('the two entries do not match; nothing was changed');
    expect((await userList()).map((u) => u.name)).not.toContain(name);
    const match = await onTerminal(['user', 'create', name], [['New password for', 'same'], ['Repeat to confirm', 'same']]);
    expect(match.code).toBe(0);
    expect(match.talk).not.toContain('same');
    expect((await userList()).map((u) => u.name)).toContain(name);
  });

  it('a caller who is not an admin gets exit 5 naming its principal and the operation, and nothing changes', async () => {
    const caller = uniqueName('plain');
    await cli(['user', 'create', caller, '--password-stdin'], { stdin: 'caller-pw' });
    const asCaller = ['--username', caller, '--password-file', passwordFile(caller, 'caller-pw')];
    const listed = await cli(['user', 'list', ...asCaller]);
    expect(listed.code).toBe(5);
    expect(listed.stderr).toContain(`User:${caller} is not allowed to Describe the cluster`);
    const victim = uniqueName('victim');
    const created = await cli(['user', 'create', victim, '--password-stdin', ...asCaller], { stdin: 'pw' });
    expect(created.code).toBe(5);
    expect(created.stderr).toContain(`User:${caller} is not allowed to Describe the cluster`);
    // With Describe granted, the next missing right is Alter.
    expect((await cli(['acl', 'add', '--allow', `User:${caller}`, '--operation', 'Describe', '--cluster'])).code).toBe(0);
    const deleted = await cli(['user', 'delete', caller, '--yes', ...asCaller]);
    await cli(['acl', 'remove', '--principal', `User:${caller}`, '--yes']);
    expect(deleted.code).toBe(5);
    expect(deleted.stderr).toContain(`User:${caller} is not allowed to Alter the cluster`);
    const names = (await userList()).map((u) => u.name);
    expect(names).toContain(caller);
    expect(names).not.toContain(victim);
  });
});
