import kafkajs from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { cli, uniqueName, sharedCluster } from '../helpers/cli.js';
import { committed, independentKafka } from '../helpers/groups.js';
import { adminProperties, kafkaTool } from '../helpers/kafka-tools.js';
import { endOffsets, listTopicNames } from '../helpers/read-back.js';

const theirTopicNames = () => listTopicNames(independentKafka('topic-tests'));
const topicNames = async () => (await cli(['topic', 'list', '-o', 'json'])).json<Array<{ name: string }>>().map((t) => t.name);

describe('topic create', () => {
  it('creates a topic with 3-day retention that Kafka\'s own kafka-topics describes the same way', async () => {
    const name = uniqueName('orders');
    const created = await cli(['topic', 'create', name, '--partitions', '6', '-o', 'json']);
    expect(created.code).toBe(0);
    expect(created.json()).toEqual([{ name, status: 'created', partitions: 6, replicationFactor: 1, error: null }]);

    const theirs = await kafkaTool('org.apache.kafka.tools.TopicCommand', ['--bootstrap-server', sharedCluster().bootstrap, '--command-config', adminProperties(), '--describe', '--topic', name]);
    expect(theirs.stdout).toContain('PartitionCount: 6');
    expect(theirs.stdout).toContain('retention.ms=259200000');
  });

  it('new topics are served by their leaders when create returns: a kafkajs producer writing every partition at once stores each message once', async () => {
    // Metadata names a leader before the broker serves the partition; kafkajs then retries the
    // whole produce request and writes the partitions that had succeeded twice.
    const names = Array.from({ length: 10 }, () => uniqueName('ready'));
    const created = await cli(['topic', 'create', ...names, '--partitions', '3']);
    expect(created.code, created.stderr).toBe(0);
    const kafka = independentKafka('topic-ready-tests');
    const producer = kafka.producer({ allowAutoTopicCreation: false });
    await producer.connect();
    try {
      await producer.sendBatch({ acks: -1, topicMessages: names.map((topic) => ({ topic, messages: [0, 1, 2].map((partition) => ({ partition, value: `${topic}/${partition}` })) })) });
    } finally {
      await producer.disconnect();
    }
    for (const name of names) expect(await endOffsets(kafka, name)).toEqual([1, 1, 1]);
  });

  it('an existing topic is an error unless --if-not-exists, and stays as it was', async () => {
    const name = uniqueName('exists');
    expect((await cli(['topic', 'create', name, '-p', '2'])).code).toBe(0);
    const again = await cli(['topic', 'create', name, '-p', '5']);
    expect(again.code).toBe(7);
    expect(again.stderr).toContain('already exists');
    expect((await cli(['topic', 'create', name, '-p', '5', '--if-not-exists'])).code).toBe(0);
    const described = (await cli(['topic', 'describe', name, '-o', 'json'])).json<Array<{ partitionCount: number }>>()[0]!;
    expect(described.partitionCount).toBe(2);
  });

  it.each([
    [['bad name'], 'contains " "'],
    [['x'.repeat(250)], 'at most 249'],
    [['..'], 'not a legal topic name'],
    [['ok-name', '--partitions', '0'], '--partitions "0"'],
    [['ok-name', '--partitions', '-1'], '--partitions "-1"'],
    [['ok-name', '--partitions', 'abc'], '--partitions "abc"'],
    [['ok-name', '--config', 'novalue'], 'is not KEY=VALUE'],
  ])('rejects bad input %j with exit 2 and creates nothing', async (args, message) => {
    const before = await topicNames();
    const result = await cli(['topic', 'create', ...args]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr.trim().split('\n').length).toBeLessThanOrEqual(2);
    expect(await topicNames()).toEqual(before);
  });

  it('a replication factor above the broker count or a bad value is rejected by the cluster (exit 7) in Kafka\'s own words, an unknown config key locally (exit 2); nothing created', async () => {
    const tooMany = uniqueName('rf');
    const rf = await cli(['topic', 'create', tooMany, '--replication-factor', '3']);
    expect(rf.code).toBe(7);
    // The broker's error_message, not only the error code's generic "Replication-factor is invalid".
    expect(rf.stderr).toMatch(/replication factor of 3 cannot be reached because only 1 broker\(s\) are registered/);
    const unknown = uniqueName('cfg');
    const cfg = await cli(['topic', 'create', unknown, '--config', 'retention.mss=1']);
    expect(cfg.code).toBe(2);
    expect(cfg.stderr).toContain('unknown topic config "retention.mss"');
    expect(cfg.stderr).toContain('did you mean retention.ms?');
    const bad = uniqueName('val');
    const val = await cli(['topic', 'create', bad, '--config', 'retention.ms=soon']);
    expect(val.code).toBe(7);
    expect(val.stderr).toContain('Invalid value soon for configuration retention.ms');
    const names = await topicNames();
    expect(names).not.toContain(tooMany);
    expect(names).not.toContain(unknown);
    expect(names).not.toContain(bad);
  });
});

