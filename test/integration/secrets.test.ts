import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { commandTree } from '../../src/commands/index.js';
import type { ScramCredential } from '../../src/kafka/security/scram.js';
import { cli, spawnCli, uniqueName } from '../helpers/cli.js';
import { type OwnCluster, startOwnCluster } from '../helpers/own-cluster.js';

/**
 * Secrets stay secret: every command, with --debug and each output format, run against a TLS cluster
 * of this file's own that also takes PLAIN logins (--with-plain: the admin password in a static JAAS
 * entry and in a "local-plain" context); no password, SCRAM salt or salted password, or private key
 * may appear in what it prints. Then the brokers' command lines and environments, and the modes of every secret file.
 */

/** Every SCRAM credential sofakafka computes in this process (user create/passwd): their salts and salted passwords are secrets too. */
const credentials = vi.hoisted(() => [] as ScramCredential[]);
vi.mock('../../src/kafka/security/scram.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/kafka/security/scram.js')>();
  return {
    ...original,
    newScramCredential: async (...args: Parameters<typeof original.newScramCredential>) => {
      const credential = await original.newScramCredential(...args);
      credentials.push(credential);
      return credential;
    },
  };
});

let cluster: OwnCluster;
let env: NodeJS.ProcessEnv;
const dir = mkdtempSync(join(tmpdir(), 'sofakafka-secrets-'));
const userPassword = `user-pw-${Math.random().toString(36).slice(2)}-Zq9`;
const newUserPassword = `user-pw2-${Math.random().toString(36).slice(2)}-Xk7`;
const userPasswordFile = join(dir, 'user-password');
const newUserPasswordFile = join(dir, 'user-password-2');

beforeAll(async () => {
  cluster = await startOwnCluster({ brokers: 1, tls: true, plain: true });
  env = { ...cluster.env };
  writeFileSync(userPasswordFile, `${userPassword}\n`, { mode: 0o600 });
  writeFileSync(newUserPasswordFile, `${newUserPassword}\n`, { mode: 0o600 });
}, 300_000);

afterAll(async () => {
  await cluster?.stop();
});

/** The secrets a run may have seen, as the texts that must not appear (each in the encodings a printer might use). */
function secretTexts(): string[] {
  const state = JSON.parse(readFileSync(join(cluster.dataDir, 'cluster.json'), 'utf8')) as { secrets: Record<string, unknown> };
  const stateSecrets = Object.values(state.secrets).filter((v): v is string => typeof v === 'string' && v.length >= 8);
  const keyBodies = tlsKeyFiles().flatMap((file) => readFileSync(file, 'utf8').split('\n').filter((line) => line.length >= 40 && !line.startsWith('-----')));
  const scram = credentials.flatMap((c) => [c.salt, c.saltedPassword]).flatMap((bytes) => [bytes.toString('base64'), bytes.toString('hex'), bytes.toString('base64').slice(0, 24)]);
  return [cluster.adminPassword, userPassword, newUserPassword, ...stateSecrets, ...keyBodies, ...scram, 'PRIVATE KEY'];
}

function tlsKeyFiles(): string[] {
  const tlsDir = join(cluster.dataDir, 'tls');
  return readdirSync(tlsDir).filter((name) => /key/i.test(name)).map((name) => join(tlsDir, name));
}

