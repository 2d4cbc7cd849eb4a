import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Admin, IHeaders, Kafka } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { cli, clusterEnv, sharedCluster, uniqueName } from '../helpers/cli.js';
import { committed, independentKafka } from '../helpers/groups.js';

/**
 * LDC unit addressing against the real cluster (whitepaper 5.5): logical names become NS.CELL.NAME,
 * senders stamp __UNIT.* headers, subscriptions filter on them. Every claim is checked with a kafkajs
 * client of the test's own, not with sofakafka's readers.
 */
const kafka: Kafka = independentKafka('ldc-units-tests');
/**
 * A fresh admin per question: a kafkajs admin keeps refreshing metadata for every topic it has
 * looked at, and fails once one of them is deleted (as the delete test does).
 */
async function ask<T>(question: (admin: Admin) => Promise<T>): Promise<T> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return await question(admin);
  } finally {
    await admin.disconnect();
  }
}

interface Read { value: string; headers: Record<string, string> }

/** Everything on a physical topic, read from the start by an independent consumer. */
async function readAll(topic: string, expected: number): Promise<Read[]> {
  const consumer = kafka.consumer({ groupId: uniqueName('ldc-reader'), sessionTimeout: 10_000, heartbeatInterval: 500 });
  const received: Read[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => {
      received.push({ value: message.value?.toString() ?? '', headers: textHeaders(message.headers) });
    } });
    for (let i = 0; i < 100 && received.length < expected; i++) await new Promise((resolve) => setTimeout(resolve, 200));
    await new Promise((resolve) => setTimeout(resolve, 500)); // and nothing more than expected
  } finally {
    await consumer.disconnect();
  }
  return received;
}

const textHeaders = (headers: IHeaders | undefined) => Object.fromEntries(Object.entries(headers ?? {}).map(([k, v]) => [k, String(v)]));
const endOffset = async (topic: string) => (await ask((admin) => admin.fetchTopicOffsets(topic))).reduce((sum, p) => sum + Number(p.high), 0);
const ndjson = (stdout: string) => (stdout.trim() ? stdout.trim().split('\n').map((l) => JSON.parse(l) as { value: string; topic: string; headers: Record<string, string> }) : []);