describe('topic alter', () => {
  it('changes only the config it names: a second dynamic config survives', async () => {
    const name = uniqueName('alter');
    await cli(['topic', 'create', name, '-c', 'segment.ms=600000', '-c', 'max.message.bytes=2000000']);
    const altered = await cli(['topic', 'alter', name, '-c', 'segment.ms=700000']);
    expect(altered.code).toBe(0);
    const theirs = await kafkaTool('kafka.admin.ConfigCommand', ['--bootstrap-server', sharedCluster().bootstrap, '--command-config', adminProperties(), '--describe', '--entity-type', 'topics', '--entity-name', name]);
    expect(theirs.stdout).toContain('segment.ms=700000');
    expect(theirs.stdout).toContain('max.message.bytes=2000000');
    expect(theirs.stdout).toContain('retention.ms=259200000');
  });

  it('--delete-config returns a config to its default and leaves the rest', async () => {
    const name = uniqueName('alterdel');
    await cli(['topic', 'create', name, '-c', 'segment.ms=600000']);
    expect((await cli(['topic', 'alter', name, '-d', 'segment.ms'])).code).toBe(0);
    const configs = (await cli(['topic', 'describe', name, '-o', 'json'])).json<Array<{ configs: Array<{ name: string; value: string }> }>>()[0]!.configs;
    expect(configs.map((c) => c.name)).not.toContain('segment.ms');
    expect(configs.find((c) => c.name === 'retention.ms')?.value).toBe('259200000');
  });

  it('a bad value is rejected and nothing changes', async () => {
    const name = uniqueName('alterbad');
    await cli(['topic', 'create', name, '-c', 'segment.ms=600000']);
    const result = await cli(['topic', 'alter', name, '-c', 'segment.ms=never', '-c', 'retention.ms=1000']);
    expect(result.code).toBe(7);
    expect(result.stderr).toContain('Invalid value never for configuration segment.ms');
    const configs = (await cli(['topic', 'describe', name, '-o', 'json'])).json<Array<{ configs: Array<{ name: string; value: string }> }>>()[0]!.configs;
    expect(configs.find((c) => c.name === 'segment.ms')?.value).toBe('600000');
    expect(configs.find((c) => c.name === 'retention.ms')?.value).toBe('259200000');
  });

  it('an unknown topic is exit 3', async () => {
    const result = await cli(['topic', 'alter', uniqueName('nope'), '-c', 'segment.ms=1000']);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('does not exist');
  });
});

