import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { connect } from 'node:net';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, sharedCluster, spawnCli } from '../helpers/cli.js';
import { callApi, login, type RunningConsole, startConsole } from '../helpers/console.js';
import { committed, independentKafka, startConsumer, topicExists, waitForAsync } from '../helpers/groups.js';

const suffix = `${process.pid}-${Date.now()}`;

/** The message the CLI prints for the same input: the console must say exactly that. */
async function cliError(argv: string[]): Promise<{ code: number; message: string }> {
  const result = await cli(argv);
  return { code: result.code, message: /^error: (.*)$/m.exec(result.stderr)?.[1] ?? '' };
}

describe('sofakafka console: the server, its door and its API', () => {
  let running: RunningConsole;
  let cookie: string;

  beforeAll(async () => {
    running = await startConsole();
    expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{48}$/);
  });
  afterAll(async () => {
    await running?.stop();
  });

  it('refuses every request without the session cookie, and a wrong token', async () => {
    expect((await fetch(`${running.base}/api/topics`)).status).toBe(401);
    expect((await fetch(`${running.base}/`)).status).toBe(401);
    expect((await fetch(`${running.base}/assets/app.js`)).status).toBe(401);
    expect((await fetch(`${running.base}/?token=0000`, { redirect: 'manual' })).status).toBe(401);
    expect((await fetch(`${running.base}/api/topics`, { headers: { cookie: 'sofakafka_console=forged' } })).status).toBe(401);
  });

  it('trades the one-time token for an HttpOnly, SameSite=Strict cookie, once', async () => {
    const response = await fetch(running.url, { redirect: 'manual' });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/');
    const setCookie = response.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    cookie = setCookie.split(';')[0]!;
    // The token is spent: a second use (a link copied from scrollback) opens nothing.
    expect((await fetch(running.url, { redirect: 'manual' })).status).toBe(401);
    const page = await fetch(`${running.base}/`, { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect((await fetch(`${running.base}/assets/app.js`, { headers: { cookie } })).status).toBe(200);
  });

  it('refuses a change sent as a form (not JSON), so another site cannot post one', async () => {
    const response = await fetch(`${running.base}/api/topics`, { method: 'POST', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: 'name=x' });
    expect(response.status).toBe(415);
  });

  it('creates a topic with the CLI defaults and lists it', async () => {
    const topic = `console-api-${suffix}`;
    const created = await callApi(running, cookie, 'POST', '/api/topics', { name: topic, partitions: '2' });
    expect(created.status).toBe(200);
    const metadata = await independentKafka('console-check').admin();
    await metadata.connect();
    try {
      const { topics } = await metadata.fetchTopicMetadata({ topics: [topic] });
      expect(topics[0]!.partitions).toHaveLength(2);
      const configs = await metadata.describeConfigs({ resources: [{ type: 2, name: topic, configNames: ['retention.ms'] }], includeSynonyms: false });
      expect(configs.resources[0]!.configEntries[0]!.configValue).toBe(String(3 * 24 * 3600 * 1000));
    } finally {
      await metadata.disconnect();
    }
    const listed = await callApi<{ items: Array<{ name: string }> }>(running, cookie, 'GET', `/api/topics?filter=${topic}`);
    expect(listed.body.items.map((t) => t.name)).toEqual([topic]);
  });

  it.each([
    ['an empty name', { name: '', partitions: '1' }, ['topic', 'create', '']],
    ['0 partitions', { name: `console-zero-${suffix}`, partitions: '0' }, ['topic', 'create', `console-zero-${suffix}`, '--partitions', '0']],
    ['a config that does not exist', { name: `console-cfg-${suffix}`, configs: ['no.such.config=1'] }, ['topic', 'create', `console-cfg-${suffix}`, '-c', 'no.such.config=1']],
  ])('refuses a topic with %s with the CLI\'s message and creates nothing', async (_what, body, argv) => {
    const expected = await cliError(argv);
    expect(expected.code).toBe(2);
    const answer = await callApi(running, cookie, 'POST', '/api/topics', body);
    expect(answer.status).toBe(400);
    expect(answer.body.error!.message).toBe(expected.message);
    expect(answer.body.error!.exitCode).toBe(2);
    if (body.name) expect(await topicExists(body.name)).toBe(false);
  });

  it('refuses an ACL without a principal with the CLI\'s message and adds nothing', async () => {
    const topic = `console-acl-${suffix}`;
    const expected = await cliError(['acl', 'add', '--producer', '--topic', topic]);
    const answer = await callApi(running, cookie, 'POST', '/api/acls', { principal: '', shortcut: 'producer', topic: [topic] });
    expect(answer.status).toBe(400);
    expect(answer.body.error!.message).toBe(expected.message);
    const admin = independentKafka('console-acl-check').admin();
    await admin.connect();
    try {
      // resourceType 2 = topic, patternType 1 = any, operation 1 = any, permissionType 1 = any (kafkajs's enums)
      const acls = await admin.describeAcls({ resourceType: 2, resourceName: topic, resourcePatternType: 1, operation: 1, permissionType: 1 });
      expect(acls.resources).toEqual([]);
    } finally {
      await admin.disconnect();
    }
  });

  it('answers a missing topic with 404 and the CLI\'s not-found line', async () => {
    const answer = await callApi(running, cookie, 'GET', `/api/topics/console-missing-${suffix}`);
    expect(answer.status).toBe(404);
    expect(answer.body.error!.exitCode).toBe(3);
    expect(answer.body.error!.message).toContain(`console-missing-${suffix}`);
  });

  it('refuses to reset the offsets of a group with active members (409, the CLI\'s line) and moves nothing', async () => {
    const topic = `console-active-${suffix}`;
    const group = `console-active-group-${suffix}`;
    expect((await cli(['topic', 'create', topic])).code).toBe(0);
    const kafka = independentKafka('console-active');
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, messages: [{ value: 'a' }, { value: 'b' }] }).finally(() => producer.disconnect());
    const consumer = await startConsumer(kafka, group, topic);
    try {
      await consumer.ready;
      // The consumer has read both and committed: a reset that went through would move it back to 0.
      await waitForAsync(async () => (await committed(kafka, group, topic))[0] === 2, 30_000);
      const preview = await callApi(running, cookie, 'POST', `/api/groups/${group}/reset`, { mode: 'earliest', topics: [topic] });
      expect(preview.status).toBe(200);
      const apply = await callApi(running, cookie, 'POST', `/api/groups/${group}/reset`, { mode: 'earliest', topics: [topic], execute: true });
      expect(apply.status).toBe(409);
      expect(apply.body.error!.message).toMatch(new RegExp(`^group "${group}" has 1 active member: .*; nothing was changed$`));
      expect(await committed(kafka, group, topic)).toEqual({ 0: 2 });
    } finally {
      await consumer.stop();
    }
  });

  it('logs each change, refused or done, to a 0600 file beside the config that `console audit` reads', async () => {
    const path = join(dirname(sharedCluster().configPath), 'console-audit.log');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const audit = await spawnCli(['console', 'audit', '-o', 'json']);
    expect(audit.code).toBe(0);
    const entries = audit.json<Array<{ who: string; what: string; result: string; message?: string }>>();
    expect(entries.find((e) => e.what.includes(`topic create --partitions 2 -- console-api-${suffix}`))).toMatchObject({ result: 'ok' });
    expect(entries.find((e) => e.what.includes(`console-zero-${suffix}`))).toMatchObject({ result: 'failed' });
    expect(entries.every((e) => e.who.includes('User:admin'))).toBe(true);
  });

  it('keeps a created user\'s password out of the audit log', async () => {
    const password = `pw-${suffix}-secret`;
    const created = await callApi(running, cookie, 'POST', '/api/users', { name: `console-user-${suffix}`, password });
    expect(created.status).toBe(200);
    const audit = await spawnCli(['console', 'audit', '-o', 'json']);
    expect(audit.stdout).toContain(`console-user-${suffix}`);
    expect(audit.stdout).not.toContain(password);
  });

  it('stops on Ctrl-C with exit 0 and closes its port', async () => {
    const port = Number(new URL(running.base).port);
    expect(await running.stop()).toBe(0);
    const refused = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => { socket.destroy(); resolve(false); });
      socket.once('error', () => resolve(true));
    });
    expect(refused).toBe(true);
  });
});