describe('LDC units: the whitepaper example, as far as addressing goes', () => {
  const ns = uniqueName('ANT');
  const unit = ['--ns', ns, '--cell', 'CELL1'];
  const t1 = (cell: string) => `${ns}.${cell}.T1`;

  it('topic create --cells creates every cell\'s physical topic with the same partition count', async () => {
    const created = await cli(['topic', 'create', 'T1', '--ns', ns, '--cells', 'CELL1,CELL2', '-p', '3', '-o', 'json']);
    expect(created.code, created.stderr).toBe(0);
    expect(created.json()).toEqual([
      { name: t1('CELL1'), status: 'created', partitions: 3, replicationFactor: 1, error: null, ns, cell: 'CELL1', logicalName: 'T1' },
      { name: t1('CELL2'), status: 'created', partitions: 3, replicationFactor: 1, error: null, ns, cell: 'CELL2', logicalName: 'T1' },
    ]);
    const { topics } = await ask((admin) => admin.fetchTopicMetadata({ topics: [t1('CELL1'), t1('CELL2')] }));
    expect(topics.map((t) => [t.name, t.partitions.length]).sort()).toEqual([[t1('CELL1'), 3], [t1('CELL2'), 3]]);
    const described = (await cli(['topic', 'describe', 'T1', '--ns', ns, '--cells', 'CELL1,CELL2', '-o', 'json'])).json<Array<{ name: string; logicalName: string; partitionCount: number }>>();
    expect(described.map((d) => [d.name, d.logicalName, d.partitionCount])).toEqual([[t1('CELL1'), 'T1', 3], [t1('CELL2'), 'T1', 3]]);
  });

  it('CELL1 sends T1 with --target-r CELL2: the message is on ANT.CELL1.T1 with the __UNIT headers, and nowhere else', async () => {
    const sent = await cli(['msg', 'send', '-t', 'T1', ...unit, '--target-r', 'CELL2', '--key', 'bill-42', 'bill for CELL2', '-o', 'json']);
    expect(sent.code, sent.stderr).toBe(0);
    expect(sent.json<Array<{ topic: string }>>()[0]!.topic).toBe(t1('CELL1'));
    const [message, ...more] = await readAll(t1('CELL1'), 1);
    expect(more).toEqual([]);
    expect(message!.value).toBe('bill for CELL2');
    expect(message!.headers).toMatchObject({ '__UNIT.ORIUNIT': 'CELL1', '__UNIT.TARGET_R': 'CELL2' });
    expect(message!.headers['__UNIT.TARGET_G']).toBeUndefined();
    expect(await endOffset(t1('CELL2'))).toBe(0); // copying to CELL2 is the router's job
  });

  it('a Local consumer in CELL1 receives it; an RZone consumer in CELL1 does not, and its group commits past it', async () => {
    const local = await cli(['msg', 'consume', '-t', 'T1', '-g', 'G1', ...unit, '--subscription', 'local', '--from', 'beginning', '--idle-timeout', '3s', '-o', 'ndjson']);
    expect(local.code, local.stderr).toBe(0);
    expect(ndjson(local.stdout).map((r) => [r.topic, r.value])).toEqual([[t1('CELL1'), 'bill for CELL2']]);

    const rzone = await cli(['msg', 'consume', '-t', 'T1', '-g', 'G2', ...unit, '--subscription', 'rzone', '--from', 'beginning', '--idle-timeout', '3s', '-o', 'ndjson']);
    expect(rzone.code, rzone.stderr).toBe(0);
    expect(ndjson(rzone.stdout)).toEqual([]);
    expect(rzone.stderr).toContain('1 not for CELL1 (rzone) skipped and committed past');

    // The groups are physical, and both have moved past the message (read, or not for this cell).
    const offsets = await ask((admin) => admin.fetchTopicOffsets(t1('CELL1')));
    const end = Object.fromEntries(offsets.map((p) => [p.partition, Number(p.high)]));
    for (const group of [`${ns}.CELL1.G1`, `${ns}.CELL1.G2`]) {
      const byPartition = await committed(kafka, group, t1('CELL1'));
      for (const [partition, high] of Object.entries(end)) if (high > 0) expect(byPartition[Number(partition)], group).toBe(high);
    }
  });

  it('msg query --subscription filters like its other filters', async () => {
    const query = (subscription: string) => cli(['msg', 'query', '-t', 'T1', ...unit, '--subscription', subscription, '-o', 'json']);
    const local = (await query('local')).json<{ topic: string; messages: Array<{ value: string }> }>();
    expect(local.topic).toBe(t1('CELL1'));
    expect(local.messages.map((m) => m.value)).toEqual(['bill for CELL2']);
    expect((await query('rzone')).json<{ messages: unknown[] }>().messages).toEqual([]);
  });

  it('group list --ns shows the unit\'s groups by logical name; offset show and unit list use physical names', async () => {
    const groups = (await cli(['group', 'list', '--ns', ns, '--all-cells', '-o', 'json'])).json<Array<{ group: string; logicalName: string; cell: string }>>();
    expect(groups.map((g) => [g.logicalName, g.cell, g.group])).toEqual([['G1', 'CELL1', `${ns}.CELL1.G1`], ['G2', 'CELL1', `${ns}.CELL1.G2`]]);
    const shown = await cli(['offset', 'show', '-g', 'G1', '-t', 'T1', ...unit, '-o', 'json']);
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.json<{ group: string; partitions: Array<{ topic: string }> }>()).toMatchObject({ group: `${ns}.CELL1.G1`, logicalName: 'G1' });

    const units = (await cli(['unit', 'list', '--ns', ns, '-o', 'json'])).json<Array<{ ns: string; cells: Array<{ cell: string; topics: Array<{ name: string; partitions: number }>; groups: Array<{ name: string }> }> }>>();
    expect(units).toHaveLength(1);
    expect(units[0]!.cells.map((c) => [c.cell, c.topics.map((t) => `${t.name}:${t.partitions}`), c.groups.map((g) => g.name)])).toEqual([
      ['CELL1', ['T1:3'], ['G1', 'G2']],
      ['CELL2', ['T1:3'], []],
    ]);
    const topics = (await cli(['topic', 'list', '--ns', ns, '--all-cells', '-o', 'json'])).json<Array<{ name: string; cell: string; logicalName: string }>>();
    expect(topics.map((t) => [t.logicalName, t.cell, t.name])).toEqual([['T1', 'CELL1', t1('CELL1')], ['T1', 'CELL2', t1('CELL2')]]);
  });

  it('a context\'s default unit addresses commands without flags; env overrides it; --no-unit escapes it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sofakafka-ldc-'));
    const passwordFile = join(dir, 'pw');
    writeFileSync(passwordFile, sharedCluster().adminPassword, { mode: 0o600 });
    const env = clusterEnv({ SOFAKAFKA_CONFIG: join(dir, 'config.yaml') });
    const added = await cli(['context', 'add', 'cell1', '-b', sharedCluster().bootstrap, '--username', 'admin', '--sasl-mechanism', 'scram-sha-512', '--password-file', passwordFile, '--ns', ns, '--cell', 'CELL1'], { env });
    expect(added.code, added.stderr).toBe(0);

    expect((await cli(['msg', 'send', '-t', 'T1', 'from the context default'], { env })).code).toBe(0);
    expect((await cli(['msg', 'send', '-t', 'T1', 'from the env'], { env: { ...env, SOFAKAFKA_CELL: 'CELL2' } })).code).toBe(0);
    const cell1 = await readAll(t1('CELL1'), 2); // three partitions: no order between them
    expect(cell1.map((m) => [m.value, m.headers['__UNIT.ORIUNIT']]).sort()).toEqual([['bill for CELL2', 'CELL1'], ['from the context default', 'CELL1']]);
    const cell2 = await readAll(t1('CELL2'), 1);
    expect(cell2.map((m) => [m.value, m.headers['__UNIT.ORIUNIT']])).toEqual([['from the env', 'CELL2']]);

    const plain = (await cli(['topic', 'list', '--no-unit', '-o', 'json'], { env })).json<Array<{ name: string; cell?: string }>>();
    expect(plain.some((t) => t.name === '__consumer_offsets' || t.cell !== undefined)).toBe(false);
    expect(plain.map((t) => t.name)).toContain(t1('CELL2'));
    const scoped = (await cli(['topic', 'list', '-o', 'json'], { env })).json<Array<{ name: string }>>();
    expect(scoped.map((t) => t.name)).toEqual([t1('CELL1')]);
  });

  it('msg trace finds a message by its logical topic; topic delete --cells removes every cell\'s topic and nothing else', async () => {
    const [first] = (await cli(['msg', 'query', '-t', 'T1', ...unit, '-o', 'json'])).json<{ messages: Array<{ headers: Record<string, string> }> }>().messages;
    const traced = await cli(['msg', 'trace', '-t', 'T1', ...unit, '--msg-id', first!.headers['sofakafka.msg.id']!, '-o', 'json']);
    expect(traced.code, traced.stderr).toBe(0);
    expect(traced.json<{ stored: { topic: string } }>().stored.topic).toBe(t1('CELL1'));

    const others = (await ask((admin) => admin.listTopics())).filter((t) => !t.startsWith(`${ns}.`)).sort();
    const deleted = await cli(['topic', 'delete', 'T1', '--ns', ns, '--cells', 'CELL1,CELL2', '--yes', '-o', 'json']);
    expect(deleted.code, deleted.stderr).toBe(0);
    for (let i = 0; i < 50 && (await ask((admin) => admin.listTopics())).some((t) => t.startsWith(`${ns}.`)); i++) await new Promise((resolve) => setTimeout(resolve, 200));
    const after = await ask((admin) => admin.listTopics());
    expect(after.filter((t) => t.startsWith(`${ns}.`))).toEqual([]);
    expect(after.filter((t) => !t.startsWith(`${ns}.`)).sort()).toEqual(expect.arrayContaining(others));
  });
});

