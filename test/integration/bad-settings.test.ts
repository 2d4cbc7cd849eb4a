import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, clusterEnv, sharedCluster, uniqueName } from '../helpers/cli.js';
import { committed, independentKafka, topicExists } from '../helpers/groups.js';
import { plainKafka, produce } from '../helpers/query-kafka.js';
import { endOffsets } from '../helpers/read-back.js';

const dir = mkdtempSync(join(tmpdir(), 'sofakafka-bad-'));
const file = (name: string, content: string | Buffer) => {
  const path = join(dir, name);
  writeFileSync(path, content, { mode: 0o600 });
  return path;
};


/** Wrong settings are errors with one line and the right code, never a silent fallback to another identity. */
describe('settings that are wrong', () => {
  it('--command-config of random bytes, or with a garbage sasl.jaas.config, is exit 2 and never logs in as the context admin', async () => {
    for (const config of [
      file('random.properties', randomBytes(512)),
      file('garbage-jaas.properties', 'security.protocol=SASL_PLAINTEXT\nsasl.mechanism=SCRAM-SHA-512\nsasl.jaas.config=garbage\n'),
      file('no-jaas.properties', 'security.protocol=SASL_PLAINTEXT\nsasl.mechanism=SCRAM-SHA-512\n'),
    ]) {
      const topic = uniqueName('cc');
      const result = await cli(['topic', 'create', topic, '--command-config', config]);
      expect({ config, code: result.code }).toEqual({ config, code: 2 });
      expect(result.stderr.split('\n')[0]).toMatch(/^error: --command-config/);
      expect(await topicExists(topic)).toBe(false);
    }
  });

  it('a PLAINTEXT --command-config does not borrow the context\'s SASL login', async () => {
    const topic = uniqueName('cc-plain');
    const config = file('plain.properties', `bootstrap.servers=${sharedCluster().bootstrap}\nsecurity.protocol=PLAINTEXT\n`);
    const result = await cli(['topic', 'create', topic, '--command-config', config, '--timeout', '5s']);
    expect(result.code).not.toBe(0);
    expect(await topicExists(topic)).toBe(false);
  });

  it('-b "" is an error, not the context', async () => {
    const result = await cli(['topic', 'list', '-b', '']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('-b/--bootstrap-server is empty');
  });

  it('context add refuses a port out of range, a missing password file, an empty rack; local up a bad context name', async () => {
    const env = clusterEnv({ SOFAKAFKA_CONFIG: join(dir, 'contexts.yaml') });
    const cases: Array<[string[], RegExp]> = [
      [['context', 'add', 'x', '-b', '127.0.0.1:99999'], /not a HOST:PORT/],
      [['context', 'add', 'x', '-b', '127.0.0.1:9092', '--username', 'u', '--password-file', join(dir, 'missing')], /cannot read password file .*no such file/],
      [['context', 'add', 'x', '-b', '127.0.0.1:9092', '--rack', ''], /--rack "" is not a rack name/],
      [['local', 'up', '--context-name', 'bad name', '--dir', join(dir, 'never')], /--context-name "bad name"/],
    ];
    for (const [argv, message] of cases) {
      const result = await cli(argv, { env });
      expect({ argv, code: result.code }).toEqual({ argv, code: 2 });
      expect(result.stderr).toMatch(message);
    }
    expect((await cli(['context', 'list', '-o', 'json'], { env })).json()).toEqual([]);
  });

  it('a file that is not there is exit 2 whichever flag names it; --export into a missing folder changes nothing', async () => {
    const missing = join(dir, 'nope', 'x');
    const topic = uniqueName('files');
    expect((await cli(['topic', 'create', topic])).code).toBe(0);
    for (const argv of [
      ['msg', 'send', '-t', topic, '--file', missing],
      ['offset', 'reset', 'g', '-t', topic, '--from-file', missing, '--execute'],
      ['topic', 'list', '--username', 'admin', '--password-file', missing],
      ['user', 'create', uniqueName('u'), '--new-password-file', missing],
    ]) {
      const result = await cli(argv);
      expect({ argv, code: result.code }).toEqual({ argv, code: 2 });
    }
    const group = uniqueName('export-group');
    await produce(plainKafka('bad-settings'), topic, [{ value: 'a' }, { value: 'b' }]);
    expect((await cli(['offset', 'reset', group, '-t', topic, '--to-latest', '--new-group', '--execute'])).code).toBe(0);
    const result = await cli(['offset', 'reset', group, '-t', topic, '--to-earliest', '--export', missing, '--execute']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--export .*cannot write it .*nothing was changed/);
    expect(await committed(independentKafka('bad-settings'), group, topic)).toEqual({ 0: 2 });
  });

  it('names starting with "__" are Kafka\'s: refused without --internal-name, nothing created', async () => {
    const result = await cli(['topic', 'create', '__consumer_offsets_typo']);
    expect(result.code).toBe(2);
    expect(await topicExists('__consumer_offsets_typo')).toBe(false);
  });

  it('a hint fits its flag: a --header that is not KEY=VALUE is shown a header, not a topic config; nothing is sent', async () => {
    const topic = uniqueName('bad-header');
    expect((await cli(['topic', 'create', topic])).code).toBe(0);
    const result = await cli(['msg', 'send', '-t', topic, '-H', 'trace-id', 'hello']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: --header "trace-id" is not KEY=VALUE\nhint: for example --header [a-z-]+=/);
    expect(result.stderr).not.toContain('retention.ms');
    expect(await endOffsets(independentKafka('bad-header'), topic)).toEqual([0]);
  });

  it('PLAIN against a SCRAM-only listener, and a login to the controller port, are authentication failures (exit 4)', async () => {
    const password = file('admin-pw', `${sharedCluster().adminPassword}\n`);
    const plain = await cli(['topic', 'list', '--sasl-mechanism', 'plain', '--username', 'admin', '--password-file', password, '--timeout', '10s']);
    expect(plain.code).toBe(4);
    expect(plain.stderr).toMatch(/scram/i);
    const controller = `127.0.0.1:${sharedCluster().basePort + 1}`;
    const toController = await cli(['topic', 'list', '-b', controller, '--sasl-mechanism', 'scram-sha-512', '--username', 'admin', '--password-file', password, '--timeout', '10s']);
    expect(toController.code).toBe(4);
  });
});
