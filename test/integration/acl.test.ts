import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, sharedCluster, uniqueName } from '../helpers/cli.js';
import { independentKafka } from '../helpers/groups.js';
import { adminProperties, clientProperties, kafkaTool } from '../helpers/kafka-tools.js';
import { endOffsets } from '../helpers/read-back.js';

interface BindingJson {
  principal: string;
  host: string;
  operation: string;
  permission: string;
  resourceType: string;
  resourceName: string;
  patternType: string;
}

/** A fresh SCRAM user (made with sofakafka) and its Java client properties. */
async function newUser(prefix: string) {
  const name = uniqueName(prefix);
  const password = `${name}-pw`;
  expect((await cli(['user', 'create', name, '--password-stdin'], { stdin: password })).code).toBe(0);
  const passwordFile = join(sharedCluster().dir, `${name}.pw`);
  writeFileSync(passwordFile, password);
  return { name, password, principal: `User:${name}`, properties: clientProperties(sharedCluster().dir, name, password), asUser: ['--username', name, '--password-file', passwordFile] };
}

/**
 * Kafka's console producer as that user. Its exit code is 0 even when a send fails (the failure is
 * only logged, on stderr), so callers look at the log (both streams) and at the topic.
 */
async function javaProduce(properties: string, topic: string, lines: string[]) {
  const result = await kafkaTool('org.apache.kafka.tools.ConsoleProducer', ['--bootstrap-server', sharedCluster().bootstrap, '--command-config', properties, '--topic', topic], { stdin: `${lines.join('\n')}\n` });
  return { ...result, log: `${result.stdout}\n${result.stderr}` };
}

/** How many messages the topic holds, by the log end offsets an independent kafkajs admin reads. */
const storedCount = async (topic: string) => (await endOffsets(independentKafka('acl-tests'), topic)).reduce((sum, end) => sum + end, 0);
const bindingsOf = async (principal: string) => (await cli(['acl', 'list', '--principal', principal, '-o', 'json'])).json<BindingJson[]>();
const JVM_TEST_TIMEOUT = 180_000; // several JVM starts on a busy 2-core machine
const shortly = (b: BindingJson) => `${b.permission} ${b.operation} ${b.resourceType}:${b.patternType}:${b.resourceName}`;

