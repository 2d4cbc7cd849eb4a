import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, clusterEnv, sharedCluster, uniqueName } from '../helpers/cli.js';
import { topicExists } from '../helpers/groups.js';

/** A refusal must read as a refusal (exit 5, naming the principal), never as "not found" or "healthy". */
describe('a user without ACLs is told it is refused', () => {
  const user = uniqueName('noacl');
  const topic = uniqueName('guarded');
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    expect((await cli(['topic', 'create', topic])).code).toBe(0);
    expect((await cli(['user', 'create', user, '--password-stdin'], { stdin: 'noacl-pw-123\n' })).code).toBe(0);
    const dir = mkdtempSync(join(tmpdir(), 'sofakafka-refusals-'));
    const passwordFile = join(dir, 'pw');
    writeFileSync(passwordFile, 'noacl-pw-123\n', { mode: 0o600 });
    const configPath = join(dir, 'config.yaml');
    env = clusterEnv({ SOFAKAFKA_CONFIG: configPath });
    expect((await cli(['context', 'add', 'noacl', '-b', sharedCluster().bootstrap, '--username', user, '--password-file', passwordFile, '--use'], { env })).code).toBe(0);
  });


  for (const argv of [
    ['topic', 'describe', '%T'],
    ['topic', 'delete', '%T', '--yes'],
    ['msg', 'query', '-t', '%T'],
    ['msg', 'consume', '-t', '%T', '--broadcast'],
    ['msg', 'trace', '-t', '%T', '-p', '0', '--offset', '0'],
  ]) {
    it(`${argv.slice(0, 2).join(' ')} of a topic it may not Describe: exit 5 naming User:…, the topic untouched`, async () => {
      const result = await cli(argv.map((a) => (a === '%T' ? topic : a)), { env });
      expect(result.code).toBe(5);
      expect(result.stderr).toContain(`User:${user} is not allowed to Describe topic "${topic}"`);
      expect(result.stderr).not.toMatch(/does not exist|no topic named/);
      expect(await topicExists(topic)).toBe(true);
    });
  }

  it('a topic that does not exist is refused the same way (Kafka does not tell strangers what exists)', async () => {
    const result = await cli(['topic', 'describe', uniqueName('nosuch')], { env });
    expect(result.code).toBe(5);
  });

  it('topic list and group list say ACLs may hide items instead of "no topics yet"', async () => {
    const topics = await cli(['topic', 'list'], { env });
    expect(topics.code).toBe(0);
    expect(topics.stderr).toContain(`no topics are visible to User:${user}: ACLs may hide`);
    expect(topics.stdout).not.toContain('no topics yet');
    const groups = await cli(['group', 'list'], { env });
    expect(groups.stderr).toContain('ACLs may hide');
  });

  it('cluster health refuses to judge a view it cannot see (exit 5), never "healthy"', async () => {
    const result = await cli(['cluster', 'health', '-o', 'json'], { env });
    expect(result.code).toBe(5);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`User:${user} is not allowed to Describe the cluster`);
  });

  it('the admin still sees the topic and a healthy cluster (the checks are not blanket refusals)', async () => {
    expect((await cli(['topic', 'describe', topic, '-o', 'json'])).code).toBe(0);
    const health = await cli(['cluster', 'health', '-o', 'json']);
    expect(health.json<{ healthy: boolean }>().healthy).toBe(true);
  });
});

/**
 * One DeleteTopics request, some topics deleted and some refused: each topic's outcome is reported
 * (exit 8, partial), never one error for a request that did delete topics.
 */
describe('topic delete of a glob where the user may delete only some of the topics', () => {
  const user = uniqueName('somedel');
  const prefix = uniqueName('pdel');
  const mayDelete = `${prefix}-a`;
  const mayNot = `${prefix}-b`;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    expect((await cli(['topic', 'create', mayDelete, mayNot])).code).toBe(0);
    expect((await cli(['user', 'create', user, '--password-stdin'], { stdin: 'somedel-pw-123\n' })).code).toBe(0);
    expect((await cli(['acl', 'add', '--allow', `User:${user}`, '--operation', 'Describe', '--topic', prefix, '--pattern', 'prefixed'])).code).toBe(0);
    expect((await cli(['acl', 'add', '--allow', `User:${user}`, '--operation', 'Delete', '--topic', mayDelete])).code).toBe(0);
    const dir = mkdtempSync(join(tmpdir(), 'sofakafka-refusals-'));
    const passwordFile = join(dir, 'pw');
    writeFileSync(passwordFile, 'somedel-pw-123\n', { mode: 0o600 });
    env = clusterEnv({ SOFAKAFKA_CONFIG: join(dir, 'config.yaml') });
    expect((await cli(['context', 'add', 'somedel', '-b', sharedCluster().bootstrap, '--username', user, '--password-file', passwordFile, '--use'], { env })).code).toBe(0);
  });

  it('reports the deleted one as deleted and the refused one as refused, exit 8; the cluster agrees', async () => {
    const result = await cli(['topic', 'delete', `${prefix}-*`, '--yes', '-o', 'json'], { env });
    expect(result.code, result.stderr).toBe(8);
    const rows = result.json<Array<{ name: string; status: string; error: string | null }>>();
    expect(rows.map((r) => [r.name, r.status])).toEqual([[mayDelete, 'deleted'], [mayNot, 'failed']]);
    expect(rows[1]!.error).toContain(`User:${user}`);
    // Read with the test's own client: the broker really deleted one and kept the other.
    for (let i = 0; i < 50 && (await topicExists(mayDelete)); i++) await new Promise((r) => setTimeout(r, 100));
    expect(await topicExists(mayDelete)).toBe(false);
    expect(await topicExists(mayNot)).toBe(true);
  });
});