/** Sample arguments per command; the sweep fails when a command has none, so a new command must add its line. */
function sampleArgs(topic: string, group: string, user: string, ruleId: string): Record<string, string[][]> {
  const local = ['--dir', cluster.dataDir];
  return {
    'local up': [[...local, '--with-tls', '--with-plain']],
    'local status': [local],
    'local logs': [[...local, '--tail', '400']],
    'local down': [], // run last, below
    'context add': [['stored', '-b', cluster.bootstrap, '--username', 'admin', '--sasl-mechanism', 'scram-sha-512', '--store-password']],
    'context list': [[]],
    'context show': [[], ['local'], ['local-tls'], ['local-plain'], ['stored']],
    'context use': [['local']],
    'context remove': [], // run last, below
    'cluster describe': [[]],
    'cluster health': [[]],
    'topic create': [[topic, '--partitions', '2'], [`ns1.c1.${topic}`]],
    'topic list': [[], ['--context', 'local-plain']],
    'topic describe': [[topic, '--all-configs']],
    'topic alter': [[topic, '-c', 'retention.ms=100000']],
    'topic add-partitions': [[topic, '--partitions', '3']],
    'topic delete': [], // run last, below
    'user create': [[user, '--new-password-file', userPasswordFile, '-m', 'SCRAM-SHA-256', '-m', 'SCRAM-SHA-512']],
    'user list': [[]],
    'user describe': [[user], ['admin']],
    'user passwd': [[user, '--new-password-file', newUserPasswordFile]],
    'user delete': [], // run last, below
    'acl add': [['--allow', `User:${user}`, '--operation', 'Read', '--topic', topic]],
    'acl list': [[]],
    'acl remove': [['--principal', `User:${user}`, '--yes']],
    'msg send': [['-t', topic, '-p', '0', 'hello'], ['-t', topic, '--format', 'ndjson', '--file', join(dir, 'in.ndjson')]],
    'msg consume': [['-t', topic, '--from', 'beginning', '--count', '1', '-g', group]],
    'msg query': [['-t', topic]],
    'msg trace': [['-t', topic, '-p', '0', '--offset', '0']],
    'msg resend': [['-t', topic, '-p', '0', '--offset', '0', '--to', topic, '--yes']],
    'group list': [[]],
    'group describe': [[group]],
    'group delete': [], // run last, below
    'offset show': [[group]],
    'offset reset': [[group, '-t', topic, '--to-earliest', '--execute']],
    'unit list': [[]],
    'unit describe': [['ns1']],
    'router rule add': [], // run first, below: the others need its id
    'router rule list': [[]],
    'router rule history': [[], [ruleId]],
    'router rule disable': [[ruleId]],
    'router rule enable': [[ruleId]],
    'router rule remove': [[ruleId]],
    'router status': [['--ns', 'ns1']],
    'router run': [], // runs until stopped: spawned and stopped, below
    'perf produce': [['-t', topic, '--count', '50', '--yes']],
    'perf consume': [['-t', topic, '--count', '50', '--yes'], ['--create-topic', '--count', '50']],
    'perf e2e': [['--create-topic', '--count', '5']],
    'perf table': [['--create-topic', '--count', '50']],
    console: [['audit']], // serving runs until stopped: spawned and stopped, below
    'completion': [['bash']],
    '__complete': [['--', 'topic', 'describe', '']],
  };
}

interface TreeNode { name: string; children?: TreeNode[] }

function allCommands(nodes: TreeNode[] = commandTree, prefix = ''): string[] {
  return nodes.flatMap((node) => (node.children?.length ? allCommands(node.children, `${prefix}${node.name} `) : [`${prefix}${node.name}`]));
}

describe('secrets on the machine', () => {
  it('no password on the brokers\' command lines or in their environments, even when sofakafka had one in its own', async () => {
    // Restart the brokers from a sofakafka that holds the admin password in SOFAKAFKA_PASSWORD: it must not pass it on.
    expect((await spawnCli(['local', 'down', '--dir', cluster.dataDir], { env })).code).toBe(0);
    const up = await spawnCli(['local', 'up', '--dir', cluster.dataDir, '--with-tls'], { env: { ...env, SOFAKAFKA_PASSWORD: cluster.adminPassword }, timeoutMs: 240_000 });
    expect(up.code).toBe(0);
    const status = await cli(['local', 'status', '--dir', cluster.dataDir, '-o', 'json'], { env });
    const pids = status.json<{ nodes: Array<{ pid: number; running: boolean }> }>().nodes.filter((n) => n.running).map((n) => n.pid);
    expect(pids.length).toBeGreaterThan(0);
    const secrets = secretTexts();
    for (const pid of pids) {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      const environ = readFileSync(`/proc/${pid}/environ`, 'utf8').replace(/\0/g, '\n');
      expect(cmdline).toMatch(/kafka/i);
      expect(secrets.filter((s) => cmdline.includes(s) || environ.includes(s)).map((s) => `${s.slice(0, 6)}… in ${cmdline.includes(s) ? 'cmdline' : 'environ'}`)).toEqual([]);
      expect(environ).not.toMatch(/^SOFAKAFKA_PASSWORD=/m);
    }
  }, 300_000);

  it('every file holding a secret is 0600 in a 0700 folder', () => {
    const mode = (path: string) => statSync(path).mode & 0o777;
    const files = [cluster.configPath, join(cluster.dataDir, 'cluster.json'), ...tlsKeyFiles()];
    for (const file of files) {
      expect({ file, mode: mode(file).toString(8) }).toEqual({ file, mode: '600' });
      expect({ folder: dirname(file), mode: mode(dirname(file)).toString(8) }).toEqual({ folder: dirname(file), mode: '700' });
    }
    expect(mode(cluster.dataDir).toString(8)).toBe('700');
    // The brokers' properties carry the inter-broker and controller passwords, and PLAIN's admin entry: the same rule.
    const propertyFiles = readdirSync(cluster.dataDir, { recursive: true }).map(String).filter((f) => f.endsWith('.properties')).map((f) => join(cluster.dataDir, f));
    const holdingSecrets = propertyFiles.filter((file) => /password|user_admin/.test(readFileSync(file, 'utf8')));
    expect(holdingSecrets.filter((file) => readFileSync(file, 'utf8').includes(`user_admin="${cluster.adminPassword}"`))).not.toEqual([]);
    for (const file of holdingSecrets) expect({ file, mode: mode(file).toString(8) }).toEqual({ file, mode: '600' });
  });
});