describe('ACLs are enforced as listed (checked with Kafka\'s Java producer and consumer)', () => {
  it('produce is denied before acl add, allowed after, and denied again after acl remove', async () => {
    const user = await newUser('writer');
    const topic = uniqueName('acl-topic');
    await cli(['topic', 'create', topic]);

    const before = await javaProduce(user.properties, topic, ['m1']);
    expect(before.log).toContain('TopicAuthorizationException');
    expect(await storedCount(topic)).toBe(0);

    expect((await cli(['acl', 'add', '--allow', user.principal, '--operation', 'Write', '--topic', topic])).code).toBe(0);
    const allowed = await javaProduce(user.properties, topic, ['m2']);
    expect(allowed.log).not.toContain('AuthorizationException');
    expect(await storedCount(topic)).toBe(1);

    const unconfirmed = await cli(['acl', 'remove', '--principal', user.principal, '--topic', topic]);
    expect(unconfirmed.code).toBe(2);
    expect(unconfirmed.stdout).toContain(topic); // the matching bindings were shown
    expect(await bindingsOf(user.principal)).toHaveLength(1);
    const removed = await cli(['acl', 'remove', '--principal', user.principal, '--topic', topic, '--yes', '-o', 'json']);
    expect(removed.code).toBe(0);
    expect(removed.json<BindingJson[]>().map(shortly)).toEqual([`Allow Write Topic:Literal:${topic}`]);
    const after = await javaProduce(user.properties, topic, ['m3']);
    expect(after.log).toContain('TopicAuthorizationException');
    expect(await storedCount(topic)).toBe(1);
    expect((await cli(['acl', 'remove', '--principal', user.principal, '--yes'])).code).toBe(3);
  }, JVM_TEST_TIMEOUT);

  it('--producer on the prefix orders- covers orders-eu and not payments', async () => {
    const user = await newUser('prefixed');
    const prefix = `${uniqueName('orders')}-`;
    const [covered, other] = [`${prefix}eu`, uniqueName('payments')];
    await cli(['topic', 'create', covered, other]);
    expect((await cli(['acl', 'add', '--allow', user.principal, '--producer', '--topic', prefix, '--pattern', 'prefixed'])).code).toBe(0);
    expect((await bindingsOf(user.principal)).map(shortly)).toEqual(['Create', 'Describe', 'Write'].map((op) => `Allow ${op} Topic:Prefixed:${prefix}`));
    const [toCovered, toOther] = await Promise.all([javaProduce(user.properties, covered, ['a', 'b']), javaProduce(user.properties, other, ['c'])]);
    expect(toCovered.log).not.toContain('AuthorizationException');
    expect(toOther.log).toContain('TopicAuthorizationException');
    expect([await storedCount(covered), await storedCount(other)]).toEqual([2, 0]);
  }, JVM_TEST_TIMEOUT);

  it('--producer and --consumer --group grant exactly what Kafka\'s console producer and a consumer in a group need', async () => {
    const user = await newUser('pipeline');
    const [topic, group] = [uniqueName('flow'), uniqueName('flow-group')];
    await cli(['topic', 'create', topic]);
    expect((await cli(['acl', 'add', '--allow', user.principal, '--producer', '--consumer', '--topic', topic, '--group', group])).code).toBe(0);
    expect((await bindingsOf(user.principal)).map(shortly)).toEqual([
      `Allow Read Group:Literal:${group}`,
      ...['Create', 'Describe', 'Read', 'Write'].map((op) => `Allow ${op} Topic:Literal:${topic}`),
    ]);
    await javaProduce(user.properties, topic, ['one', 'two']);
    const consumed = await kafkaTool('org.apache.kafka.tools.consumer.ConsoleConsumer', [
      '--bootstrap-server', sharedCluster().bootstrap, '--command-config', user.properties,
      '--topic', topic, '--group', group, '--from-beginning', '--max-messages', '2', '--timeout-ms', '30000',
    ]);
    expect(`${consumed.stdout}${consumed.stderr}`).not.toContain('AuthorizationException');
    expect(consumed.stdout.trim().split('\n')).toEqual(['one', 'two']);
  }, JVM_TEST_TIMEOUT);
});

describe('acl add --deny is enforced (checked by an independent kafkajs client logging in as the user)', () => {
  it('a Deny on Write beats the Allow the user had: its producer is refused and the topic gains nothing; its reads stay allowed', async () => {
    const user = await newUser('denied');
    const topic = uniqueName('deny-topic');
    expect((await cli(['topic', 'create', topic])).code).toBe(0);
    expect((await cli(['acl', 'add', '--allow', user.principal, '--operation', 'Describe,Write,Read', '--topic', topic])).code).toBe(0);
    const asUser = independentKafka('acl-deny-tests', { username: user.name, password: user.password });
    const send = async (value: string) => {
      const producer = asUser.producer({ retry: { retries: 0 } });
      await producer.connect();
      try {
        await producer.send({ topic, acks: -1, messages: [{ value }] });
        return 'sent';
      } catch (error) {
        return (error as { type?: string }).type ?? String(error);
      } finally {
        await producer.disconnect();
      }
    };
    expect(await send('before-deny')).toBe('sent');
    expect(await storedCount(topic)).toBe(1);

    const denied = await cli(['acl', 'add', '--deny', user.principal, '--operation', 'Write', '--topic', topic, '-o', 'json']);
    expect(denied.code, denied.stderr).toBe(0);
    expect((await bindingsOf(user.principal)).map(shortly)).toContain(`Deny Write Topic:Literal:${topic}`);
    expect(await send('after-deny')).toBe('TOPIC_AUTHORIZATION_FAILED');
    expect(await storedCount(topic)).toBe(1);

    // Only Write was denied: the user still reads the topic's offsets (Describe) as before.
    const userAdmin = asUser.admin();
    await userAdmin.connect();
    try {
      expect((await userAdmin.fetchTopicOffsets(topic)).map((p) => p.high)).toEqual(['1']);
    } finally {
      await userAdmin.disconnect();
    }
  });
});