describe('LDC units: bad input is one line, exit 2, and the cluster unchanged', () => {
  const ns = uniqueName('BAD');
  const snapshot = async () => {
    const [topics, groups] = await ask((admin) => Promise.all([admin.listTopics(), admin.listGroups()]));
    return { topics: topics.sort(), groups: groups.groups.map((g) => g.groupId).sort() };
  };

  it.each([
    [['topic', 'create', 'T1', '--ns', 'A.NT', '--cell', 'CELL1'], 'namespace "A.NT" is not a valid namespace'],
    [['topic', 'create', 'T1', '--ns', '@NS', '--cells', 'CELL1,CELL_2'], 'cell "CELL_2" is not a valid cell'],
    [['topic', 'create', 'T1', '--cell', 'CELL1'], '--cell CELL1 needs a namespace'],
    [['topic', 'create', 'T1', '--ns', '@NS'], '--ns @NS needs a cell'],
    [['topic', 'create', 'T1', '--ns', ''], 'an empty --ns is not a unit'],
    [['topic', 'create', 'T1', '--no-unit', '--ns', '@NS'], '--no-unit cannot be combined'],
    [['msg', 'send', '-t', 'T1', '--target-r', 'CELL2', 'v'], '--target-r stamps a unit header'],
    [['msg', 'send', '-t', 'T1', '--ns', '@NS', '--cell', 'CELL1', '--target-g', 'bad.cell', 'v'], 'cell "bad.cell" is not a valid cell'],
    [['msg', 'consume', '-t', 'T1', '-g', 'G1', '--subscription', 'local', '--from', 'beginning'], '--subscription local filters on the consuming cell'],
    [['msg', 'query', '-t', 'T1', '--subscription', 'rzone'], '--subscription rzone filters on the consuming cell'],
    [['topic', 'delete', 'T1', '--ns', '@NS', '--cells', 'CELL1,bad_cell', '--yes'], 'cell "bad_cell" is not a valid cell'],
    [['group', 'delete', 'G1', '--cell', 'CELL1', '--yes'], '--cell CELL1 needs a namespace'],
    [['offset', 'reset', '-g', 'G1', '-t', 'T1', '--ns', '@NS', '--to-earliest', '--execute'], '--ns @NS needs a cell'],
    [['context', 'add', 'x', '-b', '127.0.0.1:1', '--ns', 'A_B'], 'namespace "A_B" is not a valid namespace'],
  ])('%j', async (args, message) => {
    // The cells exist, so nothing but the refusal stands between the command and a change.
    await cli(['topic', 'create', 'T1', '--ns', ns, '--cells', 'CELL1,CELL2', '--if-not-exists']);
    const before = await snapshot();
    const argv = args.map((a) => a.replace('@NS', ns));
    const result = await cli(argv);
    expect(result.code, result.stderr).toBe(2);
    const lines = result.stderr.trim().split('\n');
    expect(lines[0]).toContain(`error: ${message.replace('@NS', ns)}`);
    expect(lines.filter((l) => !l.startsWith('hint:'))).toHaveLength(1);
    expect(await snapshot()).toEqual(before);
    expect(await endOffset(`${ns}.CELL1.T1`)).toBe(0);
  });
});