describe('secrets stay secret', () => {
  it('no password, SCRAM salt, salted password or private key in the output of any command, with --debug, -o json and -o yaml', async () => {
    const topic = uniqueName('secrets');
    const group = uniqueName('secrets-group');
    const user = uniqueName('secrets-user');
    writeFileSync(join(dir, 'in.ndjson'), `${JSON.stringify({ value: 'v', headers: { h: 'x' } })}\n`);
    const outputs: Array<{ command: string; code: number; text: string }> = [];
    const ruleAdd = await cli(['router', 'rule', 'add', '--ns', 'ns1', '-t', topic, '--from', 'c1', '--to', 'c2', '-o', 'json', '--debug'], { env });
    outputs.push({ command: 'router rule add', code: ruleAdd.code, text: `${ruleAdd.stdout}\n${ruleAdd.stderr}` });
    const ruleId = String(ruleAdd.json<Array<{ name: string }>>()[0]!.name);
    const samples = sampleArgs(topic, group, user, ruleId);
    expect(allCommands().filter((command) => !(command in samples))).toEqual([]);
    // router run works until stopped: a worker for a few seconds, then SIGKILL (spawned: it would not return in-process).
    const worker = await spawnCli(['router', 'run', '--ns', 'ns1', '--debug', '--timeout', '20s'], { env, timeoutMs: 4000 });
    outputs.push({ command: 'router run', code: worker.stdout.length + worker.stderr.length > 0 ? 0 : -1, text: `${worker.stdout}\n${worker.stderr}` });
    const served = await spawnCli(['console', '--debug', '--timeout', '20s'], { env, timeoutMs: 4000 });
    outputs.push({ command: 'console', code: served.stdout.includes('?token=') ? 0 : -1, text: `${served.stdout}\n${served.stderr}` });

    const finals: Array<[string, string[]]> = [
      ['topic delete', [topic, '--yes']], ['group delete', [group, '--yes']], ['user delete', [user, '--yes']], ['context remove', ['stored', '--yes']], ['local down', ['--dir', cluster.dataDir]],
    ];
    const runs: Array<[string, string[]]> = [...Object.entries(samples).flatMap(([command, list]) => list.map((args): [string, string[]] => [command, args])), ...finals];
    // The check can fail: --show-password is the one way to print the admin password, and it is caught.
    const shown = await cli(['local', 'up', '--dir', cluster.dataDir, '--show-password'], { env });
    expect(secretTexts().filter((secret) => `${shown.stdout}${shown.stderr}`.includes(secret))).toContain(cluster.adminPassword);
    for (const [command, args] of runs) {
      const formats = command === 'completion' || command === '__complete' || command === 'local logs' ? [[]] : [[], ['-o', 'json'], ['-o', 'yaml']];
      // Commands that change things run once (with --debug and JSON); the others in every format.
      const variants = /create|add|passwd|send|resend|reset|delete|remove|down|use|up|consume|enable|disable/.test(command) ? [['-o', 'json']] : formats;
      for (const format of variants) {
        const env2 = { ...env, SOFAKAFKA_PASSWORD: cluster.adminPassword };
        const result = await cli([...command.split(' '), ...args, ...format, '--debug', '--timeout', '20s'], { env: command === 'context add' ? env2 : env });
        outputs.push({ command: `${command} ${[...args, ...format].join(' ')}`, code: result.code, text: `${result.stdout}\n${result.stderr}` });
      }
    }
    // The sweep must have done real work, not failed early everywhere.
    const failed = outputs.filter((o) => o.code !== 0).map((o) => `${o.command}: ${o.code} ${o.text.split('\n').find((l) => l.startsWith('error:'))}`);
    expect(failed).toEqual([]);
    expect(credentials.length).toBeGreaterThanOrEqual(3);

    const secrets = secretTexts();
    const leaks = outputs.flatMap((o) => secrets.filter((secret) => o.text.includes(secret)).map((secret) => `${o.command} printed ${secret.slice(0, 6)}…`));
    expect(leaks).toEqual([]);
  }, 300_000);
});