describe('topic add-partitions, describe, list and delete', () => {
  it('grows a topic, and describe shows offsets and message counts from the log', async () => {
    const name = uniqueName('grow');
    await cli(['topic', 'create', name, '-p', '2']);
    expect((await cli(['topic', 'add-partitions', name, '--partitions', '4'])).code).toBe(0);
    const shrink = await cli(['topic', 'add-partitions', name, '--partitions', '3']);
    expect(shrink.code).toBe(2);
    expect(shrink.stderr).toContain('only grow');
    await kafkaTool('org.apache.kafka.tools.ConsoleProducer', ['--bootstrap-server', sharedCluster().bootstrap, '--producer.config', adminProperties(), '--topic', name, '--property', 'parse.key=true'], { stdin: 'a\t1\nb\t2\nc\t3\n' });
    const described = (await cli(['topic', 'describe', name, '-o', 'json'])).json<Array<{ partitionCount: number; messages: number; partitions: Array<{ latestOffset: number; leader: number; isr: number[] }> }>>()[0]!;
    expect(described.partitionCount).toBe(4);
    expect(described.messages).toBe(3);
    expect(described.partitions.reduce((sum, p) => sum + p.latestOffset, 0)).toBe(3);
    expect(described.partitions.every((p) => p.leader === 1 && p.isr.length === 1)).toBe(true);
  });

  it('list filters by glob and hides internal topics unless asked', async () => {
    const prefix = uniqueName('lst');
    await cli(['topic', 'create', `${prefix}-a`, `${prefix}-b`]);
    const listed = (await cli(['topic', 'list', `${prefix}-*`, '-o', 'json'])).json<Array<{ name: string; partitions: number; replicationFactor: number; internal: boolean }>>();
    expect(listed).toEqual([
      { name: `${prefix}-a`, partitions: 1, replicationFactor: 1, internal: false },
      { name: `${prefix}-b`, partitions: 1, replicationFactor: 1, internal: false },
    ]);
    // Finding a group coordinator makes the broker create __consumer_offsets, if no suite has yet
    // (committed() waits out the NOT_COORDINATOR a fresh cluster answers meanwhile).
    await committed(independentKafka('topic-list-tests'), uniqueName('internal'), `${prefix}-a`);
    const internalNames = async () => (await cli(['topic', 'list', '--internal', '-o', 'json'])).json<Array<{ name: string; internal: boolean }>>();
    let all = await internalNames();
    for (let i = 0; i < 50 && !all.some((t) => t.name === '__consumer_offsets'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      all = await internalNames();
    }
    expect(all.find((t) => t.name === '__consumer_offsets')?.internal).toBe(true);
    const plain = await cli(['topic', 'list', '-o', 'json']);
    expect(plain.json<Array<{ name: string }>>().map((t) => t.name)).not.toContain('__consumer_offsets');
  });

  it('delete by glob needs --yes off a terminal; with it, exactly the matches go', async () => {
    const prefix = uniqueName('del');
    const keep = uniqueName('keep');
    await cli(['topic', 'create', `${prefix}-1`, `${prefix}-2`, keep]);
    const refused = await cli(['topic', 'delete', `${prefix}-*`]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--yes');
    expect(await topicNames()).toContain(`${prefix}-1`);
    const deleted = await cli(['topic', 'delete', `${prefix}-*`, '--yes', '-o', 'json']);
    expect(deleted.code).toBe(0);
    expect(deleted.json()).toEqual([{ name: `${prefix}-1`, status: 'deleted', error: null }, { name: `${prefix}-2`, status: 'deleted', error: null }]);
    const theirs = await kafkaTool('org.apache.kafka.tools.TopicCommand', ['--bootstrap-server', sharedCluster().bootstrap, '--command-config', adminProperties(), '--list']);
    expect(theirs.stdout).not.toContain(`${prefix}-1`);
    expect(theirs.stdout).toContain(keep);
  });

  it('deleting a name that does not exist deletes nothing, even the names that do', async () => {
    const real = uniqueName('real');
    await cli(['topic', 'create', real]);
    const result = await cli(['topic', 'delete', real, uniqueName('ghost'), '--yes']);
    expect(result.code).toBe(3);
    expect(await topicNames()).toContain(real);
  });
});

describe('-o json field names are a contract', () => {
  it('topic describe, alter and add-partitions keep their documented fields', async () => {
    const name = uniqueName('shape');
    await cli(['topic', 'create', name, '-p', '1']);
    const described = (await cli(['topic', 'describe', name, '-o', 'json'])).json<Array<Record<string, unknown> & { partitions: Array<Record<string, unknown>>; configs: Array<Record<string, unknown>> }>>()[0]!;
    expect(Object.keys(described)).toEqual(['name', 'internal', 'partitionCount', 'replicationFactor', 'messages', 'configs', 'partitions']);
    expect(Object.keys(described.partitions[0]!)).toEqual(['partition', 'leader', 'replicas', 'isr', 'offlineReplicas', 'earliestOffset', 'latestOffset', 'messages']);
    expect(Object.keys(described.configs[0]!)).toEqual(['name', 'value', 'source', 'isDefault', 'sensitive', 'readOnly']);
    const altered = (await cli(['topic', 'alter', name, '-c', 'segment.ms=600000', '-o', 'json'])).json<Record<string, unknown>>();
    expect(Object.keys(altered)).toEqual(['name', 'dryRun', 'set', 'deleted', 'configs']);
    expect(altered.set).toEqual({ 'segment.ms': '600000' });
    const grown = (await cli(['topic', 'add-partitions', name, '--add', '2', '-o', 'json'])).json();
    expect(grown).toEqual({ name, previousPartitions: 1, partitions: 3, dryRun: false });
    const other = uniqueName('shape2');
    await cli(['topic', 'create', other]);
    const several = (await cli(['topic', 'describe', name, other, '-o', 'json'])).json<Array<{ name: string }>>();
    expect(several.map((t) => t.name)).toEqual([name, other]);
    const twice = await cli(['topic', 'describe', name, name, '-o', 'json']);
    expect(twice.code).toBe(0);
  });

  it('dry runs are validated by the cluster and change nothing (checked with an independent kafkajs admin)', async () => {
    const name = uniqueName('dry');
    const create = await cli(['topic', 'create', name, '--dry-run', '-o', 'json']);
    expect(create.code).toBe(0);
    expect(create.json()).toEqual([{ name, status: 'valid', partitions: 1, replicationFactor: 1, error: null }]);
    expect(await theirTopicNames()).not.toContain(name);
    expect((await cli(['topic', 'create', name])).code).toBe(0);

    const alter = await cli(['topic', 'alter', name, '-c', 'segment.ms=600000', '--dry-run', '-o', 'json']);
    expect(alter.code, alter.stderr).toBe(0);
    expect(alter.json()).toMatchObject({ name, dryRun: true, set: { 'segment.ms': '600000' } });
    // The cluster does the validating: a value it refuses fails the dry run too.
    const refused = await cli(['topic', 'alter', name, '-c', 'segment.ms=never', '--dry-run']);
    expect(refused.code).toBe(7);
    const grow = await cli(['topic', 'add-partitions', name, '--add', '1', '--dry-run', '-o', 'json']);
    expect(grow.code, grow.stderr).toBe(0);
    expect(grow.json()).toEqual({ name, previousPartitions: 1, partitions: 2, dryRun: true });

    const admin = independentKafka('topic-dry-run-tests').admin();
    await admin.connect();
    try {
      const { topics } = await admin.fetchTopicMetadata({ topics: [name] });
      expect(topics[0]!.partitions).toHaveLength(1);
      const { resources } = await admin.describeConfigs({ resources: [{ type: kafkajs.ConfigResourceTypes.TOPIC, name }], includeSynonyms: false });
      const configs = Object.fromEntries(resources[0]!.configEntries.map((c) => [c.configName, c]));
      // Still Kafka's default (7 days), not the 600000 the dry run named.
      expect(configs['segment.ms']).toMatchObject({ configValue: '604800000', isDefault: true });
    } finally {
      await admin.disconnect();
    }
  });
});