describe('sofakafka console --listen', () => {
  it('refuses a non-loopback address without TLS or --insecure-listen', async () => {
    const result = await spawnCli(['console', '--listen', '0.0.0.0']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/error: --listen 0\.0\.0\.0 would serve the console beyond this machine without TLS/);
  });

  it('serves HTTPS with --https-cert/--https-key, beyond loopback too, and marks the cookie Secure', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sofakafka-console-tls-'));
    try {
      const [cert, key] = [join(dir, 'cert.pem'), join(dir, 'key.pem')];
      execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
      expect((await spawnCli(['console', '--listen', '0.0.0.0', '--https-cert', cert])).stderr).toContain('error: --https-cert and --https-key go together');
      const running = await startConsole(['--listen', '0.0.0.0', '--https-cert', cert, '--https-key', key]);
      try {
        expect(running.url).toMatch(/^https:\/\/0\.0\.0\.0:\d+\/\?token=/);
        const url = new URL(running.url);
        const answer = await new Promise<{ status: number; cookie: string }>((resolve, reject) => {
          request({ host: '127.0.0.1', port: url.port, path: `/?token=${url.searchParams.get('token')}`, ca: readFileSync(cert) }, (response) => {
            response.resume();
            resolve({ status: response.statusCode!, cookie: String(response.headers['set-cookie']) });
          }).on('error', reject).end();
        });
        expect(answer.status).toBe(303);
        expect(answer.cookie).toMatch(/HttpOnly; SameSite=Strict; Secure/);
      } finally {
        expect(await running.stop()).toBe(0);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('serves a non-loopback address with --insecure-listen', async () => {
    const running = await startConsole(['--listen', '0.0.0.0', '--insecure-listen']);
    try {
      expect(running.url).toMatch(/^http:\/\/0\.0\.0\.0:\d+\//);
      const cookie = await login(running);
      expect((await callApi(running, cookie, 'GET', '/api/session')).status).toBe(200);
    } finally {
      expect(await running.stop()).toBe(0);
    }
  });
});