describe('acl list', () => {
  it('shows the same bindings as Kafka\'s own AclCommand, with stable JSON field names', async () => {
    const principal = `User:${uniqueName('listed')}`;
    const topic = uniqueName('listed-topic');
    await cli(['acl', 'add', '--allow', principal, '--operation', 'Read,Describe', '--topic', topic, '--group', `g-${topic}`]);
    await cli(['acl', 'add', '--allow', principal, '--operation', 'Write', '--topic', 'logs-', '--pattern', 'prefixed', '--transactional-id', 'tx-1']);
    await cli(['acl', 'add', '--deny', principal, '--operation', 'Alter', '--cluster', '--host', '10.0.0.7']);
    const ours = await bindingsOf(principal);
    for (const binding of ours) expect(Object.keys(binding).sort()).toEqual(['host', 'operation', 'patternType', 'permission', 'principal', 'resourceName', 'resourceType']);
    expect(ours).toHaveLength(7);

    const theirs = await kafkaTool('org.apache.kafka.tools.AclCommand', ['--bootstrap-server', sharedCluster().bootstrap, '--command-config', adminProperties(), '--list', '--principal', principal]);
    expect(theirs.code).toBe(0);
    const parsed: string[] = [];
    let resource = '';
    for (const line of theirs.stdout.split('\n')) {
      const header = /resourceType=(\w+), name=(.*), patternType=(\w+)\)`/.exec(line);
      if (header) resource = `${header[1]}:${header[3]}:${header[2]}`;
      const acl = /\(principal=(.*), host=(.*), operation=(\w+), permissionType=(\w+)\)/.exec(line);
      if (acl) parsed.push(`${acl[1]} ${acl[2]} ${acl[4]} ${acl[3]} ${resource}`);
    }
    const snake = (value: string) => value.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase();
    const mine = ours.map((b) => `${b.principal} ${b.host} ${snake(b.permission)} ${snake(b.operation)} ${snake(b.resourceType)}:${snake(b.patternType)}:${b.resourceName}`);
    expect(mine.sort()).toEqual(parsed.sort());
  }, JVM_TEST_TIMEOUT);
});

describe('bad input and missing rights change nothing', () => {
  it.each([
    [['--allow', 'alice', '--operation', 'Write', '--topic', 't'], 'principal "alice" must be User:NAME'],
    [['--allow', 'User:x', '--operation', 'Fly', '--topic', 't'], 'unknown ACL operation "Fly"'],
    // An unknown resource type is an unknown flag: commander says so, and suggests the flag meant.
    [['--allow', 'User:x', '--operation', 'Write', '--topix', 't'], "unknown option '--topix'\n(Did you mean --topic?)"],
    [['--allow', 'User:x', '--operation', 'Read', '--cluster'], 'operation Read does not apply to a Cluster resource'],
    [['--allow', 'User:x', '--operation', 'Write', '--topic', 't', '--pattern', 'glob'], 'unknown --pattern "glob"'],
    [['--allow', 'User:x', '--consumer', '--topic', 't'], '--consumer needs --group'],
    [['--allow', 'User:x', '--topic', 't'], 'no operation'],
  ])('acl add %j is exit 2 and adds nothing', async (args, message) => {
    const before = (await cli(['acl', 'list', '-o', 'json'])).json();
    const result = await cli(['acl', 'add', ...args]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect((await cli(['acl', 'list', '-o', 'json'])).json()).toEqual(before);
  });

  it('a caller who is not an admin gets exit 5 naming its principal and the operation, and nothing changes', async () => {
    const user = await newUser('nobody');
    const added = await cli(['acl', 'add', '--allow', user.principal, '--operation', 'All', '--topic', '*', ...user.asUser]);
    expect(added.code).toBe(5);
    expect(added.stderr).toContain(`${user.principal} is not allowed to Alter the cluster`);
    const listed = await cli(['acl', 'list', ...user.asUser]);
    expect(listed.code).toBe(5);
    expect(listed.stderr).toContain(`${user.principal} is not allowed to Describe the cluster`);
    expect(await bindingsOf(user.principal)).toEqual([]);
  });
});