describe('LDC units: partition counts that differ between cells', () => {
  it('topic create --cells --if-not-exists warns about a cell whose topic has another count; unit describe shows it', async () => {
    const ns = uniqueName('UNEVEN');
    expect((await cli(['topic', 'create', 'T9', '--ns', ns, '--cell', 'CELL1', '-p', '2'])).code).toBe(0);
    const created = await cli(['topic', 'create', 'T9', '--ns', ns, '--cells', 'CELL1,CELL2', '-p', '4', '--if-not-exists', '-o', 'json']);
    expect(created.code, created.stderr).toBe(0);
    expect(created.stderr).toContain(`${ns}.CELL1.T9 already has 2 partitions, not 4`);
    const { topics } = await ask((admin) => admin.fetchTopicMetadata({ topics: [`${ns}.CELL1.T9`, `${ns}.CELL2.T9`] }));
    expect(topics.map((t) => [t.name, t.partitions.length]).sort()).toEqual([[`${ns}.CELL1.T9`, 2], [`${ns}.CELL2.T9`, 4]]);

    const described = await cli(['unit', 'describe', ns, '-o', 'json']);
    expect(described.code, described.stderr).toBe(0);
    expect(described.json<{ topics: Array<{ name: string; partitionsAgree: boolean }> }>().topics).toEqual([expect.objectContaining({ name: 'T9', partitionsAgree: false })]);
    expect(described.stderr).toContain('partition counts differ between cells');
  });
});
